"""同步复工: confirming a restart, and the county's override."""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.notifications import enterprise_users, notify_on_commit
from lianfu.registry.stages import STAGE_ORDER, Stage
from lianfu.restart.domain._base import audit, require, step
from lianfu.restart.errors import NotAllowed
from lianfu.restart.models import RestartConfirmation, RestartOverride
from lianfu.restart.stages import derive_stage, refresh_stage


@step
def grant_override(*, actor, enterprise, reason: str) -> RestartOverride:
    """A county officer lets a firm restart before approval and inspection."""
    require(actor, "restart.grant_override", enterprise)
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(_("An override needs a reason: it is recorded in the audit trail."))
    with transaction.atomic():
        override, _created = RestartOverride.objects.update_or_create(
            enterprise=enterprise, defaults={"reason": reason[:500], "granted_by": actor})
        audit(actor, "restart.override_granted", override, enterprise, reason=reason[:500])
        notify_on_commit(enterprise_users(enterprise.pk), "restart.override", reason=reason[:500])
    return override


@step
def confirm_restart(*, actor, enterprise, restarted_on=None, capacity_pct: int) -> RestartConfirmation:
    """Allowed once the filing is approved and prevention passed, or under an override."""
    require(actor, "restart.confirm_restart", enterprise)
    if not 0 <= capacity_pct <= 100:
        raise NotAllowed(_("Capacity is a percentage between 0 and 100."))
    with transaction.atomic():
        stage = derive_stage(enterprise.pk)
        if stage == Stage.RESTARTED:
            raise NotAllowed(_("The restart is already confirmed."))
        overridden = RestartOverride.objects.filter(enterprise=enterprise).exists()
        if STAGE_ORDER[stage] < STAGE_ORDER[Stage.PREVENTION_PASSED] and not overridden:
            raise NotAllowed(_("A restart needs an approved filing and a passed prevention inspection "
                               "(now: %(stage)s).") % {"stage": stage.label})
        try:
            with transaction.atomic():
                confirmation = RestartConfirmation.objects.create(
                    enterprise=enterprise, restarted_on=restarted_on or timezone.localdate(),
                    capacity_pct=capacity_pct, confirmed_by=actor,
                    overridden=STAGE_ORDER[stage] < STAGE_ORDER[Stage.PREVENTION_PASSED])
        except IntegrityError:
            raise NotAllowed(_("The restart is already confirmed.")) from None
        refresh_stage(enterprise.pk)
        audit(actor, "restart.confirmed", confirmation, enterprise, capacity_pct=capacity_pct,
              overridden=confirmation.overridden)
    return confirmation
