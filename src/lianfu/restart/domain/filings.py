"""同步备案: chain packages, single filings, member confirmation, review."""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.chains.models import Chain, ChainMember
from lianfu.common.notifications import enterprise_users, notify_on_commit, officers_over
from lianfu.restart.checklists import checklist_codes
from lianfu.restart.domain._base import audit, require, step, update_versioned
from lianfu.restart.enums import FilingStatus
from lianfu.restart.errors import HEADCOUNT_PLANNED_NEEDED, NotAllowed
from lianfu.restart.models import ChainFiling, Filing
from lianfu.restart.stages import refresh_stage

ACTIVE = (FilingStatus.AWAITING_MEMBER, FilingStatus.SUBMITTED, FilingStatus.APPROVED)


def _filing_url(filing: Filing) -> str:
    return reverse("restart:filing", args=[filing.pk])


def _has_active_filing(enterprise_id: int) -> bool:
    return Filing.objects.filter(enterprise_id=enterprise_id, status__in=ACTIVE).exists()


def _answers(enterprise, headcount_planned, commitments) -> dict:
    """What a firm states when it submits its filing, checked as the filing
    form checks it: its headcount at restart (the database refuses a submitted
    filing without one too), and commitments taken from its county's checklist."""
    if headcount_planned is None:
        raise NotAllowed(HEADCOUNT_PLANNED_NEEDED)
    commitments = list(dict.fromkeys(commitments))
    unknown = set(commitments) - set(checklist_codes(enterprise))
    if unknown:
        raise NotAllowed(_("Not on the checklist: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    return {"headcount_planned": headcount_planned, "commitments": commitments}


def _in_county_members(lead) -> list[int]:
    chain = Chain.objects.filter(lead=lead).first()
    if chain is None:
        return []
    return list(ChainMember.objects.filter(chain=chain, in_county=True).order_by("tier", "enterprise_id")
                .values_list("enterprise_id", flat=True))


@step
def submit_package(*, actor, lead, member_ids=None, headcount_planned=None, commitments=()) -> ChainFiling:
    """The lead files itself and its chosen suppliers (default: every in-county
    supplier of every tier) as one package. Suppliers outside the county are on
    the hand-off list instead; members already filed are left as they are."""
    require(actor, "restart.file", lead)
    with transaction.atomic():
        eligible = _in_county_members(lead)
        chosen = eligible if member_ids is None else list(dict.fromkeys(member_ids))
        strangers = set(chosen) - set(eligible)
        if strangers:
            raise NotAllowed(_("Only suppliers of your chain located in the county can be filed in your package."))
        package = ChainFiling.objects.create(lead=lead, submitted_by=actor)
        now = timezone.now()
        if not _has_active_filing(lead.pk):
            own = Filing.objects.create(enterprise=lead, package=package, status=FilingStatus.SUBMITTED,
                                        submitted_at=now, **_answers(lead, headcount_planned, commitments))
            notify_on_commit(officers_over(lead.division_id), "filing.to_review", _filing_url(own),
                             enterprise=lead.name, enterprise_id=lead.pk)
        added = [pk for pk in chosen if not _has_active_filing(pk)]
        members = Filing.objects.bulk_create(
            [Filing(enterprise_id=pk, package=package, status=FilingStatus.AWAITING_MEMBER) for pk in added])
        for filing in members:
            notify_on_commit(enterprise_users(filing.enterprise_id), "filing.to_confirm", _filing_url(filing),
                             lead=lead.name)
        refresh_stage(lead.pk)
        audit(actor, "filing.package_submitted", package, lead, members=len(added),
              already_filed=len(chosen) - len(added))
    return package


@step
def file_alone(*, actor, enterprise, headcount_planned=None, commitments=()) -> Filing:
    """A firm that is no one's supplier files by itself."""
    require(actor, "restart.file", enterprise)
    with transaction.atomic():
        lead = (ChainMember.objects.filter(enterprise=enterprise).select_related("chain__lead")
                .order_by("tier").first())
        if lead is not None:
            raise NotAllowed(_("You are a supplier of %(lead)s: you file inside its chain package.") % {
                "lead": lead.chain.lead.name})
        if _has_active_filing(enterprise.pk):
            raise NotAllowed(_("You have already filed."))
        filing = Filing.objects.create(enterprise=enterprise, status=FilingStatus.SUBMITTED,
                                       submitted_at=timezone.now(),
                                       **_answers(enterprise, headcount_planned, commitments))
        refresh_stage(enterprise.pk)
        audit(actor, "filing.submitted", filing, enterprise)
        notify_on_commit(officers_over(enterprise.division_id), "filing.to_review", _filing_url(filing),
                         enterprise=enterprise.name, enterprise_id=enterprise.pk)
    return filing


def _submit(actor, filing: Filing, version: int, expected: FilingStatus, action: str, *, headcount_planned,
            commitments) -> Filing:
    require(actor, "restart.file", filing.enterprise)
    if filing.status != expected:
        raise NotAllowed(_("This filing is %(status)s; it cannot be submitted now.") % {
            "status": filing.get_status_display()})
    answers = _answers(filing.enterprise, headcount_planned, commitments)
    with transaction.atomic():
        update_versioned(filing, version, status=FilingStatus.SUBMITTED, submitted_at=timezone.now(), **answers)
        refresh_stage(filing.enterprise_id)
        audit(actor, action, filing, filing.enterprise)
        notify_on_commit(officers_over(filing.enterprise.division_id), "filing.to_review", _filing_url(filing),
                         enterprise=filing.enterprise.name, enterprise_id=filing.enterprise_id)
    return filing


@step
def confirm_member_filing(*, actor, filing: Filing, version: int, headcount_planned=None, commitments=()) -> Filing:
    """A package member confirms and completes its own filing."""
    return _submit(actor, filing, version, FilingStatus.AWAITING_MEMBER, "filing.confirmed",
                   headcount_planned=headcount_planned, commitments=commitments)


@step
def resubmit_filing(*, actor, filing: Filing, version: int, headcount_planned=None, commitments=()) -> Filing:
    """A returned filing, fixed, goes back for review; the rest of its package is not held up."""
    return _submit(actor, filing, version, FilingStatus.RETURNED, "filing.resubmitted",
                   headcount_planned=headcount_planned, commitments=commitments)


def _review(actor, filing: Filing, version: int, status: FilingStatus, reason: str = "") -> None:
    require(actor, "restart.review_filing", filing.enterprise)
    if filing.status != FilingStatus.SUBMITTED:
        raise NotAllowed(_("This filing is %(status)s; only a submitted filing can be reviewed.") % {
            "status": filing.get_status_display()})
    update_versioned(filing, version, status=status, return_reason=reason, reviewed_by=actor,
                     reviewed_at=timezone.now())
    refresh_stage(filing.enterprise_id)


@step
def approve_filing(*, actor, filing: Filing, version: int) -> Filing:
    with transaction.atomic():
        _review(actor, filing, version, FilingStatus.APPROVED)
        audit(actor, "filing.approved", filing, filing.enterprise)
        enterprise = filing.enterprise
        notify_on_commit(enterprise_users(enterprise.pk), "filing.approved", _filing_url(filing))
        notify_on_commit(officers_over(enterprise.division_id), "inspection.due",
                         reverse("restart:inspect", args=[enterprise.uscc]), enterprise=enterprise.name,
                         enterprise_id=enterprise.pk)
    return filing


@step
def return_filing(*, actor, filing: Filing, version: int, reason: str) -> Filing:
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(_("Say why the filing is returned, so the enterprise knows what to fix."))
    with transaction.atomic():
        _review(actor, filing, version, FilingStatus.RETURNED, reason[:500])
        audit(actor, "filing.returned", filing, filing.enterprise, reason=reason[:500])
        notify_on_commit(enterprise_users(filing.enterprise_id), "filing.returned", _filing_url(filing),
                         reason=reason[:500])
    return filing
