"""The app's one way out to the web: the guarded fetcher with the limits
from settings. Importers and source captures both call `fetch_url`."""

from django.conf import settings

from .fetching import FetchPolicy, FetchResult, fetch


def fetch_url(url: str) -> FetchResult:
    policy = FetchPolicy(
        max_bytes=settings.FETCH_MAX_BYTES,
        connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
        total_timeout=settings.FETCH_TOTAL_TIMEOUT,
        allow_addresses=tuple(settings.FETCH_ALLOW_ADDRESSES),
    )
    return fetch(url, policy=policy)
