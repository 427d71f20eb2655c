"""Reads shared by the four-sync pages, home cards and exports. Scoped models
limit every list to the viewer's jurisdiction; what crosses it (a package's
members) is read with scopes disabled and carries statuses only."""
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, Q
from django_scopes import scopes_disabled

from lianfu.chains.models import Chain, ChainMember
from lianfu.registry.models import Enterprise
from lianfu.registry.stages import Stage
from lianfu.restart.domain.filings import ACTIVE
from lianfu.restart.enums import CheckKind, FilingStatus
from lianfu.restart.models import ChainFiling, Filing, PreventionCheck

QUEUE_SORTS = {"waiting": False, "-waiting": True}      # oldest first / newest first
DUE_SORTS = {"since": "stage_record__since", "-since": "-stage_record__since", "name": "name",
             "town": "division_id"}


@dataclass
class ReviewGroup:
    """The waiting filings of one package (or one firm filing alone)."""

    package: ChainFiling | None
    filings: list[Filing] = field(default_factory=list)

    @property
    def oldest(self) -> datetime:
        return min(f.submitted_at for f in self.filings)


def waiting_filings(*, town: str = "", q: str = ""):
    qs = (Filing.objects.filter(status=FilingStatus.SUBMITTED)
          .select_related("enterprise", "enterprise__division", "package", "package__lead"))
    if town:
        qs = qs.filter(enterprise__division_id=town)
    if q:
        qs = qs.filter(Q(enterprise__name__contains=q) | Q(enterprise__uscc=q.upper())
                       | Q(package__lead__name__contains=q))
    return qs


def review_groups(filings, sort: str = "waiting") -> list[ReviewGroup]:
    """Group by package; a package waits as long as its oldest waiting filing."""
    groups: dict[tuple, ReviewGroup] = {}
    for filing in filings:
        key = ("package", filing.package_id) if filing.package_id else ("alone", filing.pk)
        groups.setdefault(key, ReviewGroup(filing.package)).filings.append(filing)
    for group in groups.values():
        group.filings.sort(key=lambda f: (f.submitted_at, f.enterprise.name))
    return sorted(groups.values(), key=lambda g: g.oldest, reverse=QUEUE_SORTS.get(sort, False))


def waiting_counts() -> dict:
    """For the officer's home: how many packages (a firm alone counts as one) and filings wait."""
    rows = list(Filing.objects.filter(status=FilingStatus.SUBMITTED).values_list("package_id", flat=True))
    return {"groups": len({p for p in rows if p}) + sum(1 for p in rows if not p), "filings": len(rows)}


def inspections_due(*, town: str = "", q: str = "", sort: str = "since"):
    """Firms whose filing is approved and whose prevention inspection has not passed yet."""
    qs = (Enterprise.objects.filter(stage_record__stage=Stage.APPROVED)
          .select_related("division", "stage_record")
          .annotate(last_self_check=Max("prevention_checks__checked_at",
                                        filter=Q(prevention_checks__kind=CheckKind.SELF))))
    if town:
        qs = qs.filter(division_id=town)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc=q.upper()))
    return qs.order_by(DUE_SORTS.get(sort, "stage_record__since"), "name")


def inspections_due_count() -> int:
    return Enterprise.objects.filter(stage_record__stage=Stage.APPROVED).count()


def latest_check(enterprise_id: int, kind: CheckKind) -> PreventionCheck | None:
    return (PreventionCheck.objects.filter(enterprise_id=enterprise_id, kind=kind)
            .select_related("checked_by").order_by("-checked_at", "-id").first())


def lead_chain(enterprise) -> Chain | None:
    with scopes_disabled():
        return Chain.objects.filter(lead=enterprise).first()


def supplied_leads(enterprise) -> list[str]:
    """The lead firms in whose chains this firm is a supplier (it files inside their packages)."""
    with scopes_disabled():
        return list(ChainMember.objects.filter(enterprise=enterprise).order_by("tier", "chain__lead__name")
                    .values_list("chain__lead__name", flat=True))


def active_filings_of_members(chain: Chain) -> dict[int, str]:
    """In-county member → the status of its filing still in progress or approved."""
    with scopes_disabled():
        members = ChainMember.objects.filter(chain=chain, in_county=True).values("enterprise_id")
        return dict(Filing.objects.filter(enterprise_id__in=members, status__in=ACTIVE)
                    .values_list("enterprise_id", "status"))


def package_members(filing: Filing) -> list[Filing]:
    """Every filing of the package (all towns), for the lead firm and officers only."""
    with scopes_disabled():
        return list(filing.package.filings.select_related("enterprise", "enterprise__division",
                                                          "enterprise__stage_record")
                    .order_by("enterprise__name"))
