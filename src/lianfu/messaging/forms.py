"""The forms of the messaging pages: a user's own settings, a group robot, a
county's default for a role. The rules themselves are the domain's
(preference_changes.py, robots.py); its errors come back on these fields."""
from django import forms
from django.utils.translation import gettext_lazy as _

from lianfu.common.roles import Role
from lianfu.messaging.enums import DeliveryMode, RobotKind, Source
from lianfu.messaging.models import QUIET_END, QUIET_START, Robot, UserPreference
from lianfu.registry.models import Division

YES_NO = {"yes": True, "no": False}
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# Roles a county sets defaults for (an administrator belongs to no county).
COUNTY_ROLES = [(value, label) for value, label in Role.choices if value != Role.ADMINISTRATOR]


def yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def follow_label(value, source: str) -> str:
    """"As the county's default for your role (now: yes)"."""
    shown = yes_no(value) if isinstance(value, bool) else str(DeliveryMode(value).label)
    return str(_("Follow %(source)s (now: %(value)s)") % {"source": Source(source).label, "value": shown})


def _choice_of(value) -> str:
    return "" if value is None else ("yes" if value else "no")


class PreferenceForm(forms.Form):
    email = forms.TypedChoiceField(label=_("By e-mail"), required=False, coerce=YES_NO.get, empty_value=None)
    sms = forms.TypedChoiceField(label=_("By text message"), required=False, coerce=YES_NO.get, empty_value=None)
    phone = forms.CharField(
        label=_("Mobile number for text messages"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("11 digits. Leave it empty to keep the number stored."))
    clear_phone = forms.BooleanField(label=_("Remove the stored mobile number"), required=False)
    mode = forms.ChoiceField(label=_("How"), required=False)
    quiet_start = forms.TimeField(label=_("Quiet from"), widget=TIME)
    quiet_end = forms.TimeField(
        label=_("Quiet until"), widget=TIME,
        help_text=_("Between these times only urgent items are sent; the others wait until the end. "
                    "The same time twice means no quiet hours."))

    def __init__(self, *args, preference: UserPreference | None, defaults: dict, **kwargs):
        own = preference
        kwargs.setdefault("initial", {
            "email": _choice_of(own.email) if own else "", "sms": _choice_of(own.sms) if own else "",
            "mode": own.mode if own else "", "quiet_start": own.quiet_start if own else QUIET_START,
            "quiet_end": own.quiet_end if own else QUIET_END})
        super().__init__(*args, **kwargs)
        self.stored_phone = own.phone if own else ""
        yes_no_choices = [("yes", _("Yes")), ("no", _("No"))]
        self.fields["email"].choices = [("", follow_label(*defaults["email"])), *yes_no_choices]
        self.fields["sms"].choices = [("", follow_label(*defaults["sms"])), *yes_no_choices]
        self.fields["mode"].choices = [("", follow_label(*defaults["mode"])), *DeliveryMode.choices]
        if own and own.phone_masked:
            self.fields["phone"].widget.attrs["placeholder"] = own.phone_masked
        else:
            del self.fields["clear_phone"]

    def clean(self):
        data = super().clean()
        if data.get("clear_phone") and (data.get("phone") or "").strip():
            self.add_error("phone", _("Either type a new number or remove the stored one, not both."))
        return data

    def phone_to_save(self) -> str:
        """The typed number; the stored one when the field was left empty; none when removed."""
        if self.cleaned_data.get("clear_phone"):
            return ""
        return (self.cleaned_data.get("phone") or "").strip() or self.stored_phone

    def preference_fields(self) -> dict:
        data = self.cleaned_data
        return {"email": data["email"], "sms": data["sms"], "mode": data["mode"], "phone": self.phone_to_save(),
                "quiet_start": data["quiet_start"], "quiet_end": data["quiet_end"]}


class RobotForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RobotKind.choices)
    name = forms.CharField(label=_("Name"), max_length=Robot._meta.get_field("name").max_length,
                           help_text=_("As the group is known, e.g. 浒山街道复工群"))
    division = forms.ModelChoiceField(label=_("Whose group"), queryset=Division.objects.none(),
                                      help_text=_("A town's group hears about the town's firms; the county's about "
                                                  "every firm of the county."))
    webhook_url = forms.CharField(
        label=_("Webhook address"), max_length=500, widget=forms.URLInput(attrs={"autocomplete": "off"}),
        help_text=_("Copy it whole from the group's robot settings, with its access token or key."))
    secret = forms.CharField(
        label=_("Signing secret"), required=False, max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
        help_text=_("DingTalk only (starts with SEC). Stored sealed and never shown again; after an error, "
                    "type it again."))

    def __init__(self, *args, divisions: list[Division], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = Division.objects.filter(code__in=[d.code for d in divisions])


class RoleDefaultForm(forms.Form):
    """One row of the county's table; its inputs sit in the row's cells and join
    the row's form by their ``form`` attribute."""
    role = forms.ChoiceField(choices=COUNTY_ROLES, widget=forms.HiddenInput)
    email = forms.BooleanField(label=_("By e-mail"), required=False)
    sms = forms.BooleanField(label=_("By text message"), required=False)
    mode = forms.ChoiceField(label=_("How"), choices=DeliveryMode.choices)

    def __init__(self, *args, role: str, **kwargs):
        super().__init__(*args, auto_id=f"id_{role}_%s", **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = f"default-{role}"
