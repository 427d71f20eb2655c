from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "lianfu.analysis"
    verbose_name = _("Analysis")
    default_auto_field = "django.db.models.BigAutoField"
