from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianfu.workforce.enums import DEFAULT_SEATS, VehicleKind


class TripPlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    vehicle = forms.ChoiceField(label=_("Vehicle"), choices=VehicleKind.choices, initial=VehicleKind.BUS)
    capacity = forms.IntegerField(label=_("Seats per vehicle"), min_value=1, max_value=500, required=False,
                                  help_text=_("Empty: coach 53, train car 118, flight 180."))
    max_distance_km = forms.IntegerField(
        label=_("Pick-ups at most this far apart (km)"), min_value=0, max_value=2000, initial=300,
        help_text=_("0: one vehicle picks up in one city only."))
    max_dropoffs = forms.IntegerField(label=_("Towns one vehicle may serve"), min_value=1, max_value=50,
                                      required=False, help_text=_("Empty: no limit."))
    time_limit_s = forms.IntegerField(label=_("Solver time limit (s)"), min_value=1, max_value=120, initial=20)
    departs_on = forms.DateField(label=_("Departure day"), initial=timezone.localdate)

    def clean(self):
        data = super().clean()
        if data.get("vehicle") and not data.get("capacity"):
            data["capacity"] = DEFAULT_SEATS[VehicleKind(data["vehicle"])]
        return data
