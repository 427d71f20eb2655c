"""Health officials: propose a person's status with a reason; another official
approves or rejects it; only approved statuses decide scans."""
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lianfu.checkin import health_records
from lianfu.checkin.enums import RecordState
from lianfu.checkin.forms import HealthStatusForm
from lianfu.checkin.models import HealthRecord

RECENT = 50


@login_required
@permission_required("checkin.set_health_status", raise_exception=True)
def health_status(request):
    form = HealthStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            health_records.propose(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("entry:health")
    records = HealthRecord.objects.select_related("proposed_by", "decided_by")        # scoped: the county's
    return render(request, "checkin/health.html", {
        "form": form,
        "waiting": records.filter(state=RecordState.PROPOSED).order_by("proposed_at", "id"),
        "decided": records.exclude(state=RecordState.PROPOSED).order_by("-decided_at", "-id")[:RECENT],
    })


@login_required
@permission_required("checkin.set_health_status", raise_exception=True)
@require_POST
def health_decide(request, pk: int):
    record = get_object_or_404(HealthRecord, pk=pk)
    try:
        health_records.decide(actor=request.user, record=record, approve=request.POST.get("decision") == "approve")
    except ValidationError as error:
        return render(request, "checkin/health.html", {
            "form": HealthStatusForm(), "error": error.messages[0],
            "waiting": HealthRecord.objects.filter(state=RecordState.PROPOSED).order_by("proposed_at", "id"),
            "decided": []}, status=409)
    return redirect("entry:health")
