"""DingTalk custom group robots (自定义机器人), as DingTalk documents them.

POST JSON to the robot's webhook (https://oapi.dingtalk.com/robot/send?
access_token=…). A robot secured by signing (加签) takes two more query
parameters: ``timestamp``, the sending time in milliseconds, within an hour of
DingTalk's clock, and ``sign``: HMAC-SHA256 keyed with the secret over
"<timestamp>\\n<secret>", Base64, then URL-encoded. The answer is JSON whose
``errcode`` is 0 on success. A robot takes 20 messages a minute; past that
DingTalk answers 130101 and throttles it for ten minutes."""
import base64
import hashlib
import hmac
import time
from datetime import timedelta
from urllib.parse import quote_plus, urlsplit

from django.conf import settings

from lianfu.messaging.channels.base import OutboundMessage
from lianfu.messaging.channels.webhook import check_base, check_errcode, post_json
from lianfu.messaging.enums import Channel
from lianfu.messaging.markdown import with_link

RATE_LIMITED = {130101, 410100}
THROTTLE_PAUSE = timedelta(minutes=10)
# The robot or its token is gone, or the message is of a kind it never takes:
# sending the same again cannot help. Every other code is retried (310000, the
# security settings not met — a wrong secret, a clock an hour off, a keyword —
# is put right by whoever keeps the robot, and a retry then goes through).
PERMANENT = {300001, 400101, 400102, 400105, 400106, 430101, 430102, 430103, 430104}


def signature(timestamp_ms: int | str, secret: str) -> str:
    """Base64 of HMAC-SHA256 keyed with ``secret`` over "<timestamp>\\n<secret>":
    DingTalk's rule both ways (our sends, its callbacks to us)."""
    string_to_sign = f"{timestamp_ms}\n{secret}"
    return base64.b64encode(hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).digest()).decode()


def sign(timestamp_ms: int, secret: str) -> str:
    return quote_plus(signature(timestamp_ms, secret))


def signed_url(webhook: str, secret: str, timestamp_ms: int) -> str:
    if not secret:
        return webhook
    return f"{webhook}&timestamp={timestamp_ms}&sign={sign(timestamp_ms, secret)}"


def payload(message: OutboundMessage) -> dict:
    return {"msgtype": "markdown",
            "markdown": {"title": message.title, "text": with_link(message.body, message.link)}}


def check_answer(status: int, answer: dict | None, host: str) -> None:
    check_errcode(status, answer, host, platform="DingTalk", permanent=PERMANENT, throttled=RATE_LIMITED,
                  pause=THROTTLE_PAUSE)


class DingTalkRobot:
    name = Channel.DINGTALK.value
    dedupes_by_key = False
    per_minute_limit = 20

    def send(self, message: OutboundMessage) -> None:
        check_base(message.address, settings.LIANFU_DINGTALK_WEBHOOK_BASE)
        moment = message.now.timestamp() if message.now else time.time()
        url = signed_url(message.address, message.secret, int(moment * 1000))
        status, answer = post_json(url, payload(message))
        check_answer(status, answer, urlsplit(url).hostname)


BACKEND = DingTalkRobot()
