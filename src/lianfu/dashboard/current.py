"""The figures the pages show now: today's, cached a few minutes, and the day
before's, from its snapshot (or rebuilt when none was taken), for the reader's
division (a county officer's county, a town officer's town, an administrator's
home county)."""
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from lianfu.common.roles import Role
from lianfu.common.scoping import code_prefix
from lianfu.dashboard.blocks import chains_behind
from lianfu.dashboard.metrics import Figures, Tally, figures_on
from lianfu.dashboard.snapshots import stored
from lianfu.registry.models import Division
from lianfu.workforce.home import people_figures


def _key(prefix: str, day) -> str:
    return f"dashboard:figures:{prefix}:{day.isoformat()}"


def cached_figures(prefix: str, day) -> tuple[Figures, object]:
    """A day's figures and when they were computed: rebuilt at most every
    LIANFU_OVERVIEW_CACHE_SECONDS (the on-duty rate reads every roster change),
    so a page answers at once however many officers open it each morning.
    `lianfu serve` keeps each county's today warm (warm()), so no reader waits."""
    cached = cache.get(_key(prefix, day))
    if cached is None:
        cached = warm(prefix, day)
    computed_at, data = cached
    return Figures.from_json(day, prefix, data), computed_at


def warm(prefix: str, day, keep_seconds: int | None = None) -> tuple:
    """Rebuild a day's figures (and the overview's costlier lists) from the
    records into the cache, for ``keep_seconds`` (default LIANFU_OVERVIEW_CACHE_SECONDS)."""
    keep = keep_seconds or settings.LIANFU_OVERVIEW_CACHE_SECONDS
    cached = (timezone.now(), figures_on(day, prefix).as_json())
    cache.set(_key(prefix, day), cached, keep)
    cache.set(_blocks_key(prefix, day), _blocks(prefix, day), keep)
    return cached


CHAINS_SHOWN = 10


def _blocks_key(prefix: str, day) -> str:
    return f"dashboard:blocks:{prefix}:{day.isoformat()}"


def _blocks(prefix: str, day) -> dict:
    return {"people": people_figures(prefix), "chains_behind": chains_behind(prefix, day, limit=CHAINS_SHOWN)}


def cached_blocks(prefix: str, day) -> dict:
    """The overview's lists that read whole tables (the workers away: every
    worker; the chains not complete: every chain member), cached with the figures."""
    found = cache.get(_blocks_key(prefix, day))
    if found is None:
        found = _blocks(prefix, day)
        cache.set(_blocks_key(prefix, day), found, settings.LIANFU_OVERVIEW_CACHE_SECONDS)
    return found


def figures_of_day(division: Division, day: date, rebuild: bool = False) -> Figures:
    """A county's figures of ``day`` as the pages read them: today's from the
    cache, a past day's from its snapshot (the same rule, stored when the day
    was over); rebuilt from the records when there is none, when ``rebuild``
    (a day whose records were corrected after its snapshot), and for a town
    (the county's snapshot keeps a town's totals, not its industries; a town's
    rebuild reads only its own firms)."""
    prefix = code_prefix(division.code)
    if rebuild:
        return figures_on(day, prefix)
    if day >= timezone.localdate():
        return cached_figures(prefix, day)[0]
    county = stored(division.code, day) if division.code == division.code[:6].ljust(12, "0") else None
    return county if county is not None else figures_on(day, prefix)


def division_of(user) -> Division:
    if user.role in (Role.COUNTY_OFFICER, Role.TOWN_OFFICER) and user.division_id:
        return Division.objects.get(code=user.division_id)
    return Division.objects.get(code=settings.LIANFU_HOME_COUNTY[:6].ljust(12, "0"))


def part_of(figures: Figures | None, division: Division) -> Tally | None:
    """The division's totals within a county's figures (a town's by_town entry)."""
    if figures is None:
        return None
    if figures.prefix == code_prefix(division.code):
        return figures.total
    return figures.by_town.get(division.code)


def before_today(division: Division, today: date) -> Tally:
    """The day before as its snapshot kept it; rebuilt from the records when none was taken."""
    yesterday = today - timedelta(days=1)
    before = part_of(stored(division.code[:6].ljust(12, "0"), yesterday), division)
    if before is None:
        before = cached_figures(code_prefix(division.code), yesterday)[0].total
    return before
