"""The workflow errors live in common/errors.py (the helpdesk raises them too)."""
from lianfu.common.errors import Conflict, NotAllowed, WorkflowError

__all__ = ["Conflict", "NotAllowed", "WorkflowError"]
