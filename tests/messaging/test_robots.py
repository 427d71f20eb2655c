"""Group robots: sealed credentials, checked webhooks, logged in words, and the
groups that hear about a place."""
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_scopes import ScopeError, scope, scopes_disabled

from lianfu.common import activity_words
from lianfu.common.models import ActivityLog
from lianfu.messaging.enums import RobotKind
from lianfu.messaging.models import Robot
from lianfu.messaging.robots import add_robot, robots_over
from tests.messaging.conftest import COUNTY, DING_SECRET, DING_TOKEN, TOWN_A, TOWN_B, town


def test_a_robots_secret_and_token_are_stored_sealed(ding_robot, unscoped):
    stored = " ".join(map(str, Robot.objects.filter(pk=ding_robot.pk).values_list(
        "sealed", "webhook_masked", "name").get()))
    assert DING_SECRET not in stored and DING_TOKEN not in stored
    robot = Robot.objects.get(pk=ding_robot.pk)
    assert robot.secret == DING_SECRET
    assert robot.webhook_url.endswith(f"?access_token={DING_TOKEN}")
    assert robot.webhook_masked.endswith("/robot/send?access_token=***")


def test_robots_are_scoped_by_their_division(ding_robot):
    with scope(division=TOWN_A[:9]):
        assert list(Robot.objects.all()) == [ding_robot]
    with scope(division=TOWN_B[:9]):
        assert list(Robot.objects.all()) == []
    with pytest.raises(ScopeError):
        list(Robot.objects.all())


def test_adding_a_robot_is_logged_in_words_without_its_secret(ding_robot):
    entry = ActivityLog.objects.select_related("actor").get(action="robot.added")
    assert DING_SECRET not in str(entry.data) and DING_TOKEN not in str(entry.data)
    with translation.override("en"):
        sentence = activity_words.describe([entry])[0]
    assert sentence == f"p_county added the group robot 浒山街道复工群 for {town().name}"


def test_a_webhook_elsewhere_than_the_platforms_is_refused(settings, personas):
    with pytest.raises(ValidationError):
        add_robot(actor=personas["county"], kind=RobotKind.DINGTALK, name="x", division=town(),
                  webhook_url="http://10.0.0.1/robot/send?access_token=x", secret="s")
    with pytest.raises(ValidationError):
        add_robot(actor=personas["county"], kind=RobotKind.WECOM, name="x", division=town(),
                  webhook_url=settings.LIANFU_WECOM_WEBHOOK_BASE, secret="")
    with pytest.raises(ValidationError):
        add_robot(actor=personas["county"], kind=RobotKind.WECOM, name="x", division=town(),
                  webhook_url=f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key=k", secret="a secret WeCom has not")
    with scopes_disabled():
        assert Robot.objects.count() == 0


def test_a_towns_firms_are_heard_by_the_towns_group_and_the_countys(settings, personas):
    def robot(name, code, active=True):
        made = add_robot(actor=personas["county"], kind=RobotKind.WECOM, name=name, division=town(code),
                         webhook_url=f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key={name}")
        if not active:
            made.active = False
            made.save(update_fields=["active"])
        return made

    county, town_a = robot("county", COUNTY), robot("town-a", TOWN_A)
    robot("town-b", TOWN_B)
    robot("town-a-old", TOWN_A, active=False)
    assert robots_over("330282004000") == [county, town_a]
    with scopes_disabled():
        assert robots_over(TOWN_B[:9]) == [county, Robot.objects.get(name="town-b")]
