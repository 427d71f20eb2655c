"""A user's own notification settings: what is in force and where it comes from,
the form over save_user_preference (audited, the phone sealed and kept or
removed on purpose), errors on their fields, and the page for every role."""
from datetime import time

import pytest
from django.urls import reverse

from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.messaging.enums import DeliveryMode
from lianfu.messaging.models import UserPreference
from lianfu.messaging.preference_changes import save_role_default, save_user_preference
from lianfu.messaging.preferences import defaults_for, sources_for
from tests.messaging.conftest import COUNTY, town
from tests.messaging.pages import in_english  # noqa: F401  (a fixture)
from tests.restart.pages import element

pytestmark = pytest.mark.django_db
URL = reverse("messaging:settings")
PHONE = "13812345678"
KEEP = {"email": "", "sms": "", "mode": "", "phone": "", "quiet_start": "22:00", "quiet_end": "07:00"}



def in_force(response) -> dict[str, str]:
    return {field: element(response, f"in-force-{field}").text for field in ("email", "sms", "mode", "quiet")}


def test_a_user_without_choices_reads_the_built_in_defaults(personas, in_english):
    officer = personas["town_a"]
    officer.email = "zhang@cixi.example"
    officer.save(update_fields=["email"])
    response = in_english(officer).get(URL)
    assert response.status_code == 200
    assert in_force(response) == {
        "email": "Yes, to z***@cixi.example · the built-in default",
        "sms": "No · the built-in default",
        "mode": "A daily digest · the built-in default",
        "quiet": "22:00–07:00 · the built-in default"}


def test_the_countys_default_and_the_users_own_choice_are_told_apart(personas, in_english):
    officer = personas["town_a"]
    save_role_default(actor=personas["county"], county=town(COUNTY), role=Role.TOWN_OFFICER, email=False, sms=True,
                      mode=DeliveryMode.EACH)
    save_user_preference(actor=officer, user=officer, email=None, sms=None, mode=DeliveryMode.DIGEST,
                         quiet_start=time(23), quiet_end=time(6, 30))
    assert sources_for(officer) == {"email": "role_default", "sms": "role_default", "mode": "own", "quiet": "own"}
    response = in_english(officer).get(URL)
    assert in_force(response) == {
        "email": "No · the county's default for your role",
        "sms": "Yes, but no mobile number is stored: none is sent. Enter one below. · the county's default for your "
               "role",
        "mode": "A daily digest · your own choice",
        "quiet": "23:00–06:30 · your own choice"}
    # "Follow the default" says which default and what it is now.
    options = element(response, "field-mode").text
    assert options.startswith("How: Follow the county's default for your role (now: Each message as it comes)")
    assert defaults_for(officer)["sms"] == (True, "role_default")


def test_saving_the_form_stores_the_choices_and_is_audited_without_the_phone(personas, login):
    officer = personas["firm_x"]
    response = login(officer).post(URL, {**KEEP, "email": "no", "sms": "yes", "mode": "each", "phone": PHONE,
                                         "quiet_start": "21:30", "quiet_end": "08:00"})
    assert response.status_code == 302 and response["Location"] == URL
    stored = UserPreference.objects.get(user=officer)
    assert (stored.email, stored.sms, stored.mode, stored.phone, stored.phone_masked, stored.quiet_start,
            stored.quiet_end) == (False, True, "each", PHONE, "138****5678", time(21, 30), time(8))
    entry = ActivityLog.objects.get(action="messaging.preference_saved")
    assert (entry.actor, entry.subject_id) == (officer, str(stored.pk))
    assert entry.data == {"email": False, "sms": True, "mode": "each", "quiet": "21:30–08:00"}
    page = login(officer).get(URL).content.decode()
    assert PHONE not in page and "138****5678" in page


def test_an_empty_phone_field_keeps_the_stored_number_and_removing_it_is_explicit(personas, in_english):
    officer = personas["town_a"]
    save_user_preference(actor=officer, user=officer, sms=True, phone=PHONE)
    client = in_english(officer)
    assert element(client.get(URL), "field-phone").inputs[0]["placeholder"] == "138****5678"
    client.post(URL, {**KEEP, "sms": "yes", "mode": "digest"})
    assert UserPreference.objects.get(user=officer).phone == PHONE
    # Removing it while text messages are still on is refused, on the phone field.
    refused = client.post(URL, {**KEEP, "sms": "yes", "clear_phone": "on"})
    assert refused.status_code == 200
    assert element(refused, "field-phone").text.endswith("Text messages need a mobile number.")
    assert UserPreference.objects.get(user=officer).phone == PHONE
    client.post(URL, {**KEEP, "sms": "no", "clear_phone": "on"})
    stored = UserPreference.objects.get(user=officer)
    assert (stored.sms, stored.phone, stored.phone_masked) == (False, "", "")
    # Without a stored number there is nothing to remove.
    assert element(client.get(URL), "field-clear_phone") is None


def test_errors_are_shown_on_their_fields_and_nothing_is_saved(personas, in_english):
    officer = personas["town_a"]
    client = in_english(officer)
    response = client.post(URL, {**KEEP, "sms": "yes", "phone": "0574-1234567"})
    assert response.status_code == 200
    assert element(response, "field-phone").text.endswith("Enter a mainland mobile number of 11 digits.")
    response = client.post(URL, {**KEEP, "sms": "yes"})
    assert element(response, "field-phone").text.endswith("Text messages need a mobile number.")
    response = client.post(URL, {**KEEP, "mode": "weekly", "quiet_start": "25:00"})
    assert "Select a valid choice." in element(response, "field-mode").text
    assert element(response, "field-quiet_start").text.endswith("Enter a valid time.")
    assert not UserPreference.objects.exists()
    assert not ActivityLog.objects.filter(action="messaging.preference_saved").exists()


def test_typing_a_new_number_and_removing_the_old_one_at_once_is_refused(personas, in_english):
    officer = personas["town_a"]
    save_user_preference(actor=officer, user=officer, phone=PHONE)
    response = in_english(officer).post(URL, {**KEEP, "phone": "13900001111", "clear_phone": "on"})
    assert element(response, "field-phone").text.endswith(
        "Either type a new number or remove the stored one, not both.")
    assert UserPreference.objects.get(user=officer).phone == PHONE


def test_every_role_has_the_page_and_the_link_to_it(personas, login, client):
    for who in ("county", "town_a", "firm_x", "liaison_a", "admin"):
        response = login(personas[who]).get(URL)
        assert response.status_code == 200, who
        assert 'id="nav-message-settings"' in response.content.decode(), who
    assert client.get(URL).status_code == 302        # anonymous: to the sign-in page
