from django import forms
from django.utils.translation import gettext_lazy as _

from lianfu.registry.forms import ImportForm
from lianfu.workforce.enums import WorkerState


class WorkerImportForm(ImportForm):
    full = forms.BooleanField(label=_("This is the whole roster of every employer it names"), required=False,
                              help_text=_("Their workers missing from the file are flagged for you to decide; "
                                          "nobody is deleted."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Worker records")


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or employer"), required=False, max_length=50)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All"))] + WorkerState.choices)
    missing = forms.BooleanField(label=_("Missing from a full roster"), required=False)
