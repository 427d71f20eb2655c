"""Writing ActivityLog rows: the one way business events are recorded."""
from django.db import models

from lianfu.common.models import ActivityLog


def log_activity(*, actor, action: str, subject: models.Model, division_code: str = "", **data) -> ActivityLog:
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        division_code=division_code,
        data=data,
    )
