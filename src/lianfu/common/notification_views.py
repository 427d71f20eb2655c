"""The notification centre: a user's own notifications, newest first; opening
or marking one read is a POST (it changes state)."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.exports import xlsx_response
from lianfu.common.models import Notification
from lianfu.common.notifications import text

PAGE_SIZE = 30


@login_required
def notifications(request):
    unread_only = request.GET.get("show") == "unread"
    qs = Notification.objects.filter(user=request.user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "notifications.xlsx", [_("Time"), _("Message"), _("Link"), _("Read at")],
            ([timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M"), text(n), n.url,
              timezone.localtime(n.read_at).strftime("%Y-%m-%d %H:%M") if n.read_at else ""] for n in qs),
            sheet_name=_("Notifications"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(n, text(n)) for n in page.object_list]
    return render(request, "common/notifications.html", {
        "page": page, "rows": rows, "unread_only": unread_only, "query": "show=unread" if unread_only else ""})


@login_required
@require_POST
def notifications_read(request):
    """Mark one (``id``) or every unread notification of the user read; with
    ``next`` (the notification's own link) go there, else back to the list."""
    qs = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if request.POST.get("id"):
        qs = qs.filter(pk=request.POST["id"]) if request.POST["id"].isdigit() else qs.none()
    qs.update(read_at=timezone.now())
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications")
