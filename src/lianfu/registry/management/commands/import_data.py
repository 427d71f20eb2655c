"""lianfu import enterprises FILE [--report REJECTS.xlsx] [--as USERNAME]
lianfu import suppliers --lead USCC FILE [--report REJECTS.xlsx] [--as USERNAME]"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.chains.importing import jobs as supplier_jobs
from lianfu.common.enums import JobStatus
from lianfu.common.models import ImportJob
from lianfu.common.progress import rich_progress
from lianfu.registry.importing import jobs as enterprise_jobs
from lianfu.registry.models import Enterprise


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

    def handle(self, *args, kind, file: Path, report: Path | None, username: str | None, **options):
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
        if report:
            job_options["report"] = str(report.resolve())
        job = ImportJob.objects.create(kind=kind, created_by=user, original_name=file.name,
                                       stored_path=str(file.resolve()), options=job_options)
        with rich_progress() as progress:
            job = run(job, progress)
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        self.stdout.write(
            f"{job.rows_total:,} rows: {job.created:,} created, {job.updated:,} updated, "
            f"{job.unchanged:,} unchanged, {job.rejected:,} rejected")
        if job.report_path:
            self.stdout.write(f"rejected rows: {job.report_path}")

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
