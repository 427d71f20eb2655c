"""The daily digest: "what waits for you today". For each user who chose the
digest, their unread in-app notifications of one day's window, urgent ones left
out (they went out at once), in one message per channel.

The window of day D runs from the previous day's cut-off to D's
(settings.LIANFU_DIGEST_TIME, local): what comes after one digest is in the
next, so nothing falls between two digests and nothing is in two. The
idempotency key is the user and the date: a second run for the same day queues
nothing, however many notifications came since. `lianfu serve` runs it once the
day's cut-off has passed (so do `lianfu messaging digest` and the task
``send_digests_task``; a run before the cut-off sends what has come so far); a
run inside a user's quiet hours holds their digest to the end of them."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from lianfu.common.models import Notification
from lianfu.messaging.delivery import enqueue, idempotency_key
from lianfu.messaging.enums import DeliveryMode
from lianfu.messaging.models import Delivery
from lianfu.messaging.preferences import preferences_of
from lianfu.messaging.quiet_hours import send_at
from lianfu.messaging.rendering import Rendered, absolute_link, render
from lianfu.messaging.urgency import URGENT_KINDS

DIGEST_KIND = "digest"
# A text message or a robot-sized e-mail: past this many items, a count and the link.
MAX_ITEMS = 20


@dataclass(frozen=True)
class DigestRun:
    users: int     # users with a digest queued by this run
    queued: int    # deliveries queued by this run (one per user and channel)


def cut_off(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, settings.LIANFU_DIGEST_TIME))


def window(day: date) -> tuple[datetime, datetime]:
    """The digest of ``day`` holds what came in [start, end)."""
    return cut_off(day - timedelta(days=1)), cut_off(day)


def waiting_on(day: date) -> dict[object, list[Notification]]:
    """Each active user's unread notifications of ``day``'s window that are not urgent, oldest first."""
    start, end = window(day)
    rows = (Notification.objects.filter(created_at__gte=start, created_at__lt=end, read_at__isnull=True,
                                        user__is_active=True)
            .exclude(kind__in=sorted(URGENT_KINDS))
            .select_related("user", "user__enterprise", "user__department").order_by("created_at", "id"))
    by_user = defaultdict(list)
    for notification in rows:
        by_user[notification.user].append(notification)
    return by_user


def when_said(notification: Notification, day: date) -> str:
    """The time; the date too for what came the evening before."""
    local = timezone.localtime(notification.created_at)
    return f"{local:%H:%M}" if local.date() == day else f"{local:%m-%d %H:%M}"


def digest_message(day: date, notifications: list[Notification]) -> Rendered:
    """The digest's words, in settings.LANGUAGE_CODE like every message out."""
    count, when = len(notifications), day.isoformat()
    with translation.override(settings.LANGUAGE_CODE):
        title = ngettext("%(count)s item waits for you today (%(date)s)",
                         "%(count)s items wait for you today (%(date)s)", count) % {"count": count, "date": when}
        lines = [f"{number}. {when_said(n, day)} {render(n.kind, n.params).body}"
                 for number, n in enumerate(notifications[:MAX_ITEMS], start=1)]
        if count > MAX_ITEMS:
            lines.append(gettext("…and %(count)s more in lianfu.") % {"count": count - MAX_ITEMS})
        heading = gettext("What waits for you in lianfu today, %(date)s:") % {"date": when}
    return Rendered(title=title, body=heading + "\n\n" + "\n".join(lines),
                    link=absolute_link(reverse("notifications")))


def send_digests(day: date | None = None, *, now: datetime | None = None) -> DigestRun:
    """Queue the digest of ``day`` (default: today, local) for every user who
    chose it and has something waiting."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    waiting = waiting_on(day)
    preferences = preferences_of(waiting)
    users = queued = 0
    for user, notifications in waiting.items():
        chosen = preferences[user.pk]
        key = f"{DIGEST_KIND}:{user.pk}:{day.isoformat()}"
        targets = chosen.targets(user) if chosen.mode == DeliveryMode.DIGEST else []
        keys = {idempotency_key(key, target): target for target in targets}
        sent_before = set(Delivery.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
        new = [target for k, target in keys.items() if k not in sent_before]
        if not new:
            continue
        # One user at a time: a failure later in the run keeps the digests queued before it.
        with transaction.atomic():
            enqueue(key=key, message=digest_message(day, notifications), targets=new, kind=DIGEST_KIND, now=now,
                    send_at=send_at(now, chosen.quiet_start, chosen.quiet_end))
        users, queued = users + 1, queued + len(new)
    return DigestRun(users=users, queued=queued)
