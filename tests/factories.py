"""Plain helpers that build records for tests, without extraction."""

import itertools

from claims.models import Article, Claim, Source, Speaker

_counter = itertools.count(1)

ARTICLE_TEXT = (
    'The minister spoke on Monday. "We will build 40,000 homes this year," Jane Roe said. '
    "Critics called the plan a “fantasy”.\n\n"
    "Officials said 12 percent of the budget was unspent."
)


def make_article(*, text: str = ARTICLE_TEXT, title: str = "Housing plan", **fields) -> Article:
    n = next(_counter)
    return Article.objects.create(
        title=title,
        raw_text=text,
        cleaned_text=text,
        content_hash=fields.pop("content_hash", f"hash-{n}"),
        **fields,
    )


def make_speaker(name: str = "Jane Roe", kind: str = Speaker.Kind.PERSON) -> Speaker:
    return Speaker.objects.create(name=name, kind=kind)


def make_claim(article: Article | None = None, *, quote: str | None = None, **fields) -> Claim:
    article = article or make_article()
    quote = quote or "We will build 40,000 homes this year,"
    start = article.cleaned_text.index(quote)
    fields.setdefault("kind", Claim.Kind.QUOTE)
    return Claim.objects.create(article=article, text=quote, start=start, end=start + len(quote), **fields)


def make_source(title: str = "Ministry press release", **fields) -> Source:
    return Source.objects.create(title=title, **fields)
