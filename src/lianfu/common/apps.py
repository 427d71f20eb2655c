from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "lianfu.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from lianfu.common import lookups  # noqa: F401 (registers __under before any scoped query)
        from lianfu.common.models import WorkCalendar, WorkCalendarEntry
        from lianfu.common.workdays.checks import CALENDAR_CHECK_TAG, official_calendar_years
        from lianfu.common.workdays.lookup import calendar_changed

        checks.register(official_calendar_years, CALENDAR_CHECK_TAG)
        # The admin saves calendars itself: clear the cached working days however they change.
        for model in (WorkCalendar, WorkCalendarEntry):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(calendar_changed, sender=model, dispatch_uid=f"workdays-{model.__name__}-{name}")
