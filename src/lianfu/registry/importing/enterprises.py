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
    ImportResult,
    Progress,
    Rejection,
    RowError,
    counted_rows,
    no_progress,
    read_for_import,
    rejection,
)
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

    def __call__(self, cells: dict[str, str]) -> tuple[dict, list[RowError]]:
        """Clean values for the non-blank cells, keyed by model attribute, and
        every field's error (a row is reported whole, not one error at a time)."""
        out: dict = {}
        errors: list[RowError] = []
        for field, text in cells.items():
            if field != "uscc" and not text:
                continue
            try:
                value = parsing.parse_uscc(text) if field == "uscc" else self.handlers[field](text)
            except RowError as error:
                errors.append(error)
            else:
                out[self.ATTRIBUTES.get(field, field)] = value
        return out, errors


def _rejection(row: int, field: str, value: str, reason, cells=()) -> Rejection:
    return rejection(parsing.LABELS, row, field, value, reason, cells)


Accepted = dict[str, tuple[int, dict, list[str]]]   # uscc -> (row number, clean values, cells)


def parse_rows(table, parser: RowParser, result: ImportResult, progress: Progress) -> Accepted:
    """The rows that passed, by credit code; the first occurrence wins."""
    accepted: Accepted = {}
    plan = table.plan
    for row, cells in counted_rows(table, result, progress):
        values = plan.values(cells)
        clean, errors = parser(values)
        if "uscc" in clean and clean["uscc"] in accepted:
            errors.insert(0, RowError("uscc", _("the same credit code as row %(row)d") % {
                "row": accepted[clean["uscc"]][0]}))
        if not values.get("name"):
            errors.append(RowError("name", _("the enterprise name is missing")))
        if errors:
            result.rejections.extend(_rejection(row, e.field, values.get(e.field, ""), e.reason, cells)
                                     for e in errors)
        else:
            accepted[clean["uscc"]] = (row, clean, cells)
    return accepted


def _write(creates: list[Enterprise], updates: list[Enterprise], changed: list[str], user, progress: Progress,
           before_commit=None, result=None) -> None:
    """One transaction: new rows, changed rows, and a history row for each."""
    now = timezone.now()
    total = len(creates) + len(updates)
    with transaction.atomic():
        bulk.create_with_history(Enterprise, creates, key=("uscc",), user=user, now=now)
        progress("saving", len(creates), total)
        if updates:
            bulk.update_with_history(Enterprise, updates, changed, user=user, now=now)
        progress("saving", total, total)
        if before_commit:
            before_commit(result)


def save_rows(accepted: Accepted, within: Division | None, result: ImportResult,
              progress: Progress, user=None, before_commit=None) -> None:
    creates: list[Enterprise] = []
    updates: list[Enterprise] = []
    changed_fields: set[str] = set()
    codes = list(accepted)
    with scopes_disabled():
        for chunk in bulk.chunks(codes):
            existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=chunk)}
            for code in chunk:
                row, clean, cells = accepted[code]
                current = existing.get(code)
                if current is None:
                    # A row without a town lands in the importer's own division so
                    # it stays visible to them rather than to nobody.
                    clean.setdefault("division_id", within.code if within else None)
                    creates.append(Enterprise(**clean))
                    continue
                if within is not None and not within.contains(current.division_id or ""):
                    result.rejections.append(_rejection(row, "uscc", code, _(
                        "this enterprise is registered outside your jurisdiction; ask the county to move it"), cells))
                    continue
                diff = [f for f in COMPARED if f in clean and getattr(current, f) != clean[f]]
                if diff:
                    for f in diff:
                        setattr(current, f, clean[f])
                    changed_fields.update(diff)
                    updates.append(current)
                else:
                    result.unchanged += 1
        result.created, result.updated = len(creates), len(updates)
        result.rejections.sort(key=lambda r: r.row)
        _write(creates, updates, sorted(changed_fields), user, progress, before_commit, result)


def import_enterprises(path: Path, *, within: Division | None, max_bytes: int, progress: Progress | None = None,
                       user=None, choices: dict | None = None, saved: dict | None = None,
                       before_commit=None) -> ImportResult:
    """Read, validate and upsert. ``within`` is the importer's jurisdiction (None:
    anywhere); ``user`` is recorded in the history rows; ``choices``/``saved``:
    the user's column mapping (common.importing.columns); ``before_commit(result)``
    runs inside the saving transaction (the rejects report: if it cannot be
    written, nothing is saved). Raises TabularError when the file as a whole
    cannot be read."""
    progress = progress or no_progress
    table = read_for_import(path, parsing.vocabulary(), max_bytes=max_bytes, choices=choices, saved=saved)
    table.plan.check()
    result = ImportResult()
    accepted = parse_rows(table, RowParser(within), result, progress)
    save_rows(accepted, within, result, progress, user, before_commit)
    return result
