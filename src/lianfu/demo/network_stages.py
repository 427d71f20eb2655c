"""Four-sync stages as they stood in early March 2020, so that trees and gap
lists have colour before the workflow's own demo step exists: the big firms
restarted, a tail of small suppliers still surveying, filing or waiting.

Written straight into restart.EnterpriseStage; when the four-sync workflow
lands, its demo step should derive these from surveys and filings instead.
No row means not surveyed (the model's own convention)."""
import random
from datetime import datetime, timedelta

from django.utils import timezone

from lianfu.common import bulk
from lianfu.restart.enums import Stage
from lianfu.restart.models import EnterpriseStage

LEAD_STAGES = ((Stage.RESTARTED, 90), (Stage.PREVENTION_PASSED, 6), (Stage.APPROVED, 4))
ABOVE_SCALE_STAGES = ((Stage.RESTARTED, 80), (Stage.PREVENTION_PASSED, 8), (Stage.APPROVED, 5), (Stage.FILED, 4),
                      (Stage.SURVEYED, 3))
SUPPLIER_STAGES = ((Stage.NOT_SURVEYED, 10), (Stage.SURVEYED, 7), (Stage.FILED, 10), (Stage.APPROVED, 8),
                   (Stage.PREVENTION_PASSED, 10), (Stage.RESTARTED, 55))
FIRST_DAY, DAYS = (2020, 2, 20), 16  # 20 February to 6 March 2020


def _drawer(rng: random.Random, table):
    stages, weights = [s.value for s, _w in table], [w for _s, w in table]
    return lambda: rng.choices(stages, weights=weights)[0]


def stage_rows(rng: random.Random, firms: list[tuple[int, str]]) -> list[EnterpriseStage]:
    """``firms``: (pk, kind) with kind 'lead', 'above' or 'other'; one row per surveyed firm."""
    draw = {"lead": _drawer(rng, LEAD_STAGES), "above": _drawer(rng, ABOVE_SCALE_STAGES),
            "other": _drawer(rng, SUPPLIER_STAGES)}
    start = datetime(*FIRST_DAY, 8, tzinfo=timezone.get_default_timezone())
    rows = []
    for pk, kind in firms:
        stage = draw[kind]()
        # within office hours of one of the window's days
        since = start + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(10 * 60))
        if stage != Stage.NOT_SURVEYED:
            rows.append(EnterpriseStage(enterprise_id=pk, stage=stage, since=since))
    return rows


def insert_stages(rows: list[EnterpriseStage]) -> None:
    bulk.insert(EnterpriseStage, rows, ("enterprise", "stage", "since"))
