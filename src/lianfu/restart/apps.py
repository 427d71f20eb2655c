from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestartConfig(AppConfig):
    name = "lianfu.restart"
    label = "restart"
    verbose_name = _("Four-sync restart")
