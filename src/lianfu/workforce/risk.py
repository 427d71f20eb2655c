"""The risk level of an origin on a day, as the county that keeps the list reads
it (OriginRisk rows; pure reads, no change here: risk_changes.py).

An entry is in force from ``effective_from`` to ``effective_to``, both days
included (open-ended when empty). For any province, city or county code the
most specific entry in force wins: the county's own over its city's over its
province's; among entries for the same division, the latest ``effective_from``
(then the latest entry). Nothing in force anywhere above it: not listed (None)."""
import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.registry.models import Division
from lianfu.workforce.enums import RiskLevel
from lianfu.workforce.models import OriginRisk

# Leading digits of a county, its city and its province, most specific first.
LEVEL_DIGITS = (6, 4, 2)


def code12(code: str) -> str | None:
    """A 2/4/6/9/12-digit code as 12 digits, or None."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
        return None
    return code.ljust(12, "0")


def chain_of(code: str) -> list[str]:
    """The 12-digit codes whose entries apply to ``code``, most specific first:
    a county's [county, city, province], a city's [city, province], a
    province's [province]. A town stands for its county. Empty for a bad code."""
    full = code12(code)
    if full is None:
        return []
    chain: list[str] = []
    for digits in LEVEL_DIGITS:
        candidate = full[:digits].ljust(12, "0")
        if candidate not in chain and full[:digits].strip("0"):
            chain.append(candidate)
    return chain


def in_force(day: dt.date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def _county_code(county) -> str:
    return county.code if isinstance(county, Division) else (code12(county) or "")


class RiskBook:
    """The county's entries in force on ``day``, read in one query, then asked
    for any number of codes. ``divisions``: only these 12-digit codes (None: all)."""

    def __init__(self, county, day: dt.date, divisions: Iterable[str] | None = None):
        self.day = day
        self.entries: dict[str, OriginRisk] = {}
        # The list is the county's, whoever reads it: read unscoped (callers pass the county).
        with scopes_disabled():
            entries = OriginRisk.objects.filter(in_force(day), county_id=_county_code(county))
            if divisions is not None:
                entries = entries.filter(division_id__in=list(divisions))
            for entry in entries.order_by("division_id", "effective_from", "id"):
                self.entries[entry.division_id] = entry      # the latest start (then the latest entry) stays

    def entry(self, code: str) -> OriginRisk | None:
        """The entry that decides ``code``'s level, or None when not listed."""
        for candidate in chain_of(code):
            found = self.entries.get(candidate)
            if found is not None:
                return found
        return None

    def level(self, code: str) -> RiskLevel | None:
        found = self.entry(code)
        return RiskLevel(found.level) if found is not None else None


def risk_on(division_code: str, day: dt.date, county) -> RiskLevel | None:
    """The risk level of a province, city or county of origin on ``day`` in the
    list ``county`` keeps (a Division or its code); None: not listed."""
    chain = chain_of(division_code)
    if not chain:
        return None
    return RiskBook(county, day, divisions=chain).level(division_code)


def keeping_county(user) -> Division | None:
    """The county whose list ``user`` reads and keeps: a labour officer's own
    county (the county of their division); an administrator's, the home county."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        code = settings.LIANFU_HOME_COUNTY
    else:
        code = user.division_id or ""
    code = code[:6]
    return Division.objects.filter(code=code.ljust(12, "0")).first() if len(code) == 6 else None
