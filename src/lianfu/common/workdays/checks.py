"""A system check (every management command, the sweep's cron job included):
this year, or next year once it is due, has no official calendar."""
from django.core.checks import Warning
from django.db import DatabaseError
from django.utils import timezone

from lianfu.common.workdays.lookup import years_missing

# `lianfu check --tag calendar` runs this check alone; a plain `check` runs it too.
CALENDAR_CHECK_TAG = "calendar"


def official_calendar_years(app_configs=None, **kwargs) -> list[Warning]:
    try:
        missing = years_missing(timezone.localdate())
    except DatabaseError:
        return []   # no tables yet: the first `migrate` has not run
    return [Warning(
        f"No official working-day calendar for {year}: the helpdesk's deadlines count Monday to Friday "
        f"as working days in {year}, public holidays included.",
        hint=f"Enter the State Council's {year} holidays and make-up working days at /calendar/{year}/ "
             f"(county officers, administrators) or in the admin (Working-day calendars), "
             f"or upgrade the chinesecalendar package to a version that has {year}.",
        id="lianfu.W001") for year in missing]
