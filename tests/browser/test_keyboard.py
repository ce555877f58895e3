"""Reviewing at newsroom pace: a whole seed article reviewed with the
keyboard alone (every action a keyboard.press), and the claim panel laid
out so that the quote and its comparison show at 1280×720."""

from pathlib import Path

import pytest
from django.urls import reverse

from claims.importers import import_paths
from claims.models import Article, Claim, ClaimEvent, Note, Source
from claims.services.evidence import link_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
ARTICLE = SEEDS / "002_2b4ac363705a4f99.txt"
TRANSCRIPT = SEEDS / "sources" / "biden-starmer-2024-09-13.txt"


@pytest.fixture
def article(reviewer) -> Article:
    """The seed article, its "Be quiet," compared with the transcript it
    was cut from (so that a verdict is suggested)."""
    list(import_paths([ARTICLE]))
    claim = Claim.objects.get(text="Be quiet,")
    source = Source.objects.create(title="Remarks prior to a meeting with Keir Starmer", kind="press_conference",
                                   text=TRANSCRIPT.read_text(encoding="utf-8"))
    link_source(claim=claim, source=source, by=reviewer, via=ClaimEvent.Via.COMMAND)
    return claim.article


def _press(page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def _open_next(page, before: str | None) -> str:
    """j then Enter: the next claim opens in the panel. Returns its id."""
    _press(page, "j", "Enter")
    page.wait_for_function(
        "before => { const p = document.getElementById('claim-panel');"
        " return p.dataset.claim && p.dataset.claim !== before && document.activeElement.id === 'claim-panel-title'; }",
        arg=before or "",
    )
    return page.locator("#claim-panel").get_attribute("data-claim")


def _saved(page, message: str) -> None:
    """The panel says what was saved, focus is on that message, and the live
    region announces it (emptied when the focus moves, then filled anew)."""
    page.locator("#claim-panel .saved[data-focus-after-swap]", has_text=message).wait_for()
    page.wait_for_function(
        "m => { const focused = document.activeElement;"
        " return focused.matches('#claim-panel .saved') && focused.textContent.trim() === m"
        " && document.getElementById('announcer').textContent === m; }",
        arg=message,
    )


def test_review_a_whole_article_with_the_keyboard_alone(page, sign_in, live_server, reviewer, article):
    claims = list(article.claims.exclude(kind=Claim.Kind.NON_SPEECH_QUOTE))
    suggested = Claim.objects.get(text="Be quiet,")
    sign_in(reviewer)
    page.goto(live_server.url + reverse("claims:article-detail", args=[article.pk]))

    # "?" lists the keys in a dialog; Escape closes it.
    page.keyboard.press("?")
    assert page.locator("dialog#shortcuts[open]").is_visible()
    assert "accept the suggested verdict" in page.locator("dialog#shortcuts").inner_text()
    page.keyboard.press("Escape")
    assert page.locator("dialog#shortcuts[open]").count() == 0

    seen, current = [], None
    for _ in claims:
        current = _open_next(page, current)
        seen.append(int(current))
        # The claim is marked in the article, in view.
        mark = page.locator("mark.claim.selected")
        assert mark.count() == 1 and mark.is_visible()
        if int(current) == suggested.pk:
            # a: the suggested verdict, then the state.
            page.keyboard.press("a")
            _saved(page, "Verdict set as suggested.")
            _press(page, "s", "ArrowDown", "Enter")
            _saved(page, "State saved.")
            # n: a note, typed, added with Ctrl+Enter.
            page.keyboard.press("n")
            _press(page, *"Trimmed", "Control+Enter")
            _saved(page, "Note added.")
            continue
        # v, a verdict, Escape back out of the field, s, a state, Enter saves both.
        _press(page, "v", "ArrowDown", "Escape", "s", "ArrowDown", "Enter")
        _saved(page, "State and verdict saved.")

    assert sorted(seen) == sorted(c.pk for c in claims)
    # Past the last claim j stays on it; k goes back one.
    _press(page, "j", "k", "Enter")
    page.wait_for_function("id => document.getElementById('claim-panel').dataset.claim === id", arg=str(seen[-2]))

    reviewed = {c.pk: (c.state, c.verdict) for c in article.claims.exclude(kind=Claim.Kind.NON_SPEECH_QUOTE)}
    expected = {c.pk: ("in_review", "accurate") for c in claims} | {suggested.pk: ("in_review", "accurate_context")}
    assert reviewed == expected
    assert list(Note.objects.values_list("claim_id", "text")) == [(suggested.pk, "Trimmed")]
    assert page.locator("#article-progress").count() == 1


def test_shortcuts_do_not_fire_while_typing(page, sign_in, live_server, reviewer, article):
    claim = Claim.objects.get(text="Be quiet,")
    sign_in(reviewer)
    page.goto(live_server.url + reverse("claims:claim-detail", args=[claim.pk]))
    page.locator("#claim-panel-title:focus").wait_for()
    page.keyboard.press("n")
    _press(page, "j", "k", "s", "v", "a", "?", "/")
    assert page.locator("#claim-panel .note-form textarea").input_value() == "jksva?/"
    assert page.locator("dialog#shortcuts[open]").count() == 0
    assert page.locator("#claim-panel").get_attribute("data-claim") == str(claim.pk)
    claim.refresh_from_db()
    assert claim.verdict == Claim.Verdict.UNRATED


def test_the_state_field_is_three_tabs_from_an_opened_claim(page, sign_in, live_server, reviewer, article):
    sign_in(reviewer)
    page.goto(live_server.url + reverse("claims:article-detail", args=[article.pk]))
    _open_next(page, None)
    _press(page, "Tab", "Enter")  # the panel's skip link
    assert page.evaluate("document.activeElement.name") == "state"


def test_quote_and_comparison_are_in_view_at_1280_by_720(page, sign_in, live_server, reviewer, article):
    claim = Claim.objects.get(text="Be quiet,")
    sign_in(reviewer)
    page.goto(live_server.url + reverse("claims:article-detail", args=[article.pk]))
    page.locator(f"#mark-{claim.pk} a").click()
    page.locator("#claim-panel .diff").wait_for()
    height = page.viewport_size["height"]
    for part in ("#claim-panel blockquote.quote", "#claim-panel .findings", "#claim-panel .diff"):
        box = page.locator(part).first.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (part, box)
    # The quote is shown in its sentence, not by character offsets.
    quote = page.locator("#claim-panel blockquote.quote")
    assert quote.locator("mark.quoted").inner_text() == "Be quiet,"
    assert "Russia and the US to which he replied" in quote.inner_text()
    assert "characters" not in page.locator("#claim-panel .claim-quote").inner_text()
    # The article is scrolled to the quote and marks it.
    mark = page.locator(f"#mark-{claim.pk}")
    assert "selected" in mark.get_attribute("class")
    box = mark.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= height


def test_opening_a_claim_from_the_checklist_scrolls_the_article_to_it(page, sign_in, live_server, reviewer, article):
    last = article.claims.exclude(kind=Claim.Kind.NON_SPEECH_QUOTE).order_by("-start").first()
    sign_in(reviewer)
    page.goto(live_server.url + reverse("claims:article-detail", args=[article.pk]))
    assert page.evaluate("window.scrollY") == 0
    page.locator(f"#claim-row-{last.pk} a").click()
    page.wait_for_function("id => document.getElementById('claim-panel').dataset.claim === id", arg=str(last.pk))
    mark = page.locator("mark.claim.selected")
    mark.wait_for()
    box = mark.bounding_box()
    assert page.evaluate("window.scrollY") > 0
    assert 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def test_queue_j_k_and_enter(page, sign_in, live_server, reviewer, article):
    sign_in(reviewer)
    page.goto(live_server.url + reverse("claims:claim-queue"))
    _press(page, "j", "j", "k")
    first = page.locator("#queue-table tbody tr").first
    assert "current" in first.get_attribute("class")
    href = first.locator("a").first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + href)
    page.locator("#claim-panel-title").wait_for()
    # "/" goes to the queue's own search, and what is typed there narrows the queue.
    page.go_back()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('form.filters input[type=search][name=q]')")
    page.keyboard.type("quiet")
    page.wait_for_url("**/queue/?q=quiet*")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#queue-table tbody tr')]"
        ".every(row => row.textContent.toLowerCase().includes('quiet'))"
    )
    rows = page.locator("#queue-table tbody tr")
    assert rows.count() == Claim.objects.needs_review().filter(text__icontains="quiet").count() >= 1
    assert all("quiet" in text.lower() for text in rows.all_inner_texts())
