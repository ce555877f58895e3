"""Debian's Chromium driven by Playwright: what every browser test module
shares. The fixtures are imported by the modules that use them."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def skip_without_chromium() -> None:
    """Skip the calling module when Chromium is missing, unless the browser
    tests are required (CI sets REQUIRE_BROWSER: they must run there)."""
    if not Path(CHROMIUM).exists() and not os.environ.get("REQUIRE_BROWSER"):
        pytest.skip(f"Chromium not found at {CHROMIUM}", allow_module_level=True)


@pytest.fixture(scope="module", autouse=True)
def sync_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; the ORM calls
    made here are ordinary blocking test set-up, not async code. Only for
    the module that imports it: the setting must not leak into other tests."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="module", name="browser")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()
