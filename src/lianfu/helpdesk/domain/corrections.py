"""Every change to helpdesk records goes through these functions."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.helpdesk.classifier import default as classifier
from lianfu.helpdesk.enums import Category
from lianfu.helpdesk.models import MAX_TEXT_LENGTH, ClassificationCorrection
from lianfu.helpdesk.tasks import retrain_classifier_task


def record_correction(*, actor, text: str, category: str) -> ClassificationCorrection:
    """Store a dispatcher's category for ``text``; the next training uses it.
    Once ``RETRAIN_AFTER`` corrections wait, committing this one enqueues the
    retraining: it runs in the background, never inside this transaction."""
    if not actor.has_perm("helpdesk.correct_classification"):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The text is empty.")})
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": _("The text has %(length)d characters; at most %(limit)d are accepted.")
                               % {"length": len(text), "limit": MAX_TEXT_LENGTH}})
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category “%(code)s”.") % {"code": category}})
    with transaction.atomic():
        correction = ClassificationCorrection.objects.create(text=text, category=category, corrected_by=actor)
        log_activity(actor=actor, action="helpdesk.classification_corrected", subject=correction,
                     division_code=getattr(actor, "division_id", None) or "", category=category)
        # Robust: the correction is stored whatever happens to the queue.
        transaction.on_commit(retrain_when_due, robust=True)
    return correction


def retrain_when_due() -> None:
    if classifier.retraining_due():
        retrain_classifier_task.enqueue()
