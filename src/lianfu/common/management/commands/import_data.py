"""lianfu import enterprises FILE [--map "header=field,..."] [--report REJECTS.xlsx] [--as USERNAME]
lianfu import suppliers --lead USCC FILE [--map ...] [--report REJECTS.xlsx] [--as USERNAME]
lianfu import workers FILE [--full] [--map ...] [--report REJECTS.xlsx] [--as USERNAME]

Prints where the header was found, the mapping it used (every column's fate)
and every skipped row, then the counts. The kinds are registered by their apps
(common.importing.cli_kinds)."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from lianfu.common.enums import JobStatus
from lianfu.common.importing.cli_kinds import KINDS
from lianfu.common.importing.describe import describe
from lianfu.common.models import ImportJob
from lianfu.common.progress import rich_progress


def parse_map(text: str, labels: dict) -> dict[str, str]:
    """ "从业人员数=employees,其中外地=" -> {"从业人员数": "employees", "其中外地": ""}."""
    choices: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        header, sep, field = part.partition("=")
        if not sep or not header.strip():
            raise CommandError(f"--map {part!r}: write header=field (or header= to ignore the column)")
        field = field.strip()
        if field and field not in labels:
            raise CommandError(f"--map {part!r}: no field {field!r}; fields: {', '.join(labels)}")
        choices[header.strip()] = field
    return choices


class Command(BaseCommand):
    help = "Import data files. Kinds: " + ", ".join(sorted(KINDS)) if KINDS else "Import data files."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        for kind in sorted(KINDS.values(), key=lambda k: k.kind):
            sub = kinds.add_parser(kind.kind, help=kind.help)
            kind.add_arguments(sub)
            sub.add_argument("file", type=Path)
            sub.add_argument("--report", type=Path, help="write rejected rows to this .xlsx")
            sub.add_argument("--as", dest="username", help=f"import as this user ({kind.who}); default: no limit")
            sub.add_argument("--map", dest="mapping", default="", help=(
                'column choices, e.g. "从业人员数=employees,其中外地=": a header (or a column letter such as E) '
                "= a field name; nothing after = ignores the column"))

    def handle(self, *args, kind, file: Path, report: Path | None, username: str | None, mapping: str = "",
               **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        spec = KINDS[kind]
        user = self._user(username)
        job_options = spec.prepare(user, options)
        if mapping:
            job_options["choices"] = parse_map(mapping, spec.labels)
        if report:
            job_options["report"] = str(report.resolve())
        job = ImportJob.objects.create(kind=kind, created_by=user, original_name=file.name,
                                       stored_path=str(file.resolve()), options=job_options)
        with rich_progress() as progress:
            job = spec.run_job(job, progress)
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        self._describe(job, spec.labels)
        self.stdout.write(
            f"{job.rows_total:,} rows: {job.created:,} created, {job.updated:,} updated, "
            f"{job.unchanged:,} unchanged, {job.rejected:,} rejected")
        for line in describe(job.summary, spec.labels)["notes"]:
            self.stdout.write(line)
        if job.report_path:
            self.stdout.write(f"rejected rows: {job.report_path}")

    def _describe(self, job: ImportJob, labels: dict) -> None:
        text = describe(job.summary, labels)
        self.stdout.write(text["header"])
        self.stdout.write("mapping used:")
        for line in text["matched"] + text["ignored"]:
            self.stdout.write(f"  {line}")
        if text["skipped"]:
            self.stdout.write(f"{len(text['skipped'])} rows skipped:")
            for line in text["skipped"]:
                self.stdout.write(f"  {line}")

    def _user(self, username: str | None):
        if not username:
            return None
        with scopes_disabled():
            user = get_user_model().objects.filter(username=username).select_related("division").first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        return user
