from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "lianfu.liaison"
    label = "liaison"
    verbose_name = _("Liaison officers")

    def ready(self):
        from lianfu.common import assigned
        from lianfu.liaison import reach

        assigned.register(reach.looks_after, reach.reading_towns)
