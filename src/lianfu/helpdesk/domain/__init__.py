"""Every change to helpdesk records goes through these functions."""
from lianfu.helpdesk.domain.corrections import record_correction
from lianfu.helpdesk.domain.dispatch import dispatch_ticket, merge_ticket
from lianfu.helpdesk.domain.feedback import rate_ticket, reopen_ticket
from lianfu.helpdesk.domain.routes import set_category_route
from lianfu.helpdesk.domain.submit import submit_ticket
from lianfu.helpdesk.domain.supplement import supplement_ticket
from lianfu.helpdesk.domain.sweep import sweep
from lianfu.helpdesk.domain.work import (
    accept_ticket,
    decide_extension,
    request_extension,
    resolve_ticket,
    return_ticket,
)

__all__ = [
    "accept_ticket", "decide_extension", "dispatch_ticket", "merge_ticket", "rate_ticket", "record_correction",
    "reopen_ticket", "request_extension", "resolve_ticket", "return_ticket", "set_category_route", "submit_ticket",
    "supplement_ticket", "sweep",
]
