"""The liaison officer's visit pages (phone first): record a visit to a firm or
a building, with a need and a survey for a firm; the officer's own visits; one
visit; a visit's photo.

Reach: the officer who looks after the firm or building now records (and an
administrator); anyone else who can see the firm or building gets 403 (another
liaison officer of the town reads the firm's page and progress, but does not
act for it), and one who cannot see it gets 404. The firm is looked up
unscoped first: an officer's assignment may lie in another town of their team."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common import uploads
from lianfu.common.pagination import page_of, query_without_page
from lianfu.helpdesk.views_report import channel_of, sent_message
from lianfu.liaison import visits
from lianfu.liaison.enums import VisitPurpose
from lianfu.liaison.forms_visits import NEED, SURVEY, VisitForms, sections_asked
from lianfu.liaison.models import Visit, VisitPhoto
from lianfu.registry.models import Enterprise, OfficeBuilding
from lianfu.restart.models import Survey
from lianfu.restart.stages import stage_of

PAGE_SIZE = 20


def _unit_for(user, model, **lookup):
    """The firm or building if ``user`` may record a visit to it; 403 if they
    can see it without acting for it; 404 if they cannot see it at all."""
    with scopes_disabled():
        unit = get_object_or_404(model.objects.all(), **lookup)
    if user.has_perm("liaison.record_visit", unit):
        return unit
    if model.objects.filter(pk=unit.pk).exists():   # the request's scope: what the user can see
        raise PermissionDenied
    raise Http404


@login_required
def visit_firm(request, uscc: str):
    firm = _unit_for(request.user, Enterprise, uscc=uscc)
    return _record(request, enterprise=firm)


@login_required
def visit_building(request, pk: int):
    building = _unit_for(request.user, OfficeBuilding, pk=pk)
    return _record(request, building=building)


def _record(request, *, enterprise=None, building=None):
    unit = enterprise if enterprise is not None else building
    asked = request.POST.getlist("with") if request.method == "POST" else request.GET.getlist("with")
    sections = sections_asked(asked)
    if request.method == "POST":
        forms = VisitForms(request.POST, request.FILES, with_sections=sections, for_firm=enterprise is not None)
        if forms.is_valid():
            try:
                visit = visits.record_visit(actor=request.user, enterprise=enterprise, building=building,
                                            channel=channel_of(request), **forms.values())
            except ValidationError as error:
                forms.add_error(error)
            else:
                _tell(request, visit)
                return redirect("liaison:visit", pk=visit.pk)
    else:
        purpose = (VisitPurpose.SURVEY if SURVEY in sections else VisitPurpose.NEED if NEED in sections
                   else VisitPurpose.ROUTINE)
        forms = VisitForms(with_sections=sections, initial_purpose=purpose, for_firm=enterprise is not None,
                           initial_survey=_latest_survey(enterprise))
    return render(request, "liaison/visit_form.html", {
        "unit": unit, "enterprise": enterprise, "building": building, "forms": forms,
        "stage": stage_of(enterprise.pk) if enterprise is not None else None,
    })


def _latest_survey(enterprise):
    if enterprise is None:
        return None
    with scopes_disabled():
        return Survey.objects.filter(enterprise=enterprise).order_by("-created_at", "-id").first()


def _tell(request, visit: Visit) -> None:
    messages.success(request, _("Visit recorded."))
    if visit.ticket is not None:
        with scopes_disabled():
            messages.success(request, sent_message(visit.ticket))
    if visit.survey is not None:
        messages.success(request, _("Survey saved: the firm is now “%(stage)s”.") % {
            "stage": stage_of(visit.enterprise_id).label})
        filed = visits.survey_ticket(visit)
        if filed is not None:
            messages.success(request, sent_message(filed))


def _visit_for(user, pk: int) -> Visit:
    """A visit the user may read; any other is simply not found."""
    with scopes_disabled():
        visit = get_object_or_404(Visit.objects.select_related("officer", "enterprise", "building", "town",
                                                               "ticket", "ticket__department", "ticket__town",
                                                               "survey"), pk=pk)
    if not visits.may_read(user, visit):
        raise Http404
    return visit


@login_required
def visit_detail(request, pk: int):
    visit = _visit_for(request.user, pk)
    with scopes_disabled():
        photos = list(VisitPhoto.objects.filter(visit=visit).order_by("id"))
    filed = visits.survey_ticket(visit)
    return render(request, "liaison/visit_detail.html", {
        "visit": visit, "photos": photos,
        "stage": stage_of(visit.enterprise_id) if visit.enterprise_id else None,
        "can_open_ticket": visit.ticket is not None and request.user.has_perm("helpdesk.view_ticket", visit.ticket),
        "survey_ticket": filed,
        "can_open_survey_ticket": filed is not None and request.user.has_perm("helpdesk.view_ticket", filed),
        "can_record": request.user.has_perm("liaison.record_visit", visit.enterprise or visit.building),
    })


@login_required
def visit_photo(request, pk: int):
    """A visit's photo, shown in the page: its type was read from its bytes
    when it was stored, and it is served under that type only."""
    with scopes_disabled():
        photo = get_object_or_404(VisitPhoto.objects.select_related("visit"), pk=pk)
    if not visits.may_read(request.user, photo.visit):
        raise Http404
    path = uploads.stored_path(photo.path)
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@permission_required("liaison.list_own_visits", raise_exception=True)
def my_visits(request):
    # Unscoped, limited to the officer's own: a team's firms may lie in several towns.
    with scopes_disabled():
        rows = (Visit.objects.filter(officer=request.user)
                .select_related("enterprise", "building", "town", "ticket", "survey")
                .annotate(photo_count=Count("photos")).order_by("-visited_on", "-id"))
        page = page_of(request, rows, PAGE_SIZE)
        page.object_list = list(page.object_list)
    return render(request, "liaison/visits.html", {"page": page, "query": query_without_page(request)})
