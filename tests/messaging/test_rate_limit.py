"""A robot takes 20 messages a minute: a burst is spread over the minutes, never
dropped, and the limit holds with two workers sending at once."""
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from lianfu.messaging.delivery import enqueue, robot_target
from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.models import Delivery
from lianfu.messaging.rendering import Rendered
from lianfu.messaging.sending import send_due

MINUTE = timedelta(minutes=1)


def burst(robot, count, now):
    for number in range(1, count + 1):
        enqueue(key=f"burst:{number}", message=Rendered(f"消息 {number}", f"消息 {number}", ""),
                targets=[robot_target(robot)], now=now)


def test_a_burst_of_50_goes_out_20_a_minute_in_order(ding_robot, platform):
    start = timezone.now()
    burst(ding_robot, 50, start)
    assert send_due(now=start) == {"sent": 20, "deferred": 30}
    assert Delivery.objects.filter(state=DeliveryState.QUEUED, next_attempt_at=start + MINUTE,
                                   attempts=0).count() == 30
    assert send_due(now=start + MINUTE - timedelta(seconds=1)) == {}
    assert send_due(now=start + MINUTE) == {"sent": 20, "deferred": 10}
    assert send_due(now=start + 2 * MINUTE) == {"sent": 10}
    assert [m["title"] for m in platform.received] == [f"消息 {n}" for n in range(1, 51)]
    assert platform.refused == []          # the platform never had to refuse one
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


def test_the_window_slides_with_each_send(ding_robot, platform):
    """10 sent at 0:00 and 10 at 0:30: the 21st waits for 1:00, the 31st for 1:30."""
    start = timezone.now()
    burst(ding_robot, 10, start)
    assert send_due(now=start) == {"sent": 10}
    for number in range(11, 32):
        enqueue(key=f"later:{number}", message=Rendered(f"消息 {number}", "x", ""),
                targets=[robot_target(ding_robot)], now=start + MINUTE / 2)
    assert send_due(now=start + MINUTE / 2) == {"sent": 10, "deferred": 11}
    assert send_due(now=start + MINUTE) == {"sent": 10, "deferred": 1}
    assert Delivery.objects.get(state=DeliveryState.QUEUED).next_attempt_at == start + MINUTE * 3 / 2
    assert send_due(now=start + MINUTE * 3 / 2) == {"sent": 1}
    assert len(platform.received) == 31 and platform.refused == []


def test_each_robot_has_its_own_minute(ding_robot, wecom_robot, platform):
    start = timezone.now()
    burst(ding_robot, 25, start)
    for number in range(25):
        enqueue(key=f"wecom:{number}", message=Rendered("t", f"企微 {number}", ""),
                targets=[robot_target(wecom_robot)], now=start)
    assert send_due(now=start) == {"sent": 40, "deferred": 10}


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_keep_the_limit_and_send_each_message_once(ding_robot, platform, tasks_wait):
    start = timezone.now()
    burst(ding_robot, 30, start)
    barrier, results = threading.Barrier(2), []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(send_due(now=start))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(r["sent"] for r in results) == 20
    titles = [m["title"] for m in platform.received]
    assert len(titles) == len(set(titles)) == 20
    assert platform.refused == []
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 20
    assert Delivery.objects.filter(state=DeliveryState.QUEUED, next_attempt_at=start + MINUTE).count() == 10
