"""Read queries on the registry used by pages, the API and exports alike.
All enterprise queries go through the scoped manager: outside a scope they raise."""
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lianfu.registry.divisions import code_prefix
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division, Enterprise, Industry
from lianfu.registry.stages import Stage

SORTS = {
    "name": "name", "-name": "-name",
    "employees": "employees", "-employees": "-employees",
    "town": "division_id", "-town": "-division_id",
    "industry": "industry_id", "-industry": "-industry_id",
}


@dataclass(frozen=True)
class EnterpriseFilter:
    q: str = ""
    town: str = ""          # division code (12 digits) or prefix
    industry: str = ""      # GB/T 4754 code at any level (section letter, 2–4 digits)
    above_scale: bool | None = None
    stage: str = ""         # a Stage value; "not_surveyed" includes firms with no stage row
    sort: str = "name"

    def apply(self, qs: QuerySet) -> QuerySet:
        if self.q:
            qs = qs.filter(
                Q(name__contains=self.q) | Q(short_name__contains=self.q) | Q(uscc__startswith=self.q.upper())
            )
        if self.town:
            qs = qs.filter(division__code__startswith=code_prefix(self.town))
        if self.industry:
            qs = qs.filter(_industry_q(self.industry))
        if self.above_scale is not None:
            qs = qs.filter(above_scale=self.above_scale)
        if self.stage:
            qs = qs.filter(stage_q(self.stage))
        return qs.order_by(SORTS.get(self.sort, "name"), "pk")


def stage_q(stage: str) -> Q:
    """Enterprises at ``stage`` now; a firm without a stage row has not been surveyed."""
    if stage == Stage.NOT_SURVEYED:
        return Q(stage_record__isnull=True) | Q(stage_record__stage=stage)
    return Q(stage_record__stage=stage)


def _industry_q(code: str) -> Q:
    if code.isalpha():
        condition = Q(pk__in=[])
        for division_code in Industry.objects.filter(parent_id=code.upper()).values_list("code", flat=True):
            condition |= Q(industry__code__startswith=division_code)
        return condition
    return Q(industry__code__startswith=code)


def enterprises(flt: EnterpriseFilter | None = None) -> QuerySet:
    qs = Enterprise.objects.select_related("division", "industry")
    return (flt or EnterpriseFilter()).apply(qs)


def counts_by_town() -> list[dict]:
    rows = (
        Enterprise.objects.values("division_id", "division__name")
        .annotate(total=Count("id"), above=Count("id", filter=Q(above_scale=True)))
        .order_by("division_id")
    )
    return list(rows)


def counts_by_industry_division() -> list[dict]:
    """Counts per GB/T 4754 division (2-digit), largest first."""
    per_code = Enterprise.objects.values("industry_id").annotate(
        total=Count("id"), above=Count("id", filter=Q(above_scale=True))
    )
    totals: dict[str, dict] = {}
    for row in per_code:
        key = (row["industry_id"] or "")[:2]
        slot = totals.setdefault(key, {"code": key, "total": 0, "above": 0})
        slot["total"] += row["total"]
        slot["above"] += row["above"]
    names = {i.code: i.name for i in Industry.objects.filter(code__in=list(totals))}
    for slot in totals.values():
        slot["name"] = names.get(slot["code"], "—")
    return sorted(totals.values(), key=lambda r: (-r["total"], r["code"]))


def towns_of(division: Division) -> QuerySet:
    """The towns inside a division (itself, if it is a town)."""
    return Division.objects.filter(level=DivisionLevel.TOWN, code__startswith=division.prefix).order_by("code")
