"""What a county officer does to one robot: switch it off or on, send it a
test message. Found in the user's reach (another county's robot: 404), each
change audited by robots.py."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.workflow import require
from lianfu.messaging.models import Robot
from lianfu.messaging.robots import send_test_message, set_robot_active


def robot_in_reach(request, pk: int) -> Robot:
    require(request.user, "messaging.manage_channels")        # a town officer or a firm: 403 before any lookup
    robot = get_object_or_404(Robot.objects.select_related("division"), pk=pk)   # scoped: another county's 404
    require(request.user, "messaging.manage_robot", robot)
    return robot


@login_required
@require_POST
def robot_active(request, pk: int):
    robot = robot_in_reach(request, pk)
    active = request.POST.get("active") == "1"
    if set_robot_active(actor=request.user, robot=robot, active=active):
        messages.success(request, (_("Switched %(name)s back on.") if active else _("Switched %(name)s off."))
                         % {"name": robot.name})
    return redirect(reverse("messaging:channels") + f"#robot-{robot.pk}")


@login_required
@require_POST
def robot_test(request, pk: int):
    robot = robot_in_reach(request, pk)
    try:
        delivery = send_test_message(actor=request.user, robot=robot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("messaging:channels") + f"#robot-{robot.pk}")
    messages.success(request, _("A test message to %(name)s was queued; how it went is shown below.")
                     % {"name": robot.name})
    return redirect(reverse("messaging:channels") + "?" + urlencode({"delivery": delivery.pk}) + "#recent")
