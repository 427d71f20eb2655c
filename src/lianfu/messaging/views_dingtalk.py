"""DingTalk from lianfu's side: an enterprise user links their DingTalk account
(a one-time code sent to the robot: inbound.py), and a county officer lets a
robot's group write to it (its AppSecret; the callback is helpdesk/dingtalk.py)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.roles import Role
from lianfu.messaging import inbound
from lianfu.messaging.views_robots import robot_in_reach


def may_link(user) -> bool:
    """Problems are reported from DingTalk by firms: only their users link an account."""
    return user.is_authenticated and user.role == Role.ENTERPRISE_USER


def _require_may_link(user) -> None:
    if not may_link(user):
        raise PermissionDenied


def _back_to_settings():
    return redirect(reverse("messaging:settings") + "#dingtalk-link")


@login_required
@require_POST
def link_code(request):
    _require_may_link(request.user)
    code = inbound.issue_link_code(request.user)
    # Shown once, never stored in clear: the next request for a code replaces it.
    messages.success(request, _("Within %(minutes)s minutes, send “绑定 %(code)s” to the lianfu robot in your "
                                "town's DingTalk group (@ the robot).") % {"minutes": inbound.LINK_CODE_MINUTES,
                                                                         "code": code})
    return _back_to_settings()


@login_required
@require_POST
def unlink(request):
    _require_may_link(request.user)
    if inbound.unlink(actor=request.user, user=request.user):
        messages.success(request, _("Your DingTalk account is no longer linked."))
    return _back_to_settings()


@login_required
@require_POST
def robot_messages(request, pk: int):
    robot = robot_in_reach(request, pk)
    try:
        inbound.accept_messages(actor=request.user, robot=robot,
                                callback_secret=request.POST.get("callback_secret", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, (_("%(name)s now takes messages from its group.") if robot.takes_messages
                                   else _("%(name)s no longer takes messages.")) % {"name": robot.name})
    return redirect(reverse("messaging:channels") + f"#robot-{robot.pk}")
