"""Every four-sync state change is one function here: keyword-only ``actor``,
atomic, permission-checked, one ActivityLog row, the stage re-derived,
notifications sent on commit. Views and API endpoints only call these."""
from lianfu.restart.domain.filings import (
    approve_filing,
    confirm_member_filing,
    file_alone,
    resubmit_filing,
    return_filing,
    submit_package,
)
from lianfu.restart.domain.prevention import inspect, self_check
from lianfu.restart.domain.restarts import confirm_restart, grant_override
from lianfu.restart.domain.surveys import record_survey

__all__ = ["approve_filing", "confirm_member_filing", "confirm_restart", "file_alone", "grant_override",
           "inspect", "record_survey", "resubmit_filing", "return_filing", "self_check", "submit_package"]
