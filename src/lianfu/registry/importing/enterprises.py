"""Import an enterprise registry: upsert by credit code, every bad row reported,
good rows landing. Re-running the same file changes nothing.

A blank cell leaves the stored value as it is (a registry export with gaps must
not wipe what officers typed); a column the file lacks is not touched at all."""
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common import bulk
from lianfu.common.importing import (
    ImportResult, Progress, Rejection, RowError, counted_rows, match_columns, no_progress, rejection,
)
from lianfu.common.tabular import read_table
from lianfu.registry.importing import parsing
from lianfu.registry.models import Division, Enterprise, Industry

COMPARED = ("name", "short_name", "division_id", "address", "industry_id", "above_scale", "employees",
            "contact_name", "contact_phone", "latitude", "longitude")


class RowParser:
    """Cell text -> model values; built once per import (it caches towns and
    the industry codes), called once per row."""

    ATTRIBUTES = {"town": "division_id", "industry": "industry_id"}

    def __init__(self, within: Division | None):
        industries = set(Industry.objects.values_list("code", flat=True))
        self.handlers = {
            "name": parsing.parse_name,
            "short_name": lambda v: parsing.parse_name(v, "short_name", 50),
            "address": lambda v: parsing.parse_name(v, "address", 200),
            "contact_name": lambda v: parsing.parse_name(v, "contact_name", 50),
            "town": parsing.TownResolver(within),
            "industry": lambda v: parsing.parse_industry(v, industries),
            "above_scale": parsing.parse_bool,
            "employees": parsing.parse_count,
            "contact_phone": parsing.parse_phone,
            "latitude": lambda v: parsing.parse_coordinate(v, "latitude", 3, 54),
            "longitude": lambda v: parsing.parse_coordinate(v, "longitude", 73, 136),
        }

    def __call__(self, cells: dict[str, str]) -> dict:
        """Clean values for the non-blank cells, keyed by model attribute."""
        out: dict = {"uscc": parsing.parse_uscc(cells["uscc"])}
        for field, text in cells.items():
            if field != "uscc" and text:
                out[self.ATTRIBUTES.get(field, field)] = self.handlers[field](text)
        return out


def _rejection(row: int, field: str, value: str, reason) -> Rejection:
    return rejection(parsing.LABELS, row, field, value, reason)


def parse_rows(table, columns, parser: RowParser, result: ImportResult, progress: Progress) -> dict[str, tuple[int, dict]]:
    """uscc -> (row number, clean values), first occurrence wins."""
    accepted: dict[str, tuple[int, dict]] = {}
    for row, cells in counted_rows(table, result, progress):
        values = columns.values(cells)
        try:
            clean = parser(values)
            if clean["uscc"] in accepted:
                raise RowError("uscc", _("the same credit code as row %(row)d") % {"row": accepted[clean["uscc"]][0]})
            if "name" not in clean:
                raise RowError("name", _("the enterprise name is missing"))
        except RowError as error:
            result.rejections.append(_rejection(row, error.field, values.get(error.field, ""), error.reason))
        else:
            accepted[clean["uscc"]] = (row, clean)
    return accepted


def _write(creates: list[Enterprise], updates: list[Enterprise], changed: list[str], user, progress: Progress) -> None:
    """One transaction: new rows, changed rows, and a history row for each."""
    now = timezone.now()
    total = len(creates) + len(updates)
    with transaction.atomic():
        bulk.create_with_history(Enterprise, creates, key=("uscc",), user=user, now=now)
        progress("saving", len(creates), total)
        if updates:
            bulk.update_with_history(Enterprise, updates, changed, user=user, now=now)
        progress("saving", total, total)


def save_rows(accepted: dict[str, tuple[int, dict]], within: Division | None, result: ImportResult,
              progress: Progress, user=None) -> None:
    creates: list[Enterprise] = []
    updates: list[Enterprise] = []
    changed_fields: set[str] = set()
    codes = list(accepted)
    with scopes_disabled():
        for chunk in bulk.chunks(codes):
            existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=chunk)}
            for code in chunk:
                row, clean = accepted[code]
                current = existing.get(code)
                if current is None:
                    # A row without a town lands in the importer's own division so
                    # it stays visible to them rather than to nobody.
                    clean.setdefault("division_id", within.code if within else None)
                    creates.append(Enterprise(**clean))
                    continue
                if within is not None and not within.contains(current.division_id or ""):
                    result.rejections.append(_rejection(row, "uscc", code, _(
                        "this enterprise is registered outside your jurisdiction; ask the county to move it")))
                    continue
                diff = [f for f in COMPARED if f in clean and getattr(current, f) != clean[f]]
                if diff:
                    for f in diff:
                        setattr(current, f, clean[f])
                    changed_fields.update(diff)
                    updates.append(current)
                else:
                    result.unchanged += 1
        _write(creates, updates, sorted(changed_fields), user, progress)
    result.created, result.updated = len(creates), len(updates)
    result.rejections.sort(key=lambda r: r.row)


def import_enterprises(path: Path, *, within: Division | None, max_bytes: int,
                       progress: Progress | None = None, user=None) -> ImportResult:
    """Read, validate and upsert. ``within`` is the importer's jurisdiction (None:
    anywhere); ``user`` is recorded in the history rows. Raises TabularError when the file as a whole cannot be read."""
    progress = progress or no_progress
    table = read_table(path, max_bytes=max_bytes)
    columns = match_columns(table.headers, parsing.COLUMNS)
    result = ImportResult()
    accepted = parse_rows(table, columns, RowParser(within), result, progress)
    save_rows(accepted, within, result, progress, user)
    return result
