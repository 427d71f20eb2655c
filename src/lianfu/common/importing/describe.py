"""What an import did with every column and every skipped row, in words: the
same sentences for the CLI, the job page and the job record."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HOW = {
    "synonym": gettext_lazy("known header"),
    "fuzzy": gettext_lazy("similar header"),
    "saved": gettext_lazy("your saved mapping"),
    "chosen": gettext_lazy("your choice"),
}
IGNORED = {
    "unknown": gettext_lazy("not a column this import reads"),
    "duplicate": gettext_lazy("column %(other)s already gives this field"),
    "not_needed": gettext_lazy("not needed (serial numbers, notes, the rejects report's own columns)"),
    "chosen": gettext_lazy("ignored by your choice"),
    "saved": gettext_lazy("ignored by your saved mapping"),
    "blank": gettext_lazy("no header"),
}
SKIPPED = {
    "title": gettext_lazy("title row"),
    "info": gettext_lazy("information row"),
    "above_header": gettext_lazy("above the header"),
    "totals": gettext_lazy("totals row"),
    "note": gettext_lazy("note"),
    "section": gettext_lazy("section title"),
    "repeated_header": gettext_lazy("repeated header"),
}


def _label(labels: dict, field: str) -> str:
    return str(labels.get(field, field))


def column_text(column: dict, labels: dict) -> str:
    """"E 「从业人员数」 → employees (similar header, 0.86)" and the like."""
    name = f"{column['letter']}「{column['header']}」" if column["header"] else column["letter"]
    if column["fate"] == "matched":
        how = str(HOW.get(column["how"], column["how"]))
        score = f", {column['score']:.2f}" if column["how"] == "fuzzy" else ""
        return f"{name} → {_label(labels, column['field'])} ({how}{score})"
    if column["fate"] == "ambiguous":
        choices = " / ".join(_label(labels, f) for f in column["candidates"])
        also = _(" (as does %(other)s)") % {"other": column["other"]} if column["other"] else ""
        return _("%(name)s: ambiguous, could be %(choices)s%(also)s") % {"name": name, "choices": choices,
                                                                         "also": also}
    reason = str(IGNORED.get(column["reason"], column["reason"])) % {"other": column.get("other", "")}
    return _("%(name)s: ignored, %(reason)s") % {"name": name, "reason": reason}


def skipped_text(skipped: dict) -> str:
    why = str(SKIPPED.get(skipped["why"], skipped["why"]))
    return _("row %(row)s skipped (%(why)s): %(text)s") % {"row": skipped["row"], "why": why, "text": skipped["text"]}


def header_text(layout: dict) -> str:
    rows = layout.get("header_rows") or []
    if len(rows) > 1:
        return _("header found in rows %(first)s–%(last)s") % {"first": rows[0], "last": rows[-1]}
    return _("header found in row %(row)s") % {"row": rows[0]} if rows else ""


NOTES = {
    "missing_flagged": gettext_lazy("%(n)s workers of the employers in this full roster are not in it: flagged for "
                                    "the labour officer to decide (nothing was deleted)"),
}


def notes_text(notes: dict) -> list[str]:
    return [str(NOTES[key]) % {"n": f"{value:,}"} for key, value in sorted(notes.items()) if key in NOTES]


def describe(layout: dict, labels: dict) -> dict:
    """The lines a person reads: header, each column, each skipped row, and
    what the importer itself has to say (notes)."""
    columns = layout.get("columns", [])
    return {
        "header": header_text(layout),
        "matched": [column_text(c, labels) for c in columns if c["fate"] == "matched"],
        "ignored": [column_text(c, labels) for c in columns if c["fate"] != "matched"],
        "skipped": [skipped_text(s) for s in layout.get("skipped", [])],
        "notes": notes_text(layout.get("notes", {})),
    }
