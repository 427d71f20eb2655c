"""Forms of the supplies pages: what a person can fix by retyping; the domain
still refuses what the stock or the chain forbids."""
from django import forms
from django.utils.translation import gettext_lazy as _

from lianfu.common.forms import VersionField

_COUNT = {"min_value": 0, "max_value": 2_147_483_647}
_LITRES = {"min_value": 0, "max_digits": 8, "decimal_places": 1}


class StockFields(forms.Form):
    masks = forms.IntegerField(label=_("Masks"), **_COUNT)
    thermometers = forms.IntegerField(label=_("Thermometers"), **_COUNT)
    disinfectant_litres = forms.DecimalField(label=_("Disinfectant (litres)"), **_LITRES)


class LedgerForm(StockFields):
    # The version the page showed: saving over a newer count is refused (409).
    version = VersionField()


class TransferForm(StockFields):
    supplier = forms.TypedChoiceField(label=_("Supplier"), coerce=int)
    field_order = ["supplier", "masks", "thermometers", "disinfectant_litres"]

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [("", _("Choose a supplier of your chain"))] + [
            (pk, _("%(name)s (tier %(tier)s)") % {"name": name, "tier": tier}) for pk, name, tier in members]
        for name in ("masks", "thermometers", "disinfectant_litres"):
            self.fields[name].initial = 0

    def clean(self):
        data = super().clean()
        amounts = [data.get(name) for name in ("masks", "thermometers", "disinfectant_litres")]
        # Constraint transfer_moves_something: a transfer of nothing is not recorded.
        if None not in amounts and not any(amounts):
            self.add_error("masks", _("Say how many masks, thermometers or litres of disinfectant to send."))
        return data


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100, required=False,
                            help_text=_("Leave empty to use the file name."))
    file = forms.FileField(label=_("Guide (PDF, at most 10 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))
