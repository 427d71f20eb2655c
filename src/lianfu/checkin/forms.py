from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lianfu.checkin.identify import normal_phone


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def clean_phone(self):
        return normal_phone(self.cleaned_data["phone"])


class CodeForm(forms.Form):
    phone = forms.CharField(widget=forms.HiddenInput, max_length=20)
    code = forms.CharField(label=_("Code from the text message"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("Six digits."))
        return code


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("As the door is known, e.g. 一号门, 东区车间, 创新大厦"))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    rotation_days = forms.IntegerField(label=_("New code every (days)"), min_value=1, max_value=31, initial=1,
                                       help_text=_("1: print each morning's poster (or show it on a screen); "
                                                   "a photo of an older code stops working."))


class HealthStatusForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    status = forms.ChoiceField(label=_("Health status"), choices=[
        ("green", _("Green")), ("yellow", _("Yellow")), ("red", _("Red"))])
    reason = forms.CharField(label=_("Reason"), max_length=200)
