"""Failed fetches of a source's page, said in one plain sentence wherever
they show (the claim panel, the source page): the stored text still used
is named, never hidden behind the fetcher's message."""

from django import template
from django.utils import timezone

from ..fetch_notices import capture_failure, fetch_failure
from ..models import Capture, Evidence, Source
from ..sources import latest_capture, latest_readable_capture

register = template.Library()


@register.filter
def fetch_notice(value) -> str:
    """For a Capture that failed, why; for a piece of Evidence or a Source
    whose newest capture failed, which stored text is used instead; "" when
    there is nothing to say."""
    today = timezone.localdate()
    if isinstance(value, Capture):
        if value.ok:
            return ""
        return capture_failure(fetched_on=timezone.localdate(value.fetched_at), today=today, error=value.error,
                               status_code=value.status_code)
    if isinstance(value, Evidence):
        source, used = value.source, value.capture if value.capture_id else None
    elif isinstance(value, Source):
        source, used = value, None
    else:
        return ""
    if not source.url:
        return ""
    newest = latest_capture(source)
    if newest is None or newest.ok:
        return ""
    own_text = bool(source.text_hash)
    if used is None or not used.ok:
        used = None if own_text else latest_readable_capture(source)
    return fetch_failure(
        failed_on=timezone.localdate(newest.fetched_at), today=today,
        stored_on=timezone.localdate(used.fetched_at) if used else None, own_text=own_text,
    )
