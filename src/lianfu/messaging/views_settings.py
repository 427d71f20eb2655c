"""A user's own notification settings: what is in force now and where each
value comes from, and the form over preference_changes.save_user_preference
(which audits the change). Every signed-in user has this page."""
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianfu.common.masking import mask_phone
from lianfu.messaging.addresses import mask_email
from lianfu.messaging.enums import Source
from lianfu.messaging.forms import PreferenceForm
from lianfu.messaging.models import DingTalkLink, UserPreference
from lianfu.messaging.preference_changes import save_user_preference
from lianfu.messaging.preferences import defaults_for, preferences_for, sources_for
from lianfu.messaging.views_dingtalk import may_link


@login_required
def settings_page(request):
    user = request.user
    preference = UserPreference.objects.filter(user=user).first()
    form = PreferenceForm(request.POST or None, preference=preference, defaults=defaults_for(user))
    if request.method == "POST" and form.is_valid():
        try:
            save_user_preference(actor=user, user=user, **form.preference_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("messaging:settings")
    in_force = preferences_for(user)
    return render(request, "messaging/settings.html", {
        "form": form, "in_force": replace(in_force, phone=mask_phone(in_force.phone)),  # never the number itself
        "sources": {field: Source(source).label for field, source in sources_for(user).items()},
        "email_masked": mask_email(user.email) if (user.email or "").strip() else "",
        # Who reports problems from DingTalk links an account here (views_dingtalk.py).
        "dingtalk": {"link": DingTalkLink.objects.filter(user=user).first()} if may_link(user) else None})
