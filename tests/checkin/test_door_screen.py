"""A tablet at the door shows the day's code: an address with a key of its own,
opened without signing in, refreshed every minute; it shows the next day's code
after midnight, and revoking the place's codes retires the address too."""
import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.checkin import tokens
from lianfu.checkin.models import Place
from lianfu.checkin.poster import make_qr
from tests.checkin.test_pages import door  # noqa: F401  (the fixture: a firm's door added through its page)

pytestmark = pytest.mark.django_db
NOON = timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0))


def screen_address(client: Client, place: Place) -> str:
    page = client.get(reverse("entry:place", args=[place.pk])).content.decode()
    return re.search(r'id="screen-link" href="http://testserver([^"]+)"', page).group(1)


@time_machine.travel(NOON, tick=False)
def test_the_screen_shows_todays_code_to_anyone_at_the_door(door, personas, login):
    address = screen_address(login(personas["firm_x"]), door)
    assert address == reverse("checkin:screen", args=[tokens.screen_key(door)])
    screen = Client().get(address)                     # the tablet: nobody signed in
    html = screen.content.decode()
    door_url = "http://testserver" + reverse("checkin:door", args=[tokens.issue(door)])
    assert screen.status_code == 200 and door.name in html and '<meta http-equiv="refresh" content="60">' in html
    assert make_qr(door_url).svg_inline(scale=8, border=2, omitsize=True) in html
    assert "2026-03-03 02:00" in html                  # valid until: midnight and the two hours' grace
    assert screen["Cache-Control"].startswith("max-age=0") and len(screen.content) < 20_000
    assert 'id="screen-link"' not in login(personas["firm_y"]).get(
        reverse("entry:place", args=[door.pk])).content.decode()            # a sibling firm: 404, no link
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        tomorrow = Client().get(address).content.decode()
    next_url = "http://testserver" + reverse("checkin:door", args=[tokens.issue(door, dt.date(2026, 3, 3))])
    assert make_qr(next_url).svg_inline(scale=8, border=2, omitsize=True) in tomorrow


def test_revoking_retires_the_screen_address_and_a_forged_one_opens_nothing(door, personas, login):
    old = reverse("checkin:screen", args=[tokens.screen_key(door)])
    login(personas["firm_x"]).post(reverse("entry:revoke", args=[door.pk]))
    with scopes_disabled():
        door.refresh_from_db()
    assert Client().get(old).status_code == 404
    assert Client().get(reverse("checkin:screen", args=[tokens.screen_key(door)])).status_code == 200
    key = tokens.screen_key(door)
    forged = key[:-1] + ("A" if key[-1] != "A" else "B")
    for bad in (forged, f"{door.pk}.{door.key_version}", "1.1.abc", "x" * 70):
        assert Client().get(reverse("checkin:screen", args=[bad])).status_code == 404, bad
    with scopes_disabled():
        Place.objects.filter(pk=door.pk).update(active=False)
    assert Client().get(reverse("checkin:screen", args=[key])).status_code == 404
