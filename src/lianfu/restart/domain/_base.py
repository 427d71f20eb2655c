"""What every workflow step shares: the permission check, the audit row and
the version-checked update."""
from django.core.exceptions import PermissionDenied

from lianfu.common.audit import log_activity
from lianfu.common.workflow import step, update_versioned

__all__ = ["audit", "require", "step", "update_versioned"]


def require(actor, perm: str, enterprise) -> None:
    if not actor.has_perm(perm, enterprise):
        raise PermissionDenied(perm)


def audit(actor, action: str, subject, enterprise, **data) -> None:
    log_activity(actor=actor, action=action, subject=subject, division_code=enterprise.division_id or "",
                 enterprise=enterprise.uscc, **data)
