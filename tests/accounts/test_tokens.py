import re

import pytest
from django.test import Client
from django.urls import reverse

from lianfu.accounts.models import ApiToken
from lianfu.common.models import ActivityLog

pytestmark = pytest.mark.django_db


def test_user_creates_token_sees_key_once_and_can_use_it(personas, login):
    client = login(personas["town_a"])
    html = client.post(reverse("accounts:tokens"), {"name": "sync"}).content.decode()
    key = re.search(r"(lf_[A-Za-z0-9_\-]{20,})", html).group(1)
    token = ApiToken.objects.get(user=personas["town_a"])
    assert token.key_hash != key and key not in token.hint + token.key_hash
    assert key not in client.get(reverse("accounts:tokens")).content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/enterprises").status_code == 200
    assert ActivityLog.objects.filter(action="api_token.issued", actor=personas["town_a"]).count() == 1


def test_user_cannot_revoke_someone_elses_token(personas, login):
    token, _key = ApiToken.issue(user=personas["town_b"], name="theirs")
    response = login(personas["town_a"]).post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_stops_the_token(personas, login):
    token, key = ApiToken.issue(user=personas["town_a"], name="mine")
    login(personas["town_a"]).post(reverse("accounts:revoke_token", args=[token.pk]))
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/enterprises").status_code == 401
