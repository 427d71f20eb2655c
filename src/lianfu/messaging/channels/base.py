"""What every channel backend takes and what it raises.

A backend sends one rendered message to one address and returns, or raises a
ChannelError that says whether trying again may help (``retryable``) and
whether the message may have arrived all the same (UnknownOutcome: the request
left, no answer came back)."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol


@dataclass(frozen=True)
class OutboundMessage:
    key: str            # the delivery's idempotency key (e-mail makes its Message-ID of it)
    title: str          # plain text, one line
    body: str           # Markdown, personal data already masked
    link: str           # absolute URL into lianfu ("" for none)
    address: str        # e-mail address, phone number or robot webhook URL
    secret: str = ""    # a DingTalk robot's signing secret
    now: datetime | None = None  # the moment of sending (DingTalk signs it); None: the clock's


class ChannelError(Exception):
    retryable = True

    def __init__(self, reason: str, *, retry_after: timedelta | None = None):
        super().__init__(reason)
        self.reason = reason
        # The platform's own pause (DingTalk throttles a robot for ten minutes).
        self.retry_after = retry_after


class TemporaryFailure(ChannelError):
    """Not delivered; may succeed later (a timeout connecting, a rate limit, a 5xx)."""
    retryable = True


class PermanentFailure(ChannelError):
    """Not delivered, and the same message to the same address never will be."""
    retryable = False


class UnknownOutcome(ChannelError):
    """The request left but no answer came back: it may have arrived. Retried
    only by channels whose receivers drop a copy by its key (``dedupes_by_key``)."""
    retryable = True


class ChannelBackend(Protocol):
    name: str
    # Whether the receiving side recognises a re-sent copy by the message's key,
    # so that sending again after an unknown outcome shows one message.
    dedupes_by_key: bool
    # The platform's limit per robot and minute (None: no limit of ours to keep).
    per_minute_limit: int | None

    def send(self, message: OutboundMessage) -> None: ...
