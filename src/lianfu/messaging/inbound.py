"""Messages sent to our DingTalk robots (@ the robot in a group), as DingTalk
documents its robot callbacks: an HTTPS POST of JSON with two headers,
``timestamp`` (milliseconds) and ``sign``, the Base64 of HMAC-SHA256 keyed with
the robot's AppSecret over "<timestamp>\\n<AppSecret>" (channels/dingtalk.py
``signature``). A request is refused when its timestamp is more than an hour
from our clock or its sign differs.

DingTalk signs the timestamp, not the body: whoever captured one request could
send another body under the same signature within the hour. So each accepted
request's timestamp is stored once per robot (InboundMessage's constraints),
as is its msgId: a second request with either is a replay and is refused.

What the message becomes (a ticket, an account linked) is decided above this
layer (helpdesk/dingtalk.py); this module checks, records and links."""
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common.audit import log_activity
from lianfu.common.pii import keyed_hash
from lianfu.messaging.channels.dingtalk import signature
from lianfu.messaging.enums import RobotKind
from lianfu.messaging.models import DingTalkLink, InboundMessage, Robot

SIGNATURE_WINDOW = timedelta(hours=1)
MAX_BODY_BYTES = 64 * 1024
LINK_CODE_MINUTES = 10
# Wrong link codes one sender may try in an hour: a six-digit code is not guessed in five.
LINK_ATTEMPTS_PER_HOUR = 5
# "绑定 123456", "bind 123456", with or without the robot's @name around it.
_LINK = re.compile(r"^(?:绑定|bind)\s*[:：]?\s*([0-9]{6})$", re.IGNORECASE)
_MENTION = re.compile(r"@\S+")


class Refused(Exception):
    """The request is not DingTalk's, or not new: nothing is done with it."""


@dataclass(frozen=True)
class InboundText:
    msg_id: str
    text: str
    sender_key: str
    staff_id: str
    conversation_id: str


def accept_messages(*, actor, robot: Robot, callback_secret: str) -> Robot:
    """Let the group write to ``robot`` (DingTalk only), its callbacks signed with
    ``callback_secret`` (the robot's AppSecret); an empty secret stops it. Sealed, never logged."""
    callback_secret = callback_secret.strip()
    if robot.kind != RobotKind.DINGTALK and callback_secret:
        raise ValidationError(_("Only DingTalk robots take messages from their group."))
    robot.set_callback_secret(callback_secret)
    with transaction.atomic():
        robot.save(update_fields=["sealed", "takes_messages"])
        log_activity(actor=actor, action="robot.messages_accepted" if callback_secret else "robot.messages_stopped",
                     subject=robot, division_code=robot.division_id, name=robot.name)
    return robot


def check_signature(robot: Robot, timestamp: str, sign: str, now: datetime) -> int:
    """The request's timestamp (ms) when its signature is the robot's and fresh; else Refused."""
    secret = robot.callback_secret
    if not robot.active or not robot.takes_messages or not secret:
        raise Refused("the robot takes no messages")
    if not timestamp.isdigit() or len(timestamp) > 15:
        raise Refused("no timestamp")
    signed_at = int(timestamp)
    if abs(now.timestamp() * 1000 - signed_at) > SIGNATURE_WINDOW.total_seconds() * 1000:
        raise Refused("stale timestamp")
    if not hmac.compare_digest(signature(timestamp, secret).encode(), (sign or "").encode()):
        raise Refused("bad signature")
    return signed_at


