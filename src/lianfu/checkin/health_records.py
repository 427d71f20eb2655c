"""Health statuses set by officials: one proposes with a reason, another
approves (the four-eyes rule, also a database constraint), and only then does
the status decide scans. Each step is audited; ID numbers are kept hashed and
masked only, as on worker records."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.checkin.enums import RecordState
from lianfu.checkin.health import HealthStatus
from lianfu.checkin.models import HealthRecord
from lianfu.common import pii
from lianfu.common.audit import log_activity
from lianfu.common.importing import RowError
from lianfu.common.masking import mask_id_number
from lianfu.workforce.identity import parse_id_number


def _county_of(actor) -> str:
    department = getattr(actor, "department", None)
    return department.county_id if department is not None else ""


def propose(*, actor, id_number: str, status: HealthStatus, reason: str) -> HealthRecord:
    if not actor.has_perm("checkin.set_health_status"):
        raise PermissionDenied
    try:
        number = parse_id_number(id_number)
    except RowError as error:
        raise ValidationError({"id_number": error.reason}) from None
    if status not in (HealthStatus.GREEN, HealthStatus.YELLOW, HealthStatus.RED):
        raise ValidationError({"status": _("Green, yellow or red.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why (a test result, a close contact, the end of observation).")})
    county = _county_of(actor)
    if not county:
        raise PermissionDenied
    with transaction.atomic():
        record = HealthRecord.objects.create(id_hash=pii.keyed_hash(number), id_masked=mask_id_number(number),
                                             county_id=county, status=status, reason=reason.strip()[:200],
                                             proposed_by=actor)
        log_activity(actor=actor, action="checkin.health_proposed", subject=record, division_code=county,
                     status=str(status), id=record.id_masked)
    return record


def decide(*, actor, record: HealthRecord, approve: bool) -> None:
    if not actor.has_perm("checkin.set_health_status"):
        raise PermissionDenied
    if record.proposed_by_id == actor.pk:
        raise ValidationError(_("A second official decides: not the one who proposed it."))
    with transaction.atomic():
        updated = HealthRecord.objects.filter(pk=record.pk, state=RecordState.PROPOSED).update(
            state=RecordState.APPROVED if approve else RecordState.REJECTED, decided_by=actor,
            decided_at=timezone.now())
        if updated != 1:
            raise ValidationError(_("Someone decided on this record already."))
        record.refresh_from_db()
        log_activity(actor=actor, action="checkin.health_approved" if approve else "checkin.health_rejected",
                     subject=record, division_code=record.county_id, status=record.status, id=record.id_masked)
