"""What every workflow step shares: the permission check, the audit row and
the version-checked update."""
from lianfu.common.audit import log_activity
from lianfu.common.workflow import require, step, update_versioned

__all__ = ["audit", "require", "step", "update_versioned"]


def audit(actor, action: str, subject, enterprise, **data) -> None:
    log_activity(actor=actor, action=action, subject=subject, division_code=enterprise.division_id or "",
                 enterprise=enterprise.uscc, **data)
