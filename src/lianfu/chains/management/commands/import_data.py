"""lianfu import enterprises FILE [--map "header=field,..."] [--report REJECTS.xlsx] [--as USERNAME]
lianfu import suppliers --lead USCC FILE [--map ...] [--report REJECTS.xlsx] [--as USERNAME]

Prints where the header was found, the mapping it used (every column's fate)
and every skipped row, then the counts."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.chains.importing import jobs as supplier_jobs
from lianfu.chains.importing.columns import LABELS as SUPPLIER_LABELS
from lianfu.common.enums import JobStatus
from lianfu.common.importing.describe import describe
from lianfu.common.models import ImportJob
from lianfu.common.progress import rich_progress
from lianfu.registry.importing import jobs as enterprise_jobs
from lianfu.registry.importing.parsing import LABELS as ENTERPRISE_LABELS
from lianfu.registry.models import Enterprise

LABELS = {enterprise_jobs.KIND: ENTERPRISE_LABELS, supplier_jobs.KIND: SUPPLIER_LABELS}


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
    help = "Import data files. Kinds: enterprises, suppliers."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        enterprises = kinds.add_parser(enterprise_jobs.KIND, help="an enterprise registry (.xlsx, .xls, .csv)")
        suppliers = kinds.add_parser(supplier_jobs.KIND, help="a lead firm's supplier list (.xlsx, .xls, .csv)")
        suppliers.add_argument("--lead", required=True, help="the lead firm's credit code")
        for kind, limit in ((enterprises, "limited to their jurisdiction"), (suppliers, "who must have the right")):
            kind.add_argument("file", type=Path)
            kind.add_argument("--report", type=Path, help="write rejected rows to this .xlsx")
            kind.add_argument("--as", dest="username", help=f"import as this user ({limit}); default: no limit")
            kind.add_argument("--map", dest="mapping", default="", help=(
                'column choices, e.g. "从业人员数=employees,其中外地=": a header (or a column letter such as E) '
                "= a field name; nothing after = ignores the column"))

    def handle(self, *args, kind, file: Path, report: Path | None, username: str | None, mapping: str = "",
               **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        user = self._user(username)
        if kind == supplier_jobs.KIND:
            lead = self._lead(options["lead"])
            if user is not None and not user.has_perm("chains.import_suppliers", lead):
                raise CommandError(f"{username!r} may not import the suppliers of {lead.uscc} (administrators, "
                                   "officers whose jurisdiction reaches it and the firm's own users may)")
            run, job_options = supplier_jobs.run_job, {"lead": lead.pk}
        else:
            if user is not None and not user.has_perm("registry.import_enterprises"):
                raise CommandError(f"{username!r} may not import enterprises (county officers and administrators may)")
            run, job_options = enterprise_jobs.run_job, {}
        labels = LABELS[kind]
        if mapping:
            job_options["choices"] = parse_map(mapping, labels)
        if report:
            job_options["report"] = str(report.resolve())
        job = ImportJob.objects.create(kind=kind, created_by=user, original_name=file.name,
                                       stored_path=str(file.resolve()), options=job_options)
        with rich_progress() as progress:
            job = run(job, progress)
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        self._describe(job, labels)
        self.stdout.write(
            f"{job.rows_total:,} rows: {job.created:,} created, {job.updated:,} updated, "
            f"{job.unchanged:,} unchanged, {job.rejected:,} rejected")
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

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        with scopes_disabled():
            user = User.objects.filter(username=username).select_related("division").first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        return user

    def _lead(self, code: str) -> Enterprise:
        with scopes_disabled():
            lead = Enterprise.objects.filter(uscc=code.strip().upper()).first()
        if lead is None:
            raise CommandError(f"--lead {code!r}: no enterprise has this credit code (import the registry first)")
        return lead
