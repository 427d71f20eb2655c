from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "lianfu.projects"
    label = "projects"
    verbose_name = _("Major projects")

    def ready(self):
        from lianfu.common.importing.cli_kinds import register
        from lianfu.projects.importing.cli_kind import KIND

        register(KIND)
