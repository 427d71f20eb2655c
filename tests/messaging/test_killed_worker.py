"""The exactly-once rule (messaging/delivery.py): a worker killed after its
message left but before it recorded so does not make the message arrive twice.

The worker is a real `lianfu messaging send --once` process on the test
database, killed (SIGKILL) while the server holds its answer; the server has
the message by then."""
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from lianfu.messaging.channels.email import message_id
from lianfu.messaging.claiming import RESENT_WITH_SAME_KEY, UNKNOWN_OUTCOME, settle_stale
from lianfu.messaging.delivery import email_to_address, enqueue, robot_target
from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.rendering import Rendered
from lianfu.messaging.sending import send_due
from tests.messaging.worker_process import LIANFU, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tasks_wait")]

MESSAGE = Rendered(title="诉求 #42 已超过办理时限。", body="诉求 #42 已超过办理时限。", link="")
WAIT_SECONDS = 120


def kill_worker_mid_send(hold, env) -> None:
    """Start a worker, wait until the server has its message, kill it, then let
    the server answer (to nobody)."""
    hold.armed = True
    worker = subprocess.Popen([*LIANFU, "messaging", "send", "--once"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not hold.arrived.wait(0.1) and worker.poll() is None and time.monotonic() < deadline:
            pass
        assert hold.arrived.is_set(), "the worker never reached the server: " + (
            worker.stderr.read().decode() if worker.poll() is not None else "(still running)")
    finally:
        worker.kill()
        worker.wait()
        worker.stderr.close()
        hold.release.set()


def test_a_robot_message_is_not_sent_again_after_its_worker_died(ding_robot, platform, smtp, settings,
                                                                  tmp_path):
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[robot_target(ding_robot)])
    kill_worker_mid_send(platform.hold, worker_env(settings, tmp_path))
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENDING, 1)
    assert len(platform.received) == 1

    # Before the stale time a live worker may still be waiting for its answer: left alone.
    assert send_due(now=delivery.claimed_at + timedelta(minutes=9)) == {}
    assert send_due(now=delivery.claimed_at + timedelta(minutes=11)) == {"stale_unknown": 1}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.next_attempt_at, delivery.last_error) == (
        DeliveryState.FAILED, None, UNKNOWN_OUTCOME)
    assert send_due(now=timezone.now() + timedelta(days=1)) == {}
    assert len(platform.received) == 1


def test_an_email_is_sent_again_with_the_same_message_id_after_its_worker_died(platform, smtp, settings,
                                                                                tmp_path):
    [delivery] = enqueue(key="k", message=MESSAGE, targets=[email_to_address("town-a@cixi.example")])
    kill_worker_mid_send(smtp.hold, worker_env(settings, tmp_path))
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, len(smtp.mails)) == (DeliveryState.SENDING, 1, 1)

    later = delivery.claimed_at + timedelta(minutes=11)
    assert settle_stale(later) == {"resent": 1, "unknown": 0, "dead": 0}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.next_attempt_at, delivery.last_error) == (
        DeliveryState.FAILED, later, RESENT_WITH_SAME_KEY)
    assert send_due(now=later) == {"sent": 1}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.SENT, 2, "")
    # Two copies went out, one message arrives: the receiver drops the copy by its Message-ID.
    assert [m.message["Message-ID"] for m in smtp.mails] == [message_id(delivery.idempotency_key)] * 2
    assert len({m.message["Message-ID"] for m in smtp.mails}) == 1
    assert send_due(now=timezone.now() + timedelta(days=1)) == {}
    assert len(smtp.mails) == 2

