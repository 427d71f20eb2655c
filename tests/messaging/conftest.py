"""The loopback servers, lianfu pointed at them, and robots of 浒山街道's group."""
from datetime import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from lianfu.common.notifications import notify_on_commit
from lianfu.messaging.enums import RobotKind
from lianfu.messaging.robots import add_robot
from lianfu.registry.models import Division
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.messaging.servers import RobotServer, SmtpServer

DING_TOKEN = "d1n9t0k3n"
DING_SECRET = "SECdingtalk-group-of-town-a"
WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"


@pytest.fixture
def tasks_wait(settings):
    """Tasks are queued and left (django-tasks' dummy backend): the workers a test
    runs do the sending, not the task asked for when the change committed."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
        settings.DEFAULT_FROM_EMAIL = "lianfu@cixi.example"
        yield server.mailbox


@pytest.fixture
def platform(settings):
    with RobotServer() as server:
        settings.LIANFU_DINGTALK_WEBHOOK_BASE = f"{server.base}/robot/send"
        settings.LIANFU_WECOM_WEBHOOK_BASE = f"{server.base}/cgi-bin/webhook/send"
        server.platform.dingtalk[DING_TOKEN] = DING_SECRET
        server.platform.wecom.add(WECOM_KEY)
        yield server.platform


@pytest.fixture
def english(settings):
    """Messages out in English (the source texts) and links to a known site: exact to assert."""
    settings.LANGUAGE_CODE = "en"
    settings.LIANFU_SITE_URL = "https://lianfu.cixi.example"


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of February 2024 on the county's clock (Asia/Shanghai)."""
    return timezone.make_aware(datetime(2024, 2, day, hour, minute))


def with_email(user, address: str):
    user.email = address
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    """notify_on_commit as a sender calls it, in a transaction that commits: the
    Notification rows, the signal, the routing and (inline tasks) the sending."""
    def send(users, kind, url="", **params):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                notify_on_commit(users, kind, url, **params)

    return send


def town(code=TOWN_A) -> Division:
    return Division.objects.get(code=code)


@pytest.fixture
def ding_robot(settings, platform, personas):
    return add_robot(actor=personas["county"], kind=RobotKind.DINGTALK, name="浒山街道复工群", division=town(),
                     webhook_url=f"{settings.LIANFU_DINGTALK_WEBHOOK_BASE}?access_token={DING_TOKEN}",
                     secret=DING_SECRET)


@pytest.fixture
def wecom_robot(settings, platform, personas):
    return add_robot(actor=personas["county"], kind=RobotKind.WECOM, name="浒山街道企微群", division=town(),
                     webhook_url=f"{settings.LIANFU_WECOM_WEBHOOK_BASE}?key={WECOM_KEY}")


__all__ = ["COUNTY", "TOWN_A", "TOWN_B", "DING_TOKEN", "DING_SECRET", "WECOM_KEY", "town"]
