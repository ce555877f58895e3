"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a
live server, at the 1280×720 of a newsroom laptop. A person is signed in by
their session cookie, so that a test drives the page only as it means to
(the keyboard test presses keys and nothing else)."""


import pytest
from django.conf import settings
from django.test import Client

from tests.chromium import chromium_browser, skip_without_chromium, sync_orm_beside_playwright  # noqa: F401 - fixtures

VIEWPORT = {"width": 1280, "height": 720}

skip_without_chromium()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def sign_in(context, live_server):
    """Sign `user` in to the browser: their session's cookie, made as the
    test client's force_login makes it."""

    def sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return sign_in
