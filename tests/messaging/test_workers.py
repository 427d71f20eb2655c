"""What runs the sending: the task worker (`lianfu db_worker`) picks up the
tasks queued at commit and at each retry, and `lianfu messaging send --once`
drains what is due (cron)."""
import subprocess
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lianfu.messaging.delivery import enqueue, robot_target
from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.models import Delivery
from lianfu.messaging.rendering import Rendered
from lianfu.messaging.sending import send_one
from tests.messaging.worker_process import LIANFU, worker_env

MESSAGE = Rendered(title="诉求 #42 已超过办理时限。", body="诉求 #42 已超过办理时限。", link="")


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_sends_what_a_commit_queued(ding_robot, platform, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with transaction.atomic():
        [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)])
    [task] = DBTaskResult.objects.all()
    assert (task.task_path, task.args_kwargs["args"]) == ("lianfu.messaging.tasks.send_delivery_task",
                                                          [delivery.pk])
    assert platform.received == []
    worker = subprocess.run([*LIANFU, "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
                            env=worker_env(settings, tmp_path), capture_output=True, text=True, timeout=120)
    assert worker.returncode == 0, worker.stderr
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert [m["title"] for m in platform.received] == [MESSAGE.title]


def test_a_retry_is_queued_for_the_task_worker_at_its_time(ding_robot, platform, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    platform.dingtalk["d1n9t0k3n"] = "SECthe-platforms-own-secret"
    start = timezone.now()
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)], now=start)
    DBTaskResult.objects.all().delete()
    assert send_one(delivery.pk, now=start) == DeliveryState.FAILED
    [retry] = DBTaskResult.objects.all()
    assert (retry.task_path, retry.args_kwargs["args"], retry.run_after) == (
        "lianfu.messaging.tasks.send_delivery_task", [delivery.pk], start + timedelta(minutes=1))


def test_the_command_drains_what_is_due(ding_robot, wecom_robot, platform, tasks_wait):
    for robot in (ding_robot, wecom_robot):
        enqueue(key="k", message=MESSAGE, targets=[robot_target(robot)])
    out = StringIO()
    call_command("messaging", "send", "--once", stdout=out)
    assert out.getvalue() == ("messaging: 2 sent, 0 failed, 0 dead, 0 deferred, 0 stale_resent, 0 stale_unknown, "
                              "0 stale_dead\n")
    assert sorted(m["platform"] for m in platform.received) == ["dingtalk", "wecom"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
