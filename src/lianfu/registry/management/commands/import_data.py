"""lianfu import enterprises FILE [--report REJECTS.xlsx] [--as USERNAME]"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.common.enums import JobStatus
from lianfu.common.models import ImportJob
from lianfu.common.progress import rich_progress
from lianfu.registry.importing import jobs


class Command(BaseCommand):
    help = "Import data files. Kinds: enterprises."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        enterprises = kinds.add_parser("enterprises", help="an enterprise registry (.xlsx, .xls, .csv)")
        enterprises.add_argument("file", type=Path)
        enterprises.add_argument("--report", type=Path, help="write rejected rows to this .xlsx")
        enterprises.add_argument("--as", dest="username",
                                 help="import as this user (limited to their jurisdiction); default: no limit")

    def handle(self, *args, kind, file: Path, report: Path | None, username: str | None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        user = None
        if username:
            with scopes_disabled():
                user = User.objects.filter(username=username).select_related("division").first()
            if user is None:
                raise CommandError(f"no user {username!r}")
            if not user.has_perm("registry.import_enterprises"):
                raise CommandError(f"{username!r} may not import enterprises (county officers and administrators may)")
        job = ImportJob.objects.create(
            kind=jobs.KIND, created_by=user, original_name=file.name, stored_path=str(file.resolve()),
            options={"report": str(report.resolve())} if report else {})
        with rich_progress() as progress:
            job = jobs.run_job(job, progress)
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        self.stdout.write(
            f"{job.rows_total:,} rows: {job.created:,} created, {job.updated:,} updated, "
            f"{job.unchanged:,} unchanged, {job.rejected:,} rejected")
        if job.report_path:
            self.stdout.write(f"rejected rows: {job.report_path}")
