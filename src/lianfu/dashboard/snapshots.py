"""Writing and reading the daily snapshots (models.Snapshot)."""
from datetime import date

from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.common.scoping import code_prefix
from lianfu.dashboard.metrics import Figures, Tally, duty_book, figures_on
from lianfu.dashboard.models import Snapshot
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division, Enterprise

TREND_DAYS = 60


def take(county: Division, day: date, book=None) -> Snapshot:
    """The county's figures of ``day``, rebuilt from the records and stored (replacing an earlier one of that day)."""
    figures = figures_on(day, code_prefix(county.code), book)
    with transaction.atomic(), scopes_disabled():
        snapshot, _created = Snapshot.objects.update_or_create(county=county, day=day,
                                                               defaults={"figures": figures.as_json()})
    return snapshot


def take_days(county: Division, days: list[date]) -> list[Snapshot]:
    """Several days of one county, its on-duty evidence read once."""
    book = duty_book(code_prefix(county.code))
    return [take(county, day, book) for day in days]


def stored(county_code: str, day: date) -> Figures | None:
    row = Snapshot.objects.filter(county_id=county_code, day=day).values_list("figures", flat=True).first()
    return Figures.from_json(day, code_prefix(county_code), row) if row is not None else None


def trend(county_code: str, town: str | None = None, days: int = TREND_DAYS) -> list[tuple[date, Tally]]:
    """The latest ``days`` snapshots, oldest first: the county's totals, or one town's."""
    rows = list(Snapshot.objects.filter(county_id=county_code).order_by("-day").values_list("day", "figures")[:days])
    out = []
    for day, data in reversed(rows):
        part = data["total"] if town is None else data["by_town"].get(town)
        if part is not None:
            out.append((day, Tally.from_json(part)))
    return out


def counties(code: str = "") -> list[Division]:
    """The county of ``code`` (6 or 12 digits), or every county with firms in its towns (a firm
    outside, known only as a supplier, is registered at its county and makes none)."""
    if code:
        found = list(Division.objects.filter(code=code[:6].ljust(12, "0"), level=DivisionLevel.COUNTY))
        if not found:
            raise LookupError(f"--county {code!r}: no such county")
        return found
    with scopes_disabled():
        with_firms = {c[:6] for c in Enterprise.objects.filter(division__level=DivisionLevel.TOWN)
                      .values_list("division_id", flat=True).order_by().distinct()}
    return list(Division.objects.filter(level=DivisionLevel.COUNTY, code__in=[c.ljust(12, "0") for c in with_firms])
                .order_by("code"))
