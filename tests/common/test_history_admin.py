"""The admin's history pages (django-simple-history) mask phone numbers like
every other page: no full number without the logged reveal."""
import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

pytestmark = pytest.mark.django_db

OLD, NEW = "13812345678", "13987654321"


@pytest.fixture
def phone_changed(firm_x):
    with scopes_disabled():
        firm_x.contact_phone = OLD
        firm_x.save()
        firm_x.contact_phone = NEW
        firm_x.save()
    return firm_x


def test_history_list_shows_the_phone_change_masked(personas, login, phone_changed):
    response = login(personas["admin"]).get(reverse("admin:registry_enterprise_history", args=[phone_changed.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert OLD not in page and NEW not in page
    assert "138****5678" in page and "139****4321" in page  # the change itself still shows


def test_historical_version_page_shows_the_phone_masked(personas, login, phone_changed):
    with scopes_disabled():
        versions = list(phone_changed.history.order_by("history_id"))
    client = login(personas["admin"])
    for version in versions:
        response = client.get(reverse("admin:registry_enterprise_simple_history",
                                      args=[phone_changed.pk, version.history_id]))
        assert response.status_code == 200
        page = response.content.decode()
        assert OLD not in page and NEW not in page
    assert "139****4321" in page  # the latest version


def test_change_page_shows_the_phone_masked(personas, login, phone_changed):
    response = login(personas["admin"]).get(reverse("admin:registry_enterprise_change", args=[phone_changed.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and NEW not in page and "139****4321" in page
