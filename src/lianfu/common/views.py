"""The activity log page: the audit trail of a jurisdiction, in words."""
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lianfu.common import activity_words
from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of
from lianfu.common.queries import activity_for


@login_required
@permission_required("common.view_activity", raise_exception=True)
def activity(request):
    qs = activity_for(request.user)
    action = request.GET.get("action", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    if request.GET.get("export") == "xlsx":
        # The same words as the page; the event's code last, for filtering in Excel.
        return xlsx_response(
            "activity.xlsx", [_("Time"), _("Who"), _("What happened"), _("Details"), _("Event code")],
            ([timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor.display_name if e.actor else _("system"),
              sentence, "; ".join(f"{k}={v}" for k, v in e.data.items()), e.action]
             for e, sentence in activity_words.described(qs.iterator(chunk_size=2000))),
            sheet_name=_("Activity log"))
    page = page_of(request, qs)
    entries = list(page.object_list)
    for entry, sentence in zip(entries, activity_words.describe(entries)):
        entry.sentence = sentence
    # A filter narrower than a family (a link to one kind of event) is shown as what it is.
    narrower = "" if not action or action in dict(activity_words.FAMILIES) else activity_words.narrower(action)
    return render(request, "common/activity.html",
                  {"page": page, "entries": entries, "action": action, "families": activity_words.FAMILIES,
                   "narrower": narrower, "query": urlencode({"action": action})})
