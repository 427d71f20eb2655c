"""The officers' first screen, from the overview (the county officer's home is
the county overview): today's headline figures with their change, the trend,
the figures by town with their export, the tickets overdue by owner, and the
workers away and on trips. Each block links to the page that has it whole."""
from django.utils import timezone

from lianfu.common.scoping import code_prefix
from lianfu.dashboard.blocks import overdue_by_owner
from lianfu.dashboard.current import before_today, cached_blocks, cached_figures, division_of
from lianfu.dashboard.groups import town_rows
from lianfu.dashboard.headline import HEADLINE, headline
from lianfu.dashboard.snapshots import trend

HOME_OWNERS = 8


def trend_rows(points) -> list[list]:
    return [[day.isoformat(), tally.restart_rate, tally.capacity, tally.on_duty_rate] for day, tally in points]


def officer_cards(user) -> dict:
    if not user.has_perm("dashboard.view_overview"):
        return {}
    division = division_of(user)
    prefix = code_prefix(division.code)
    county_code = division.code[:6].ljust(12, "0")
    is_county = division.code == county_code
    today = timezone.localdate()
    now, _computed_at = cached_figures(prefix, today)
    return {
        "figures_headline": headline(now.total, before_today(division, today)),
        "figures_towns": town_rows(now) if is_county else None, "headline_labels": HEADLINE,
        "trend_rows": trend_rows(trend(county_code, None if is_county else division.code)),
        "overdue_owners": overdue_by_owner(prefix, timezone.now())[:HOME_OWNERS],
        "people": cached_blocks(prefix, today)["people"],
    }
