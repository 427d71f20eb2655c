"""同步防控: the enterprise's self-check and the town's inspection."""
from django.db import transaction
from django.utils.translation import gettext as _

from lianfu.common.notifications import enterprise_users, notify_on_commit
from lianfu.restart.checklists import checklist_codes
from lianfu.restart.domain._base import audit, require, step
from lianfu.restart.enums import CheckKind
from lianfu.restart.errors import PASS_NEEDS_EVERY_MEASURE, NotAllowed
from lianfu.restart.models import PreventionCheck
from lianfu.restart.stages import refresh_stage


def _clean_results(enterprise, results: dict) -> dict:
    codes = checklist_codes(enterprise)
    unknown = set(results) - set(codes)
    if unknown:
        raise NotAllowed(_("Not on the checklist: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    return {code: bool(results.get(code)) for code in codes}


@step
def self_check(*, actor, enterprise, results: dict) -> PreventionCheck:
    require(actor, "restart.self_check", enterprise)
    with transaction.atomic():
        check = PreventionCheck.objects.create(enterprise=enterprise, kind=CheckKind.SELF,
                                               results=_clean_results(enterprise, results), checked_by=actor)
        audit(actor, "prevention.self_checked", check, enterprise, done=sum(check.results.values()))
    return check


def _check_pass(results: dict) -> None:
    """A pass needs every measure of the checklist in place (the database
    refuses it too: constraint inspection_pass_has_every_measure)."""
    if not results:
        raise NotAllowed(_("The checklist has no measure in use: an inspection cannot pass until the county "
                           "puts its measures back in use."))
    if not all(results.values()):
        raise NotAllowed(PASS_NEEDS_EVERY_MEASURE)


@step
def inspect(*, actor, enterprise, results: dict, passed: bool, remarks: str = "") -> PreventionCheck:
    """The town officer's verdict. A pass needs every measure in place; a fail
    needs remarks: what must be put right."""
    require(actor, "restart.inspect", enterprise)
    remarks = (remarks or "").strip()
    if not passed and not remarks:
        raise NotAllowed(_("Write what must be put right when the inspection does not pass."))
    with transaction.atomic():
        results = _clean_results(enterprise, results)
        if passed:
            _check_pass(results)
        check = PreventionCheck.objects.create(enterprise=enterprise, kind=CheckKind.INSPECTION, results=results,
                                               passed=passed, remarks=remarks[:500], checked_by=actor)
        stage = refresh_stage(enterprise.pk)
        audit(actor, "prevention.inspected", check, enterprise, passed=passed, stage=stage)
        notify_on_commit(enterprise_users(enterprise.pk), "inspection.passed" if passed else "inspection.failed",
                         remarks=remarks[:500])
    return check
