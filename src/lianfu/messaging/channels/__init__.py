"""The outbound channels behind one interface (base.ChannelBackend), one module
each; ``backend(name)`` finds one by its Channel value."""
from lianfu.messaging.channels.base import (
    ChannelBackend,
    ChannelError,
    OutboundMessage,
    PermanentFailure,
    TemporaryFailure,
    UnknownOutcome,
)

__all__ = ["ChannelBackend", "ChannelError", "OutboundMessage", "PermanentFailure", "TemporaryFailure",
           "UnknownOutcome", "backend", "register"]

_REGISTRY: dict[str, ChannelBackend] = {}


def register(channel: ChannelBackend) -> ChannelBackend:
    _REGISTRY[channel.name] = channel
    return channel


def backend(name: str) -> ChannelBackend:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise PermanentFailure(f"no channel {name!r}: one of {sorted(_REGISTRY)}") from None


# The built-in channels register themselves once this module's names exist.
from lianfu.messaging.channels import dingtalk, email, sms, wecom  # noqa: E402

for _module in (email, dingtalk, wecom, sms):
    register(_module.BACKEND)
