from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "lianfu.helpdesk"
    label = "helpdesk"
    verbose_name = _("Helpdesk")

    def ready(self):
        from lianfu.common.signals import survey_needs_changed
        from lianfu.helpdesk import receivers

        survey_needs_changed.connect(receivers.file_survey_needs, dispatch_uid="helpdesk.file_survey_needs")
