"""The mapping step between a web upload and its import: the file's headers,
our guess for each (with its score), sample values and a choice to change it.
The confirmed mapping is saved per user and kind of import and offered again.

Reading the file happens in the task worker (``run_preview``), never in the
web request: calamine is native code and a malformed file may crash its process."""
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.common.enums import ImportStatus, JobStatus
from lianfu.common.importing.columns import IGNORE, Vocabulary
from lianfu.common.importing.describe import HOW, IGNORED
from lianfu.common.importing.headers import header_key
from lianfu.common.importing.reading import read_for_import, samples
from lianfu.common.models import ImportJob, ImportMapping
from lianfu.common.tabular import TabularError


def saved_mapping(user, kind: str) -> dict[str, str]:
    if user is None:
        return {}
    found = ImportMapping.objects.filter(user=user, kind=kind).values_list("columns", flat=True).first()
    return found or {}


def run_preview(job: ImportJob, vocabulary: Vocabulary, *, max_bytes: int) -> ImportJob:
    """Lay out the uploaded file and wait for the user's mapping (status MAPPING),
    or fail the job when the file cannot be read at all."""
    try:
        table = read_for_import(job.stored_path, vocabulary, max_bytes=max_bytes,
                                saved=saved_mapping(job.created_by, job.kind))
        values = samples(table)
        preview = table.summary()
        for column, found in zip(preview["columns"], values):
            column["samples"] = found
        job.summary, job.status = {"preview": preview}, ImportStatus.MAPPING
    except TabularError as error:
        job.status, job.error = JobStatus.FAILED, str(error)
    ImportJob.objects.filter(pk=job.pk).update(summary=job.summary, status=job.status, error=job.error)
    return job


@dataclass
class MappingRow:
    index: int
    letter: str
    header: str
    chosen: str
    guess: dict
    samples: list[str]

    @property
    def how(self) -> str:
        return str(HOW.get(self.guess.get("how", ""), ""))

    @property
    def why_ignored(self) -> str:
        """Why we left a column out ("" when we just do not know its header)."""
        reason = self.guess.get("reason", "")
        if self.guess.get("fate") != "ignored" or reason in ("", "unknown"):
            return ""
        return str(IGNORED.get(reason, "")) % {"other": self.guess.get("other", "")}


def mapping_rows(job: ImportJob, posted: dict | None = None) -> list[MappingRow]:
    columns = job.summary.get("preview", {}).get("columns", [])
    rows = []
    for column in columns:
        guess = column["field"] if column["fate"] == "matched" else IGNORE
        chosen = posted.get(column["letter"], guess) if posted is not None else guess
        rows.append(MappingRow(column["index"], column["letter"], column["header"], chosen, column,
                               column.get("samples", [])))
    return rows


def validate_choices(rows: list[MappingRow], vocabulary: Vocabulary) -> list[str]:
    """The problems with a mapping, in words; empty when it can be imported."""
    errors = []
    by_field: dict[str, list[str]] = {}
    for row in rows:
        if row.chosen and row.chosen not in vocabulary.by_field:
            errors.append(_("Column %(letter)s: unknown field.") % {"letter": row.letter})
        elif row.chosen:
            by_field.setdefault(row.chosen, []).append(row.letter)
    for field, letters in by_field.items():
        if len(letters) > 1:
            errors.append(_("%(field)s is chosen for more than one column (%(letters)s): keep one, ignore the others.")
                          % {"field": vocabulary.by_field[field].label, "letters": "、".join(letters)})
    for column in vocabulary.columns:
        if column.required and column.field not in by_field:
            errors.append(_("No column is chosen for %(field)s, which is required.") % {"field": column.label})
    return errors


def confirm_mapping(job: ImportJob, rows: list[MappingRow], *, actor) -> bool:
    """Save the user's mapping as their template and queue the import; False
    when another request confirmed it first (the page was stale)."""
    choices = {row.letter: row.chosen for row in rows}
    template = {header_key(row.header): row.chosen for row in rows if header_key(row.header)}
    # What the user left as we guessed keeps saying how we guessed it.
    kept = {row.letter: {"how": row.guess.get("how", ""), "score": row.guess.get("score", 0.0)}
            for row in rows if row.chosen and row.chosen == row.guess.get("field") and row.guess.get("how")}
    kept.update({row.letter: {"reason": row.guess.get("reason") or "unknown"}
                 for row in rows if not row.chosen and row.guess.get("fate") == "ignored"})
    with transaction.atomic():
        options = {**job.options, "choices": choices, "kept_guesses": kept}
        moved = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.MAPPING).update(
            status=JobStatus.QUEUED, options=options)
        if not moved:
            return False
        mapping, _created = ImportMapping.objects.get_or_create(user=actor, kind=job.kind)
        mapping.columns = {**mapping.columns, **template}
        mapping.save(update_fields=["columns", "updated_at"])
        log_activity(actor=actor, action=f"import.{job.kind}.mapped", subject=job, file=job.original_name,
                     choices=choices)
    job.status, job.options = JobStatus.QUEUED, options
    return True


def with_kept_guesses(layout: dict, options: dict) -> dict:
    """The import's column fates, where a confirmed guess says how it was
    guessed (a known header, 0.86 similar…, not a column we read) rather than
    "your choice": only what the user changed is theirs."""
    kept = options.get("kept_guesses") or {}
    for column in layout.get("columns", []):
        guess = kept.get(column.get("letter"))
        if not guess:
            continue
        if column.get("fate") == "matched" and column.get("how") == "chosen" and "how" in guess:
            column["how"], column["score"] = guess["how"], guess["score"]
        elif column.get("fate") == "ignored" and column.get("reason") == "chosen" and "reason" in guess:
            column["reason"] = guess["reason"]
    return layout
