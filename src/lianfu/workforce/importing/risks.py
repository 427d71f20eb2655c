"""Import a list of origin risk levels into the list a county keeps.

One entry per (area, first day in force): a row whose area and first day are
already listed updates that entry (its level, last day and source; a blank last
day or source leaves the stored one alone, so re-running a list after an entry
was ended by hand changes nothing), otherwise it adds one. The same area and
first day twice in a file: the later row is rejected. Everything lands in one
transaction with the rejects report (before_commit)."""
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from lianfu.common.importing import (
    ImportResult,
    Progress,
    RowError,
    counted_rows,
    no_progress,
    read_for_import,
    rejection,
)
from lianfu.common.tabular import TabularError
from lianfu.registry.models import Division
from lianfu.workforce.importing.risk_columns import LABELS, RiskRow, parse_row, vocabulary
from lianfu.workforce.models import OriginRisk

NO_AREA = gettext_lazy("The file has no column for the area: add one named 地区 (安徽省阜阳市) or "
                       "行政区划代码 (341200). Headers found: %(found)s.")


def _check_area_column(table) -> None:
    if not (table.plan.has("area") or table.plan.has("code")):
        raise TabularError("missing_columns", NO_AREA, found="、".join(h for h in table.headers if h) or "—")


def parse_rows(table, result: ImportResult, progress: Progress) -> list[tuple[int, RiskRow]]:
    accepted: list[tuple[int, RiskRow]] = []
    first_row: dict[tuple[str, object], int] = {}
    for row, cells in counted_rows(table, result, progress):
        values = table.plan.values(cells)
        parsed, errors = parse_row(values)
        if parsed is not None:
            key = (parsed.division.code, parsed.effective_from)
            if key in first_row:
                errors = [RowError("area", _("the same area and first day as row %(row)d") % {
                    "row": first_row[key]})]
            else:
                first_row[key] = row
        if errors:
            result.rejections.extend(rejection(LABELS, row, e.field, values.get(e.field, ""), e.reason, cells)
                                     for e in errors)
        else:
            accepted.append((row, parsed))
    return accepted


def _changes(stored: OriginRisk, row: RiskRow) -> list[str]:
    wanted = {"level": row.level.value, "effective_to": row.effective_to, "source": row.source}
    return [name for name, value in wanted.items()
            if value not in (None, "") and value != getattr(stored, name)]


def import_risks(path: Path, *, county: Division, max_bytes: int, progress: Progress | None = None, user=None,
                 choices: dict | None = None, saved: dict | None = None, before_commit=None) -> ImportResult:
    """Read, validate and upsert a risk list into ``county``'s list. Raises
    TabularError when the file as a whole cannot be read."""
    progress = progress or no_progress
    table = read_for_import(path, vocabulary(), max_bytes=max_bytes, choices=choices, saved=saved)
    table.plan.check()
    _check_area_column(table)
    result = ImportResult()
    accepted = parse_rows(table, result, progress)
    result.rejections.sort(key=lambda r: r.row)
    creator = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic(), scopes_disabled():
        stored = {(e.division_id, e.effective_from): e for e in OriginRisk.objects.filter(county=county)}
        creates, updates, fields = [], [], set()
        for _row, item in accepted:
            current = stored.get((item.division.code, item.effective_from))
            if current is None:
                creates.append(OriginRisk(county=county, division=item.division, level=item.level,
                                          effective_from=item.effective_from, effective_to=item.effective_to,
                                          source=item.source, created_by=creator))
                continue
            changed = _changes(current, item)
            if not changed:
                result.unchanged += 1
                continue
            current.level = item.level.value
            current.effective_to = item.effective_to or current.effective_to
            current.source = item.source or current.source
            updates.append(current)
            fields.update(changed)
        OriginRisk.objects.bulk_create(creates, batch_size=1000)
        if updates:
            OriginRisk.objects.bulk_update(updates, sorted(fields), batch_size=1000)
        result.created, result.updated = len(creates), len(updates)
        progress("saving", len(accepted), len(accepted))
        if before_commit:
            before_commit(result)
    return result
