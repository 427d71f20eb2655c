"""Guessing is throttled per client address as well as per username: wrong API
tokens (bearer headers and Open311 keys share one counter) and passwords
(django-axes)."""
import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lianfu.accounts.models import ApiToken
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

GUESSER, NEIGHBOUR, THIRD = "203.0.113.7", "203.0.113.8", "198.51.100.1"
TICKETS = "/api/helpdesk/tickets"
OPEN311 = "/open311/v2/requests.json"


def bearer(key: str, address: str):
    return Client().get(TICKETS, HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR=address)


def open311(key: str, address: str):
    return Client().get(OPEN311, {"api_key": key}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def good_key(personas):
    return ApiToken.issue(user=personas["town_a"], name="sync")[1]


@pytest.fixture
def limit(settings):
    return settings.LIANFU_TOKEN_FAILURE_LIMIT


def test_wrong_bearer_tokens_from_one_address_are_throttled(personas, good_key, limit, settings):
    assert (limit, settings.LIANFU_TOKEN_FAILURE_WINDOW_MINUTES) == (20, 10)
    for n in range(limit):
        assert bearer(f"lf_wrong-{n}", GUESSER).status_code == 401
    blocked = bearer("lf_wrong-again", GUESSER)
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 600
    assert blocked["Retry-After"] in blocked.json()["detail"]  # "try again in N seconds", in the caller's language
    # Another address is unaffected, right key or wrong.
    assert bearer(good_key, NEIGHBOUR).status_code == 200
    assert bearer("lf_wrong", NEIGHBOUR).status_code == 401
    # The right key from the blocked address is refused too: were it let through,
    # a guesser would tell its hit (200) from its misses (429), and the limit would
    # not slow the guessing at all.
    assert bearer(good_key, GUESSER).status_code == 429


def test_the_block_ends_with_its_window(personas, good_key, limit):
    with time_machine.travel(dt.datetime(2020, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False) as clock:
        for n in range(limit):
            bearer(f"lf_wrong-{n}", GUESSER)
        blocked = bearer(good_key, GUESSER)
        assert blocked.status_code == 429 and blocked["Retry-After"] == "600"  # a window starts on the hour
        clock.shift(599)
        assert bearer(good_key, GUESSER)["Retry-After"] == "1"
        clock.shift(1)
        assert bearer(good_key, GUESSER).status_code == 200


def test_successes_do_not_count(personas, good_key, limit):
    for _ in range(limit + 5):
        assert bearer(good_key, GUESSER).status_code == 200
    assert bearer("lf_wrong", GUESSER).status_code == 401


def test_wrong_open311_keys_are_throttled_the_same_way(personas, good_key, limit):
    for n in range(limit):
        assert open311(f"lf_wrong-{n}", GUESSER).status_code == 403
    blocked = open311("lf_wrong-again", GUESSER)
    assert blocked.status_code == 429
    wait = blocked["Retry-After"]
    assert 1 <= int(wait) <= 600
    assert blocked.json() == [{"code": 429, "description":  # the spec's error form
                               f"Too many wrong api_key values from this address: try again in {wait} seconds."}]
    assert open311(good_key, NEIGHBOUR).status_code == 200
    # The right key from the blocked address is refused too (see the bearer test for why).
    assert open311(good_key, GUESSER).status_code == 429


def test_open311_keys_and_bearer_tokens_share_one_counter(personas, good_key, limit):
    """They are the same tokens: two doors must not double the guesses."""
    for n in range(limit // 2):
        assert bearer(f"lf_wrong-{n}", GUESSER).status_code == 401
    for n in range(limit - limit // 2):
        assert open311(f"lf_wrong-{n}", GUESSER).status_code == 403
    assert bearer(good_key, GUESSER).status_code == 429
    assert open311(good_key, GUESSER).status_code == 429


def test_the_client_address_behind_a_trusted_proxy(personas, good_key, limit, settings):
    """Behind one reverse proxy, every request comes from the proxy's address:
    the client's is the entry the proxy appended to X-Forwarded-For (what the
    client wrote in front of it is not trusted)."""
    settings.LIANFU_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(limit):
        Client().get(TICKETS, HTTP_AUTHORIZATION=f"Bearer lf_wrong-{n}", REMOTE_ADDR=proxy,
                     HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, {GUESSER}")
    assert Client().get(TICKETS, HTTP_AUTHORIZATION=f"Bearer {good_key}", REMOTE_ADDR=proxy,
                        HTTP_X_FORWARDED_FOR=GUESSER).status_code == 429
    assert Client().get(TICKETS, HTTP_AUTHORIZATION=f"Bearer {good_key}", REMOTE_ADDR=proxy,
                        HTTP_X_FORWARDED_FOR=f"{GUESSER}, {NEIGHBOUR}").status_code == 200


# Passwords (django-axes): per username, and per address across usernames.

def sign_in(username: str, password: str, address: str):
    return Client().post(reverse("accounts:login"), {"username": username, "password": password},
                         REMOTE_ADDR=address)


def test_axes_locks_out_per_username_and_per_address(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert (settings.AXES_FAILURE_LIMIT, settings.LIANFU_LOGIN_ADDRESS_FAILURE_LIMIT) == (5, 20)


def test_one_address_trying_many_usernames_is_locked_out(personas, settings):
    """Password spraying: a few guesses at each of many usernames, all from one
    address, none reaching a username's own limit."""
    usernames = ["p_county", "p_town_a", "p_town_b", "p_firm_x", "p_firm_y", "p_liaison_a", "p_admin"]
    guesses = [usernames[n % len(usernames)] for n in range(settings.LIANFU_LOGIN_ADDRESS_FAILURE_LIMIT)]
    assert max(guesses.count(name) for name in usernames) < settings.AXES_FAILURE_LIMIT
    # Like a username's, the failure that reaches the limit is answered with the lockout.
    assert [sign_in(username, "wrong-password", GUESSER).status_code for username in guesses] == \
        [200] * (len(guesses) - 1) + [429]
    locked = sign_in("p_town_a", PASSWORD, GUESSER)
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    assert "15" in locked.content.decode()  # "signing in is paused for 15 minutes"
    # Another address signs in as usual, with any of those usernames.
    assert sign_in("p_town_a", PASSWORD, NEIGHBOUR).status_code == 302


def test_one_username_guessed_from_many_addresses_is_locked_out(personas, settings):
    limit = settings.AXES_FAILURE_LIMIT
    assert [sign_in("p_town_a", "wrong-password", f"192.0.2.{n + 1}").status_code for n in range(limit)] == \
        [200] * (limit - 1) + [429]
    assert sign_in("p_town_a", PASSWORD, THIRD).status_code == 429
    assert sign_in("p_town_b", PASSWORD, THIRD).status_code == 302


def test_a_good_sign_in_does_not_wipe_the_addresses_other_failures(personas, settings):
    """Axes' default would forget every failure of the address at the first good
    sign-in, so a guesser with one valid account could reset the count at will."""
    limit = settings.LIANFU_LOGIN_ADDRESS_FAILURE_LIMIT
    usernames = ["p_county", "p_town_b", "p_firm_y", "p_liaison_a", "p_admin"]
    for n in range(limit - 1):
        sign_in(usernames[n % len(usernames)], "wrong-password", GUESSER)
    assert sign_in("p_firm_x", PASSWORD, GUESSER).status_code == 302  # the guesser's own account
    sign_in("p_county", "wrong-password", GUESSER)
    assert sign_in("p_firm_x", PASSWORD, GUESSER).status_code == 429


def test_a_good_sign_in_forgets_its_own_typos(personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in("p_town_a", "wrong-password", GUESSER)
    assert sign_in("p_town_a", PASSWORD, GUESSER).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in("p_town_a", "wrong-password", GUESSER)
    assert sign_in("p_town_a", PASSWORD, GUESSER).status_code == 302


def test_a_forged_forwarded_address_is_not_trusted_or_stored(personas, settings):
    """Whatever a client writes in X-Forwarded-For, the address stored with a
    failed sign-in is a real address (PostgreSQL's column refuses anything else)."""
    settings.LIANFU_PROXY_COUNT = 1
    assert Client().post(reverse("accounts:login"), {"username": "p_town_a", "password": "wrong-password"},
                         REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>").status_code == 200
    assert Client().post(reverse("accounts:login"), {"username": "p_town_a", "password": PASSWORD},
                         REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address").status_code == 302
