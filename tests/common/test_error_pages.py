"""Outside DEBUG every error is the site's own page: styled, Chinese by default
(English when the user chose it), a way home, and never a stack trace or the
exception's text."""
import pytest
from django.conf import settings as django_settings
from django.template import loader
from django.test import Client

from tests.common.error_urls import SECRET

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.common.error_urls")]

DEBUG_PAGE_MARKS = ("Traceback", "Request Method", "Using the URLconf", "technical_500", SECRET)


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def client(language: str | None = None, **kwargs) -> Client:
    c = Client(raise_request_exception=False, **kwargs)
    if language:
        c.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return c


def page(response) -> str:
    text = response.content.decode()
    for mark in DEBUG_PAGE_MARKS:
        assert mark not in text
    assert 'id="error-home"' in text
    return text


def test_404_is_the_sites_page_in_chinese():
    response = client().get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    text = page(response)
    assert '<html lang="zh-hans">' in text
    assert "<title>页面没有找到 · 链复</title>" in text   # Django's own translation
    assert "此页面不存在，或其内容不在您的辖区内。" in text
    assert "返回首页" in text
    assert "css/lianfu.css" in text          # the site's layout and styles


def test_404_in_english_when_the_user_chose_english():
    text = page(client("en").get("/no-such-page/"))
    assert '<html lang="en">' in text
    assert "<h1>Page not found</h1>" in text
    assert "This page does not exist, or what it shows is outside your jurisdiction." in text
    assert "Back to the home page" in text


def test_404_keeps_a_signed_in_users_menu(personas):
    c = client()
    c.force_login(personas["county"])
    response = c.get("/enterprises/91330282MA2XXXXXX0/")   # no such firm
    assert response.status_code == 404
    text = page(response)
    assert 'href="/activity/"' in text                    # the officer's menu
    assert personas["county"].display_name in text


def test_permission_denied_is_the_styled_403_without_its_reason():
    response = client().get("/test-errors/forbidden/")
    assert response.status_code == 403
    text = page(response)
    assert "<h1>无权操作</h1>" in text
    assert "restart.secret_permission" not in text
    text = page(client("en").get("/test-errors/forbidden/"))
    assert "<h1>Not allowed</h1>" in text


def test_a_crash_is_the_styled_500_in_chinese_and_english():
    response = client().get("/test-errors/boom/")
    assert response.status_code == 500
    text = page(response)
    assert "<h1>出错了</h1>" in text
    assert "服务器遇到意外错误，未能完成此次请求。错误已记录，供系统管理员查看。" in text
    english = page(client("en").get("/test-errors/boom/"))
    assert "<h1>Something went wrong</h1>" in english
    assert '<html lang="en">' in english


def test_the_500_page_needs_no_request_no_database_and_no_url_lookup(django_assert_num_queries, settings):
    """Django renders 500.html with an empty context (no context processors): it
    must stand alone, even when the URLconf or the database is what broke."""
    settings.ROOT_URLCONF = "tests.common.no_such_urlconf"
    with django_assert_num_queries(0):
        text = loader.get_template("500.html").render()
    assert "<style>" in text and 'href="/"' in text
    assert "{%" not in text and "{{" not in text


def test_a_bad_request_is_the_styled_400():
    response = client().get("/test-errors/bad/")
    assert response.status_code == 400
    assert "<h1>请求无效</h1>" in page(response)


def test_a_form_without_its_csrf_token_gets_the_styled_page():
    response = client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    text = page(response)
    assert "<h1>表单未能提交</h1>" in text
    assert "CSRF" not in text                # the technical reason shows only in DEBUG
