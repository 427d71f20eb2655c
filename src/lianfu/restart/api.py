"""Four-sync endpoints: every workflow step, each calling one domain function.

Enterprises and filings are found through the scoped managers, so a record
outside the caller's reach is 404; the domain checks the caller's right (403,
PermissionDenied) and the record's state (422, NotAllowed; 409, Conflict) —
see the handlers in lianfu/api.py."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled
from ninja import Router, Status
from ninja.pagination import paginate

from lianfu.chains.models import ChainMember
from lianfu.common.api_errors import refusals
from lianfu.common.api_inputs import Id, Uscc
from lianfu.common.models import Notification
from lianfu.common.pagination import BoundedLimitOffsetPagination
from lianfu.registry.models import Enterprise
from lianfu.restart import domain
from lianfu.restart.api_schemas import (
    CheckOut,
    FilingIn,
    FilingOut,
    FilingSubmitIn,
    InspectionIn,
    NotificationOut,
    OverrideIn,
    OverrideOut,
    PackageIn,
    PackageOut,
    ProgressOut,
    RestartIn,
    RestartOut,
    ReturnIn,
    SelfCheckIn,
    SurveyIn,
    SurveyOut,
    VersionIn,
)
from lianfu.restart.errors import Conflict, NotAllowed
from lianfu.restart.models import Filing, Survey
from lianfu.restart.stages import latest_filing, latest_inspection, stage_of

router = Router(tags=["restart"])


def _enterprise(uscc: str) -> Enterprise:
    return get_object_or_404(Enterprise.objects.select_related("division"), uscc=uscc)


def _readable(request, uscc: str) -> Enterprise:
    enterprise = _enterprise(uscc)
    if not request.user.has_perm("restart.view_progress", enterprise):
        raise PermissionDenied
    return enterprise


def _filing(request, pk: int) -> Filing:
    filing = get_object_or_404(Filing.objects.select_related("enterprise", "enterprise__division"), pk=pk)
    if not request.user.has_perm("restart.view_progress", filing.enterprise):
        raise PermissionDenied
    return filing


def _fresh(filing: Filing, version: int) -> Filing:
    """A request made from a stale read is a conflict even when the state it
    saw has moved on as well: the caller must look again before acting."""
    if filing.version != version:
        raise Conflict(_("Someone changed this record since you opened it; reload and try again."))
    return filing


# Surveys and progress

@router.post("/enterprises/{uscc}/surveys", response={201: SurveyOut, **refusals(403, 404, 422)})
def record_survey(request, uscc: Uscc, body: SurveyIn):
    survey = domain.record_survey(actor=request.user, enterprise=_enterprise(uscc), surveyed_on=body.surveyed_on,
                                  **body.fields())
    return Status(201, survey)


@router.get("/enterprises/{uscc}/surveys", response={200: list[SurveyOut], **refusals(403, 404)})
@paginate(BoundedLimitOffsetPagination)
def list_surveys(request, uscc: Uscc):
    """Newest first: the first one is the enterprise's current state."""
    return Survey.objects.filter(enterprise=_readable(request, uscc))


@router.get("/enterprises/{uscc}/progress", response={200: ProgressOut, **refusals(403, 404)})
def progress(request, uscc: Uscc):
    enterprise = _readable(request, uscc)
    stage = stage_of(enterprise.pk)
    filing = latest_filing(enterprise.pk)
    if filing is not None:
        filing.enterprise = enterprise
    return {"uscc": enterprise.uscc, "name": enterprise.name, "stage": stage, "stage_label": str(stage.label),
            "latest_survey": Survey.objects.filter(enterprise=enterprise).first(),
            "latest_filing": filing, "latest_inspection": latest_inspection(enterprise.pk)}


# Filing

def _member_ids(lead: Enterprise, codes: list[str] | None) -> list[int] | None:
    """Credit codes → members of the lead's chain. Suppliers sit outside the
    lead's scope, so they are looked up among its own chain's members only."""
    if codes is None:
        return None
    codes = list(dict.fromkeys(c.strip().upper() for c in codes))
    with scopes_disabled():
        found = dict(ChainMember.objects.filter(chain__lead=lead, enterprise__uscc__in=codes)
                     .values_list("enterprise__uscc", "enterprise_id"))
    strangers = [c for c in codes if c not in found]
    if strangers:
        raise NotAllowed(_("Not suppliers of your chain: %(codes)s") % {"codes": ", ".join(strangers)})
    return [found[c] for c in codes]


