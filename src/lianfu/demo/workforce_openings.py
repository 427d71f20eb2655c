"""Jobs some firms wanted filled during the window: about one firm in eight
opens one to three positions of its trade. Firms whose survey named labour as
a blocker open theirs from the survey, on its day; the others enter them
themselves on a day of the window."""
import random

from lianfu.demo import workforce_days as days
from lianfu.demo.workforce_roster import Firm
from lianfu.demo.workforce_texts import OPENING_NOTES, positions_of
from lianfu.restart.enums import Blocker
from lianfu.workforce.enums import PositionSource

OPENING_FIELDS = ("enterprise", "title", "count", "note", "source", "opened_on")
OPENING_SHARE, FROM_SURVEYS = 0.12, 0.5   # of firms; of those, at most this share from a survey
PER_FIRM = (1, 1, 1, 2, 2, 3)
COUNT = (2, 50)


def labour_days(firms: list[Firm], blockers: dict[tuple[int, object], list[str]]) -> dict[int, object]:
    """Firm -> the first day a survey of it named labour as a blocker."""
    found = {}
    for firm in firms:
        for day, *_figures in firm.surveys:
            if Blocker.LABOUR.value in blockers.get((firm.pk, day), ()) and firm.pk not in found:
                found[firm.pk] = day
    return found


def opening_rows(rng: random.Random, firms: list[Firm], named_labour: dict[int, object]) -> list[tuple]:
    """Rows of OPENING_FIELDS, in firm order."""
    target = round(len(firms) * OPENING_SHARE)
    named = [f for f in firms if f.pk in named_labour]
    from_survey = rng.sample(named, min(len(named), round(target * FROM_SURVEYS)))
    by_survey = {f.pk for f in from_survey}
    chosen = set(by_survey)
    rest = [f for f in firms if f.pk not in chosen]
    chosen |= {f.pk for f in rng.sample(rest, min(len(rest), target - len(from_survey)))}
    rows = []
    for firm in firms:
        if firm.pk not in chosen:
            continue
        pool = positions_of(firm.industry)
        surveyed = firm.pk in by_survey
        for title in rng.sample(pool, min(len(pool), rng.choice(PER_FIRM))):
            count = min(COUNT[1], max(COUNT[0], round(firm.employees * rng.uniform(0.03, 0.3))))
            opened = named_labour[firm.pk] if surveyed else rng.choice(days.DAYS)
            rows.append((firm.pk, title, count, rng.choice(OPENING_NOTES),
                         PositionSource.SURVEY if surveyed else PositionSource.FIRM, opened))
    return rows
