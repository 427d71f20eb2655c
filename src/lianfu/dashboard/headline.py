"""The overview's headline: each figure with its value today, the day before
and the change, in the order officers read them each morning."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lianfu.dashboard.metrics import Tally

# (attribute of Tally, label, what it is of)
HEADLINE = (
    ("restart_rate", _("Restart rate"), _("of all firms")),
    ("above_scale_restart_rate", _("Above-scale restart rate"), _("of above-scale firms")),
    ("capacity", _("Capacity recovered"), _("weighted by surveyed headcount")),
    ("on_duty_rate", _("On-duty rate"), _("workers at work over headcount")),
    ("chain_completion", _("Chain completion"), _("suppliers restarted over suppliers")),
    ("on_time_rate", _("Tickets closed on time"), _("of the tickets resolved")),
)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    note: str
    value: float | None
    before: float | None

    @property
    def change(self) -> float | None:
        if self.value is None or self.before is None:
            return None
        return round(self.value - self.before, 1)


def headline(today: Tally, before: Tally | None) -> list[Line]:
    return [Line(key, str(label), str(note), getattr(today, key), getattr(before, key) if before else None)
            for key, label, note in HEADLINE]
