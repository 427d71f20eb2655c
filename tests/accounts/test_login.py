import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_with_right_password_goes_home(personas):
    response = attempt(Client(), "p_town_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_wrong_password_shows_error_in_chinese(personas):
    response = attempt(Client(), "p_town_a", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(personas, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "p_town_a", "wrong-password")
    locked = attempt(client, "p_town_a", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_user_leaves_another_alone(personas, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "p_town_a", "wrong-password")
    assert attempt(client, "p_town_b", PASSWORD).status_code == 302


def test_idle_session_expires(personas, login, settings):
    client = login(personas["town_a"])
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_each_request_extends_the_idle_timeout(personas, login, settings):
    client = login(personas["town_a"])
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    client.get(reverse("home"))
    remaining = Session.objects.get().expire_date - timezone.now()
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert datetime.timedelta(minutes=119) < remaining <= datetime.timedelta(minutes=120)


def test_secure_headers_are_sent(personas, login):
    response = login(personas["town_a"]).get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_logout_needs_post(personas, login):
    client = login(personas["town_a"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_pages_are_chinese_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录链复" in response.content.decode()


def test_language_switch_gives_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in to lianfu" in html and "登录链复" not in html
