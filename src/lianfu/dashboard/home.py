"""The officers' home card: today's headline figures, each linking to the overview."""
from django.utils import timezone

from lianfu.common.scoping import code_prefix
from lianfu.dashboard.current import before_today, cached_figures, division_of
from lianfu.dashboard.headline import headline


def officer_cards(user) -> dict:
    if not user.has_perm("dashboard.view_overview"):
        return {}
    division = division_of(user)
    today = timezone.localdate()
    now, _computed_at = cached_figures(code_prefix(division.code), today)
    return {"figures_headline": headline(now.total, before_today(division, today))}
