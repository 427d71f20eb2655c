"""The county bureau (and administrators) enter each year's holidays and
make-up working days from the State Council's notice."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.enums import DayKind
from lianfu.common.models import WorkCalendar
from lianfu.common.workdays.domain import EDIT_PERMISSION, save_calendar
from lianfu.common.workdays.forms import CALENDAR_HELP, CalendarForm, entry_formset
from lianfu.common.workdays.lookup import source_of, years_missing
from lianfu.common.workflow import require

FIRST_YEAR, LAST_YEAR = 2000, 2100


@login_required
def calendar_list(request):
    require(request.user, EDIT_PERMISSION)
    if request.GET.get("year", "").isdigit():   # "another year" asks for that year's page
        return redirect("workdays:edit", int(request.GET["year"]))
    today = timezone.localdate()
    calendars = {c.year: c for c in WorkCalendar.objects.select_related("updated_by").annotate(
        holidays=Count("entries", filter=Q(entries__kind=DayKind.HOLIDAY)),
        workdays=Count("entries", filter=Q(entries__kind=DayKind.WORKDAY)))}
    years = sorted({today.year, today.year + 1, *calendars}, reverse=True)
    rows = [{"year": year, "source": source_of(year), "calendar": calendars.get(year)} for year in years]
    return render(request, "common/work_calendar_list.html",
                  {"rows": rows, "calendar_missing": years_missing(today)})


@login_required
def calendar_edit(request, year: int):
    require(request.user, EDIT_PERMISSION)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    calendar = WorkCalendar.objects.filter(year=year).first() or WorkCalendar(year=year)
    data = request.POST if request.method == "POST" else None
    form, entries = CalendarForm(data, instance=calendar), entry_formset(calendar, data)
    if data is not None and form.is_valid() and entries.is_valid():
        try:
            save_calendar(actor=request.user, year=year, source_title=form.cleaned_data["source_title"],
                          source_url=form.cleaned_data["source_url"], entries=entries.entries())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The %(year)s calendar is saved. Deadlines set from now on count its "
                                        "holidays and make-up working days; deadlines already set stay as they "
                                        "are.") % {"year": year})
            return redirect("workdays:list")
    return render(request, "common/work_calendar_edit.html", {
        "year": year, "form": form, "entries": entries, "help": CALENDAR_HELP, "source": source_of(year)})
