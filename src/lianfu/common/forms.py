"""Form fields every app's pages share."""
from django import forms


class VersionField(forms.IntegerField):
    """The version of the record the page showed; the domain compares it (409 if stale)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, **kwargs)
