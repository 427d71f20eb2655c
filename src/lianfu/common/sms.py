"""Text messages (one-time codes, later notifications) through one interface.

The backend is settings.LIANFU_SMS_BACKEND: "console" writes each message to
the log with the number masked and keeps it in ``outbox`` (development and the
tests read the code from there). A real provider is one more backend class."""
import logging
from dataclasses import dataclass

from django.conf import settings

from lianfu.common.masking import mask_phone

logger = logging.getLogger("lianfu.sms")


@dataclass(frozen=True)
class Message:
    phone: str
    text: str


outbox: list[Message] = []
OUTBOX_KEEP = 1000


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)
        outbox.append(Message(phone, text))
        del outbox[:-OUTBOX_KEEP]


BACKENDS = {"console": ConsoleBackend}


def send_sms(phone: str, text: str) -> None:
    backend = BACKENDS.get(settings.LIANFU_SMS_BACKEND)
    if backend is None:
        raise RuntimeError(f"LIANFU_SMS_BACKEND={settings.LIANFU_SMS_BACKEND!r} is not one of {sorted(BACKENDS)}")
    backend().send(phone, text)