def parse(body: bytes) -> InboundText:
    """The text message in a callback's body (Refused when it is not one)."""
    if len(body) > MAX_BODY_BYTES:
        raise Refused("body too large")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused("body is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("msgId"), str) or not data["msgId"]:
        raise Refused("no msgId")
    content = data.get("text", {}).get("content") if isinstance(data.get("text"), dict) else None
    staff, corp, sender = (str(data.get(name) or "") for name in ("senderStaffId", "senderCorpId", "senderId"))
    if not (staff or sender):
        raise Refused("no sender")
    return InboundText(msg_id=data["msgId"][:100], text=_MENTION.sub("", content or "").strip(),
                       sender_key=(f"{corp}:{staff}" if staff else f"id:{sender}")[:200], staff_id=staff[:100],
                       conversation_id=str(data.get("conversationId") or "")[:200])


def receive(robot: Robot, message: InboundText, signed_at: int, now: datetime) -> InboundMessage:
    """Record the message once; Refused when its msgId or signed timestamp was seen before."""
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(robot=robot, msg_id=message.msg_id, signed_at=signed_at,
                                                 sender_key=message.sender_key, received_at=now,
                                                 conversation_id=message.conversation_id)
    except IntegrityError:
        raise Refused("replayed") from None


def settle(inbound: InboundMessage, outcome: str, *, user=None, reason: str = "",
           ticket_number: int | None = None) -> None:
    inbound.outcome, inbound.user, inbound.reason, inbound.ticket_number = outcome, user, reason[:300], ticket_number
    inbound.save(update_fields=["outcome", "user", "reason", "ticket_number"])


# --- linking a user's DingTalk account ---------------------------------------------

def _code_digest(code: str) -> str:
    return keyed_hash(f"dingtalk-link\x1f{code}")


def issue_link_code(user, now: datetime | None = None) -> str:
    """A fresh six-digit code for ``user`` to send to a robot (the previous one stops working)."""
    now = now or timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    DingTalkLink.objects.update_or_create(user=user, defaults={
        "code_digest": _code_digest(code), "code_expires_at": now + timedelta(minutes=LINK_CODE_MINUTES)})
    return code


def link_code_in(text: str) -> str | None:
    match = _LINK.match(text.strip())
    return match.group(1) if match else None


def link(sender_key: str, code: str, now: datetime):
    """Link the account ``sender_key`` to the user whose unexpired code this is;
    the user, or None (wrong, expired or too many tries: the caller says which)."""
    with scopes_disabled(), transaction.atomic():
        pending = (DingTalkLink.objects.select_for_update().select_related("user")
                   .filter(code_digest=_code_digest(code), code_expires_at__gt=now, user__is_active=True).first())
        if pending is None:
            return None
        # The account was someone else's: it is now this user's (one account, one user).
        DingTalkLink.objects.filter(sender_key=sender_key).exclude(pk=pending.pk).update(sender_key=None,
                                                                                         linked_at=None)
        pending.sender_key, pending.linked_at, pending.code_digest, pending.code_expires_at = sender_key, now, "", None
        pending.save(update_fields=["sender_key", "linked_at", "code_digest", "code_expires_at"])
        return pending.user


def too_many_link_tries(sender_key: str, now: datetime) -> bool:
    return InboundMessage.objects.filter(
        sender_key=sender_key, outcome=InboundMessage.Outcome.LINK_REFUSED,
        received_at__gt=now - timedelta(hours=1)).count() >= LINK_ATTEMPTS_PER_HOUR


def linked_user(sender_key: str):
    """The active user linked to this DingTalk account, or None."""
    with scopes_disabled():
        found = (DingTalkLink.objects.select_related("user", "user__enterprise")
                 .filter(sender_key=sender_key, user__is_active=True).first())
    return found.user if found else None


def unlink(*, actor, user) -> bool:
    """Forget ``user``'s DingTalk account (what it says is then theirs no more)."""
    with transaction.atomic():
        done = bool(DingTalkLink.objects.filter(user=user).exclude(sender_key=None)
                    .update(sender_key=None, linked_at=None))
        if done:
            log_activity(actor=actor, action="messaging.dingtalk_unlinked", subject=user)
    return done


# --- answers ------------------------------------------------------------------------

def text_reply(content: str, staff_id: str = "") -> dict:
    """A reply in the callback's HTTP answer, which DingTalk posts into the group
    (@ the sender when DingTalk told us their staff id)."""
    reply = {"msgtype": "text", "text": {"content": content}}
    if staff_id:
        reply["at"] = {"atUserIds": [staff_id], "isAtAll": False}
    return reply
