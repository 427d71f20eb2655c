"""E-mail through Django's mail (settings: LIANFU_EMAIL_* in settings.py).

The Message-ID is made of the delivery's idempotency key, so a copy sent again
after an unknown outcome carries the same Message-ID as the first and mail
stores and clients that drop duplicates by Message-ID show it once."""
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from lianfu.messaging.channels.base import OutboundMessage, PermanentFailure, TemporaryFailure, UnknownOutcome
from lianfu.messaging.enums import Channel
from lianfu.messaging.markdown import OPEN_IN_LIANFU


def message_id(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "lianfu.invalid"
    return f"<{key}@{domain}>"


def text_of(message: OutboundMessage) -> str:
    return f"{message.body}\n\n{OPEN_IN_LIANFU}: {message.link}\n" if message.link else f"{message.body}\n"


def _failure(error: smtplib.SMTPResponseException) -> Exception:
    reason = f"the mail server answered {error.smtp_code}"
    # 4xx is the server's "try again later", 5xx its "never".
    return TemporaryFailure(reason) if 400 <= error.smtp_code < 500 else PermanentFailure(reason)


class EmailChannel:
    name = Channel.EMAIL.value
    dedupes_by_key = True
    per_minute_limit = None

    def send(self, message: OutboundMessage) -> None:
        mail = EmailMessage(
            subject=message.title, body=text_of(message), from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            # RFC 3834: an automatic message; auto-responders leave it unanswered.
            headers={"Message-ID": message_id(message.key), "Auto-Submitted": "auto-generated"},
            connection=get_connection(fail_silently=False))
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as error:
            codes = sorted({code for code, _text in error.recipients.values()})
            refused = TemporaryFailure if all(400 <= c < 500 for c in codes) else PermanentFailure
            raise refused(f"the mail server refused the recipient ({', '.join(map(str, codes))})") from None
        except smtplib.SMTPResponseException as error:
            raise _failure(error) from None
        except smtplib.SMTPServerDisconnected:
            raise UnknownOutcome("the mail server closed the connection") from None
        except smtplib.SMTPException as error:
            raise TemporaryFailure(f"mail not sent: {type(error).__name__}") from None
        except OSError as error:
            raise TemporaryFailure(f"cannot reach the mail server: {type(error).__name__}") from None


BACKEND = EmailChannel()
