"""What the messaging page tests share: a client reading the pages in English
(exact texts to assert whatever the catalogue holds) and a county officer of
another county (余姚, Cixi's neighbour) for isolation. Imported as fixtures."""
import pytest
from django.conf import settings

from lianfu.common.roles import Role
from tests.factories.accounts import UserFactory

YUYAO = "330281000000"


@pytest.fixture
def in_english(login):
    def client_for(user):
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client
    return client_for


@pytest.fixture
def yuyao_officer(db):
    return UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id=YUYAO)
