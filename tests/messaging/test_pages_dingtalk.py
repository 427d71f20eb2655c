"""DingTalk on lianfu's pages: an enterprise user gets a link code on their
settings page, sends it to the robot (the real callback, signed as DingTalk
signs it) and the page then says the account is linked, until they unlink it;
a county officer lets a robot take messages with its AppSecret and the page
shows DingTalk's message address. Officials do not link; another county's
officer gets 404 for our robot, a town officer 403."""
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.models import ActivityLog
from lianfu.messaging.models import DingTalkLink, Robot
from tests.messaging.conftest import ding_robot, platform, wecom_robot  # noqa: F401 (fixtures)
from tests.messaging.pages import in_english, yuyao_officer  # noqa: F401 (fixtures)
from tests.messaging.servers import dingtalk_sign

pytestmark = pytest.mark.django_db
SETTINGS = reverse("messaging:settings")
APP_SECRET = "app-secret-of-the-lianfu-robot"


def take_messages(client, robot, secret=APP_SECRET):
    return client.post(reverse("messaging:robot_messages", args=[robot.pk]), {"callback_secret": secret})


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_county_officer_lets_a_robot_take_messages_and_sees_its_address(ding_robot, personas, in_english,
                                                                          settings):
    settings.LIANFU_SITE_URL = "https://lianfu.cixi.example"
    county = in_english(personas["county"])
    answer = take_messages(county, ding_robot)
    assert (answer.status_code, flash(answer)) == (302, ["浒山街道复工群 now takes messages from its group."])
    with scopes_disabled():
        robot = Robot.objects.get(pk=ding_robot.pk)
    assert (robot.takes_messages, robot.callback_secret, robot.secret) == (True, APP_SECRET, ding_robot.secret)
    page = county.get(reverse("messaging:channels")).content.decode()
    assert (f'<code class="callback-url">https://lianfu.cixi.example/helpdesk/dingtalk/{robot.pk}/</code>'
            in page)
    assert APP_SECRET not in page
    assert ActivityLog.objects.filter(action="robot.messages_accepted", actor=personas["county"]).count() == 1
    take_messages(county, robot, secret="")
    with scopes_disabled():
        assert Robot.objects.get(pk=robot.pk).takes_messages is False
    assert ActivityLog.objects.filter(action="robot.messages_stopped").count() == 1


def test_only_dingtalk_robots_take_messages_and_only_the_countys_officers_say_so(
        ding_robot, wecom_robot, personas, in_english, yuyao_officer):
    answer = take_messages(in_english(personas["county"]), wecom_robot)
    assert flash(answer) == ["Only DingTalk robots take messages from their group."]
    assert take_messages(in_english(yuyao_officer), ding_robot).status_code == 404
    assert take_messages(in_english(personas["town_a"]), ding_robot).status_code == 403
    assert take_messages(in_english(personas["firm_x"]), ding_robot).status_code == 403
    with scopes_disabled():
        assert not Robot.objects.filter(takes_messages=True).exists()


def test_an_enterprise_user_links_their_account_through_the_robot_and_unlinks_it(ding_robot, personas, client,
                                                                                  in_english):
    take_messages(in_english(personas["county"]), ding_robot)
    firm = in_english(personas["firm_x"])
    assert 'id="dingtalk-not-linked"' in firm.get(SETTINGS).content.decode()
    [told] = flash(firm.post(reverse("messaging:dingtalk_code")))
    code = re.search(r"“绑定 (\d{6})”", told).group(1)
    assert told == (f"Within 10 minutes, send “绑定 {code}” to the lianfu robot in your town's DingTalk group "
                    "(@ the robot).")
    timestamp = str(int(timezone.now().timestamp() * 1000))
    said = client.post(reverse("helpdesk:dingtalk_callback", args=[ding_robot.pk]),
                       data=json.dumps({"msgtype": "text", "text": {"content": f"@链复 绑定 {code}"}, "msgId": "m1",
                                        "senderStaffId": "staff-0042", "senderCorpId": "ding-corp-cixi"}),
                       content_type="application/json", HTTP_TIMESTAMP=timestamp,
                       HTTP_SIGN=dingtalk_sign(timestamp, APP_SECRET))
    assert said.status_code == 200
    page = firm.get(SETTINGS).content.decode()
    assert 'id="dingtalk-linked"' in page and 'id="dingtalk-unlink"' in page
    assert flash(firm.post(reverse("messaging:dingtalk_unlink"))) == ["Your DingTalk account is no longer linked."]
    assert DingTalkLink.objects.get(user=personas["firm_x"]).sender_key is None
    assert ActivityLog.objects.filter(action="messaging.dingtalk_unlinked", actor=personas["firm_x"]).count() == 1


def test_officials_have_no_dingtalk_link(personas, in_english):
    for role in ("county", "town_a", "admin"):
        officer = in_english(personas[role])
        assert 'id="dingtalk-link"' not in officer.get(SETTINGS).content.decode()
        assert officer.post(reverse("messaging:dingtalk_code")).status_code == 403
    assert not DingTalkLink.objects.exists()
