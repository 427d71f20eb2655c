"""Who wants what: the user's own choice, else the county's default for the
role, else the built-in default — field by field."""
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_scopes import scopes_disabled

from lianfu.common import activity_words
from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.messaging.delivery import Target
from lianfu.messaging.enums import Channel, DeliveryMode
from lianfu.messaging.models import UserPreference
from lianfu.messaging.preference_changes import save_role_default, save_user_preference
from lianfu.messaging.preferences import Preferences, county_of, preferences_for
from tests.messaging.conftest import COUNTY, town

QUIET = {"quiet_start": time(22), "quiet_end": time(7)}


def cixi():
    return town(COUNTY)


def test_without_any_choice_a_user_gets_the_daily_digest_by_email_if_they_have_an_address(personas):
    officer = personas["town_a"]
    assert preferences_for(officer) == Preferences(email=True, sms=False, mode=DeliveryMode.DIGEST, **QUIET)
    assert preferences_for(officer).targets(officer) == []
    officer.email = "town-a@cixi.example"
    assert preferences_for(officer).targets(officer) == [
        Target(Channel.EMAIL, address="town-a@cixi.example", user=officer)]


def test_a_users_county_is_their_divisions_their_firms_or_their_departments(personas):
    assert [county_of(personas[p]) for p in ("county", "town_a", "town_b", "firm_x", "admin")] == [
        COUNTY, COUNTY, COUNTY, COUNTY, None]


def test_the_countys_default_for_a_role_overrides_the_built_in_one(personas):
    save_role_default(actor=personas["county"], county=cixi(), role=Role.TOWN_OFFICER, email=False, sms=True,
                      mode=DeliveryMode.EACH)
    expected = Preferences(email=False, sms=True, mode=DeliveryMode.EACH, **QUIET)
    assert preferences_for(personas["town_a"]) == expected
    assert preferences_for(personas["town_b"]) == expected
    # Another role of the same county keeps the built-in default.
    assert preferences_for(personas["liaison_a"]) == Preferences(email=True, sms=False, mode=DeliveryMode.DIGEST,
                                                                 **QUIET)


def test_a_users_own_choice_overrides_the_role_default_field_by_field(personas):
    officer = personas["town_a"]
    save_role_default(actor=personas["county"], county=cixi(), role=Role.TOWN_OFFICER, email=False, sms=True,
                      mode=DeliveryMode.EACH)
    save_user_preference(actor=officer, user=officer, email=None, sms=True, mode=DeliveryMode.DIGEST,
                         phone="13812345678", quiet_start=time(23), quiet_end=time(6, 30))
    assert preferences_for(officer) == Preferences(email=False, sms=True, mode=DeliveryMode.DIGEST,
                                                   phone="13812345678", quiet_start=time(23),
                                                   quiet_end=time(6, 30))
    assert preferences_for(officer).targets(officer) == [Target(Channel.SMS, address="13812345678", user=officer)]
    # Following the role again: the county's choice comes back.
    save_user_preference(actor=officer, user=officer, email=None, sms=None, mode="")
    assert preferences_for(officer) == Preferences(email=False, sms=True, mode=DeliveryMode.EACH, **QUIET)


def test_the_phone_for_text_messages_is_stored_sealed_and_never_logged(personas):
    officer = personas["town_a"]
    save_user_preference(actor=officer, user=officer, sms=True, phone="13812345678")
    stored = UserPreference.objects.filter(user=officer).values_list("phone_sealed", "phone_masked").get()
    assert "13812345678" not in stored[0] and stored[1] == "138****5678"
    assert "13812345678" not in str(ActivityLog.objects.get(action="messaging.preference_saved").data)


def test_text_messages_without_a_valid_mobile_number_are_refused(personas):
    officer = personas["town_a"]
    with pytest.raises(ValidationError):
        save_user_preference(actor=officer, user=officer, sms=True)
    with pytest.raises(ValidationError):
        save_user_preference(actor=officer, user=officer, sms=True, phone="0574-12345678")
    with pytest.raises(ValidationError):
        save_user_preference(actor=officer, user=officer, mode="weekly")
    assert not UserPreference.objects.exists()


def test_changing_preferences_is_logged_in_words(personas):
    save_role_default(actor=personas["county"], county=cixi(), role=Role.TOWN_OFFICER, email=True, sms=False,
                      mode=DeliveryMode.EACH)
    save_user_preference(actor=personas["town_a"], user=personas["town_a"], mode=DeliveryMode.EACH)
    with scopes_disabled(), translation.override("en"):
        entries = ActivityLog.objects.select_related("actor").order_by("id")
        assert activity_words.describe(entries) == [
            f"p_county changed the default for the role Town officer in {cixi().name}: how they are told "
            "outside the app",
            "p_town_a changed how p_town_a is told outside the app"]
