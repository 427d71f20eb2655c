"""What every four-sync page shares: finding the enterprise (scoped, so one
outside the user's reach is a 404), refusing a user without the right (403),
and showing a refused step with its HTTP status (409 stale, 422 not allowed)."""
from django.shortcuts import get_object_or_404, render

from lianfu.common.workflow import require
from lianfu.registry.models import Enterprise
from lianfu.restart.errors import WorkflowError
from lianfu.restart.stages import stage_of


def enterprise_for(user, uscc: str, perm: str) -> Enterprise:
    enterprise = get_object_or_404(Enterprise.objects.select_related("division"), uscc=uscc)
    require(user, perm, enterprise)
    return enterprise


def refused(request, template: str, context: dict, error: WorkflowError):
    """The page again, typed values kept, with why the step was refused."""
    return render(request, template, {**context, "refusal": error.message}, status=error.status)


def enterprise_context(enterprise) -> dict:
    return {"enterprise": enterprise, "stage": stage_of(enterprise.pk)}

