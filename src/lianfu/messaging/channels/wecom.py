"""WeCom (企业微信) group robots, as WeCom documents them.

POST JSON to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… — the key
in the URL is the robot's only credential (WeCom documents no signing for group
robots). A markdown message is {"msgtype": "markdown", "markdown": {"content":
…}}, the content at most 4096 bytes of UTF-8. The answer is JSON whose
``errcode`` is 0 on success; 45009 is the frequency limit (20 messages a
minute per robot)."""
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings

from lianfu.messaging.channels.base import OutboundMessage
from lianfu.messaging.channels.webhook import check_base, check_errcode, post_json
from lianfu.messaging.enums import Channel
from lianfu.messaging.markdown import with_link_within

MAX_CONTENT_BYTES = 4096
RATE_LIMITED = {45009}
# The webhook is not a robot's (a wrong or deleted key), or the message is
# malformed: the same request can never succeed. Other codes are retried.
PERMANENT = {93000, 40008, 40058}


def payload(message: OutboundMessage) -> dict:
    return {"msgtype": "markdown",
            "markdown": {"content": with_link_within(message.body, message.link, MAX_CONTENT_BYTES)}}


def check_answer(status: int, answer: dict | None, host: str) -> None:
    # 45009: over the robot's 20 a minute; the window has passed a minute later.
    check_errcode(status, answer, host, platform="WeCom", permanent=PERMANENT, throttled=RATE_LIMITED,
                  pause=timedelta(minutes=1))


class WeComRobot:
    name = Channel.WECOM.value
    dedupes_by_key = False
    per_minute_limit = 20

    def send(self, message: OutboundMessage) -> None:
        check_base(message.address, settings.LIANFU_WECOM_WEBHOOK_BASE)
        status, answer = post_json(message.address, payload(message))
        check_answer(status, answer, urlsplit(message.address).hostname)


BACKEND = WeComRobot()
