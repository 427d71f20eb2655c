"""Text messages through lianfu's one SMS interface (common/sms.py): its
backend (LIANFU_SMS_BACKEND) decides the provider. A text carries no key a
provider would dedupe by, so an unknown outcome is never sent again."""
from lianfu.common.sms import send_sms
from lianfu.messaging.channels.base import OutboundMessage, PermanentFailure, TemporaryFailure, UnknownOutcome
from lianfu.messaging.enums import Channel
from lianfu.messaging.markdown import OPEN_IN_LIANFU


def text_of(message: OutboundMessage) -> str:
    return f"{message.body} {OPEN_IN_LIANFU}: {message.link}" if message.link else message.body


class SmsChannel:
    name = Channel.SMS.value
    dedupes_by_key = False
    per_minute_limit = None

    def send(self, message: OutboundMessage) -> None:
        try:
            send_sms(message.address, text_of(message))
        except RuntimeError as error:  # the backend is not configured
            raise PermanentFailure(str(error)) from None
        except ConnectionRefusedError:
            raise TemporaryFailure("the SMS provider refused the connection") from None
        except OSError as error:
            raise UnknownOutcome(f"no answer from the SMS provider: {type(error).__name__}") from None


BACKEND = SmsChannel()