@router.post("/packages", response={201: PackageOut, **refusals(403, 404, 422)})
def submit_package(request, body: PackageIn):
    lead = _enterprise(body.lead)
    if not request.user.has_perm("restart.file", lead):
        raise PermissionDenied
    package = domain.submit_package(actor=request.user, lead=lead, member_ids=_member_ids(lead, body.members),
                                     headcount_planned=body.headcount_planned, commitments=body.commitments)
    # The lead named these firms itself: it reads their filings' status, nothing more.
    with scopes_disabled():
        filings = list(package.filings.select_related("enterprise").order_by("id"))
    return Status(201, {"id": package.pk, "lead_uscc": lead.uscc, "filings": filings})


@router.post("/enterprises/{uscc}/filing", response={201: FilingOut, **refusals(403, 404, 422)})
def file_alone(request, uscc: Uscc, body: FilingIn):
    filing = domain.file_alone(actor=request.user, enterprise=_enterprise(uscc), **body.dict())
    return Status(201, filing)


@router.get("/filings/{pk}", response={200: FilingOut, **refusals(403, 404)})
def get_filing(request, pk: Id):
    return _filing(request, pk)


@router.post("/filings/{pk}/confirm", response={200: FilingOut, **refusals(403, 404, 409, 422)})
def confirm_filing(request, pk: Id, body: FilingSubmitIn):
    """A package member confirms and completes its own filing."""
    filing = _fresh(_filing(request, pk), body.version)
    return domain.confirm_member_filing(actor=request.user, filing=filing, **body.dict())


@router.post("/filings/{pk}/resubmit", response={200: FilingOut, **refusals(403, 404, 409, 422)})
def resubmit_filing(request, pk: Id, body: FilingSubmitIn):
    filing = _fresh(_filing(request, pk), body.version)
    return domain.resubmit_filing(actor=request.user, filing=filing, **body.dict())


@router.post("/filings/{pk}/approve", response={200: FilingOut, **refusals(403, 404, 409, 422)})
def approve_filing(request, pk: Id, body: VersionIn):
    filing = _fresh(_filing(request, pk), body.version)
    return domain.approve_filing(actor=request.user, filing=filing, version=body.version)


@router.post("/filings/{pk}/return", response={200: FilingOut, **refusals(403, 404, 409, 422)})
def return_filing(request, pk: Id, body: ReturnIn):
    filing = _fresh(_filing(request, pk), body.version)
    return domain.return_filing(actor=request.user, filing=filing, version=body.version, reason=body.reason)


# Prevention and restart

@router.post("/enterprises/{uscc}/self-checks", response={201: CheckOut, **refusals(403, 404, 422)})
def self_check(request, uscc: Uscc, body: SelfCheckIn):
    return Status(201, domain.self_check(actor=request.user, enterprise=_enterprise(uscc), results=body.results))


@router.post("/enterprises/{uscc}/inspections", response={201: CheckOut, **refusals(403, 404, 422)})
def inspect(request, uscc: Uscc, body: InspectionIn):
    check = domain.inspect(actor=request.user, enterprise=_enterprise(uscc), results=body.results,
                           passed=body.passed, remarks=body.remarks)
    return Status(201, check)


@router.post("/enterprises/{uscc}/override", response={201: OverrideOut, **refusals(403, 404, 422)})
def grant_override(request, uscc: Uscc, body: OverrideIn):
    return Status(201, domain.grant_override(actor=request.user, enterprise=_enterprise(uscc), reason=body.reason))


@router.post("/enterprises/{uscc}/restart", response={201: RestartOut, **refusals(403, 404, 422)})
def confirm_restart(request, uscc: Uscc, body: RestartIn):
    confirmation = domain.confirm_restart(actor=request.user, enterprise=_enterprise(uscc),
                                          restarted_on=body.restarted_on, capacity_pct=body.capacity_pct)
    return Status(201, confirmation)


# The caller's own notifications

@router.get("/notifications", response=list[NotificationOut])
@paginate(BoundedLimitOffsetPagination)
def my_notifications(request, unread: bool = False):
    """Newest first, worded in the caller's language."""
    qs = Notification.objects.filter(user=request.user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs
