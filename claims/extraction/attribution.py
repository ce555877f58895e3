"""Attribution cues ("he said", "told Reuters", "according to RT") and the
speaker each one names.

Cues are searched in the article with its quotations blanked out, so the
words inside a quote ("Three sources said ...") never attribute anything.
The subject of a cue verb is the noun phrase just before it, skipping
parentheticals (", Reuters added,"), appositions (", the chair of ..., ") and
participle clauses (", stressing that ..., "); after a closing quote the
speaker may follow the verb ("...," said Bauer). A participle ("saying",
"adding") or a second verb joined by "and" takes the subject of the clause
it hangs from.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import lexicon
from .speakers import (
    NAME_RUN,
    Entity,
    Mention,
    Resolver,
    fold,
    is_role_noun,
    manner_adverb,
    names_person,
    names_place,
    parse_apposition,
    parse_description,
    parse_subject_end,
    parse_subject_phrase,
    parse_subject_start,
)
from .text import MASK_CHAR, word_alternation, word_char

_VERB_ALT = word_alternation(lexicon.CUE_VERBS | lexicon.AMBIGUOUS_CUES | lexicon.HEADLINE_CUES)
CUE_RE = re.compile(rf"(?<![\w’'\-])(?:(?P<acc>[Aa]ccording to)|(?P<verb>{_VERB_ALT}))(?![\w’'\-])")
# Where CUE_RE can match, searched in an ASCII image of the text (every other
# character a "?"): the character before the cue word, then the word. Opening
# with one character class, and reading bytes, the search skips the letters
# inside words, where CUE_RE is tried and fails one position at a time. The
# image reads every non-ASCII character as no letter, so this finds a superset
# of CUE_RE's matches; each is checked with CUE_RE. A candidate CUE_RE turns
# down hides no match: the only cue word starting inside one is the "to" of
# "according to", which is no cue.
_CUE_CANDIDATE_RE = re.compile(
    rf"[^A-Za-z0-9_'\-](?:[Aa]ccording to|{_VERB_ALT})(?![A-Za-z0-9_'\-])".encode()
)
# Punctuation, a masked quotation or a spaced hyphen: "[,;:()\[\]—–]|░+|\s-\s",
# written to open with one character class so that the regex engine skips to
# the candidates instead of trying every position.
_SEPARATOR_RE = re.compile(rf"[,;:()\[\]—–{MASK_CHAR}\s](?:(?<=[,;:()\[\]—–])|(?<={MASK_CHAR}){MASK_CHAR}*|(?<=\s)-\s)")
# The same without the spaced hyphen, for text that has none: with white
# space in its first character class, the full pattern stops at every space.
_PUNCT_SEPARATOR_RE = re.compile(rf"[,;:()\[\]—–{MASK_CHAR}](?:(?<={MASK_CHAR}){MASK_CHAR}*)?")
_SPACED_HYPHEN_RE = re.compile(r"\s-\s")
_MASKED_RE = re.compile(f"{MASK_CHAR}+")
_SKIP_START = frozenset(
    """
    on in at after before during over under since while when whereas although though as if
    unless until because yesterday today tonight earlier later meanwhile however but and so
    yet still then now also last this next for from with without by to into of about despite
    amid among following like unlike within across once instead indeed moreover furthermore
    asked speaking writing citing echoing in according
    """.split()
)
# Words opening a clause that the sentence's subject may follow or open:
# "When Tom Reyes, the campaign manager, was asked ..., he said".
_SUBORDINATORS = frozenset("after before since while when whereas although though as if unless until because once".split())
_LEADING_CONJ_RE = re.compile(r"^\s*(?:(?:But|And|So|Yet|Still|However|Then|Now|Meanwhile|Also|Instead)\b[\s,]*)+")
_CONJ_INITIALS = frozenset("BSYHTNMAI")
_PASSIVE_RE = re.compile(r"\b(?:was|were|is|are|been|being|be|get|got)\s+(?:[a-z]+ly\s+)?$")
_RELATIVE_RE = re.compile(r"^\s*(?:who|which|whose|whom|where|when|while|although|though|because|if)\b", re.I)
_PREPOSITIONS = frozenset("of from at with in for on by".split())
_APPOSITION_AFTER_RE = re.compile(r"\s*,([^,;:]{3,140}),")
# After a noun-like cue ("reports", "claims"): a clause, or the end of the
# sentence ('..., Isaac Stanley-Becker reports.').
# What makes a word that may be a noun ("reports", "states") a verb of
# speech: a clause after it, not a list going on ("in many coastal states,
# and ...").
_CLAUSE_FOLLOWS_RE = re.compile(r"\s*(?:that\b|:|,(?!\s*(?:and|but|or|as well as)\s)|\.(?:\s|$))")
_DESCRIBED_AS_RE = re.compile(r"\s+(?:[\w’'\-]+\s+){0,4}?as\b")
# Every character str.split() splits at (a no-break space after a comma
# too), and the marks around a clause: stripped, a clause has a first word.
_SPACES_AND_MARKS = "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace()) + "*_\"'"
_COORDINATORS = ("and", "but", "or", "then", "before", "later")


@dataclass(slots=True)
class Cue:
    """An attribution verb and the speaker it names."""

    start: int
    end: int
    verb: str
    sentence: int
    entity: Entity | None
    mention: Mention | None
    text: str
    according: bool = False
    participle: bool = False


@dataclass(slots=True)
class SentenceContext:
    start: int
    end: int
    index: int
    subject: Entity | None = None
    subject_pos: int = -1
    # The attribution words in the sentence (from `cue_matches`).
    cue_words: list[re.Match] = field(default_factory=list)
    # (start, end) of the sentence's separators, found on first use: the
    # subject and every cue of a sentence read its clauses. Their starts are
    # kept apart for bisection.
    separators: list[tuple[int, int]] | None = None
    separator_starts: list[int] | None = None


def _separator_pattern(masked: str, start: int, end: int) -> re.Pattern:
    """_SEPARATOR_RE, or, when masked[start:end] holds no spaced hyphen, the
    quicker _PUNCT_SEPARATOR_RE, which then finds the same there."""
    i = masked.find("-", start + 1, end - 1)
    while i >= 0:
        if _SPACED_HYPHEN_RE.match(masked, i - 1, end):
            return _SEPARATOR_RE
        i = masked.find("-", i + 1, end - 1)
    return _PUNCT_SEPARATOR_RE


def _separators(masked: str, sent: SentenceContext, start: int, end: int) -> list[tuple[int, int]]:
    """What a search of masked[start:end] for separators finds. A stretch
    from the sentence start is read off the sentence's own separators."""
    if start != sent.start:
        return [m.span() for m in _separator_pattern(masked, start, end).finditer(masked, start, end)]
    if sent.separators is None:
        pattern = _separator_pattern(masked, sent.start, sent.end)
        sent.separators = [m.span() for m in pattern.finditer(masked, sent.start, sent.end)]
        sent.separator_starts = [sep_start for sep_start, _ in sent.separators]
    found = sent.separators[: bisect.bisect_left(sent.separator_starts, end)]
    # Separators do not overlap, so only the last can run past the end.
    if found and found[-1][1] > end:
        # Cut by the end of the stretch: a masked quotation still
        # separates, a spaced hyphen is no longer one.
        sep_start = found[-1][0]
        if masked[sep_start] == MASK_CHAR:
            found[-1] = (sep_start, end)
        else:
            found.pop()
    return found


def _pieces_backwards(masked: str, sent: SentenceContext, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the pieces of masked[start:end], a stretch of the
    sentence `sent`, split at its separators, from the last piece back."""
    seps = _separators(masked, sent, start, end)
    piece_end = end
    for sep_start, sep_end in reversed(seps):
        yield sep_end, piece_end
        piece_end = sep_start
    yield start, piece_end


class _OpeningPieces:
    """The pieces of masked[start:end], the opening of a sentence, split at
    its separators: (start, end, the separator before it, or "quote" for a
    masked quotation). Found one at a time: a sentence's subject is nearly
    always in its first clause, so searching all of its separators would
    mostly be wasted."""

    __slots__ = ("done", "end", "found", "masked", "pattern", "pos", "sep")

    def __init__(self, masked: str, start: int, end: int):
        self.masked, self.end = masked, end
        self.pattern = _separator_pattern(masked, start, end)
        self.pos, self.sep, self.done = start, "", False
        self.found: list[tuple[int, int, str]] = []

    def get(self, n: int) -> tuple[int, int, str] | None:
        found = self.found
        while len(found) <= n and not self.done:
            # A search that stops at `end` finds what a search of the whole
            # sentence cut at `end` finds: a masked quotation ends at `end`,
            # a spaced hyphen across it is no match.
            m = self.pattern.search(self.masked, self.pos, self.end)
            if m is None:
                found.append((self.pos, self.end, self.sep))
                self.done = True
            else:
                sep_start, sep_end = m.span()
                found.append((self.pos, sep_start, self.sep))
                self.pos = sep_end
                self.sep = "quote" if self.masked[sep_start] == MASK_CHAR else self.masked[sep_start:sep_end]
        return found[n] if n < len(found) else None


class _SentencePieces:
    """The first five pieces of masked[sent.start:end], as `_OpeningPieces`
    gives them, read off the sentence's separators."""

    __slots__ = ("found",)

    def __init__(self, masked: str, sent: SentenceContext, end: int):
        found = []
        pos, sep = sent.start, ""
        for sep_start, sep_end in _separators(masked, sent, sent.start, end):
            found.append((pos, sep_start, sep))
            if len(found) == 5:
                break
            pos, sep = sep_end, ("quote" if masked[sep_start] == MASK_CHAR else masked[sep_start:sep_end])
        else:
            found.append((pos, end, sep))
        self.found = found

    def get(self, n: int) -> tuple[int, int, str] | None:
        return self.found[n] if n < len(self.found) else None


# A dateline opening a story: "WASHINGTON —", "Washington (AFP) –",
# "NEW YORK, N.Y. (Reuters) -".
_DATELINE_RE = re.compile(
    r"\s*(?:[A-Z][A-Z.\-]+(?: [A-Z][A-Z.\-]+){0,3}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)?(?: \([A-Z][\w.\- ]{0,30}\))?"
    r"|[A-Z][\w.\-]*(?: [A-Z][\w.\-]*){0,3}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)? \([A-Z][\w.\- ]{0,30}\))"
    r" ?[—–-]{1,2} "
)


_THERE_IS_RE = re.compile(r"[Tt]here\b[^,;:]{0,40}?\s(?:is|was|are|were)\s+|[Tt]here[’']s\s+")


# "As for Reyes, he said ...": the person the sentence turns to, whom its
# pronoun means.
_AS_FOR_RE = re.compile(rf"\s*(?:[Aa]s (?:for|to)|[Tt]urning to)[ \u00a0]+({NAME_RUN})[ \u00a0]*,[ \u00a0]*(?:he|she)\b")


def main_subject(masked: str, sent: SentenceContext, resolver: Resolver) -> None:
    """Note the subject of the sentence as salient (for later pronouns)."""
    topic = _AS_FOR_RE.match(masked, sent.start, sent.end)
    if topic is not None:
        entity = resolver.resolve(Mention(topic.group(1), topic.start(1), topic.end(1), "name"))
        if entity is not None and entity.kind == "person":
            sent.subject, sent.subject_pos = entity, topic.start(1)
            return
    end = min(sent.end, sent.start + 240)
    # A sentence with attribution words has its separators read by its cues
    # anyway; in any other, only its first clauses are searched.
    pieces = _SentencePieces(masked, sent, end) if sent.cue_words else _OpeningPieces(masked, sent.start, end)
    dateline = _DATELINE_RE.match(masked, sent.start, end)
    kin = ""  # "his wife" when the piece before was only that
    for n in range(5):
        piece = pieces.get(n)
        if piece is None:
            break
        seg_start, seg_end, _ = piece
        if dateline is not None and seg_start < dateline.end():
            # "WASHINGTON (AP) —": where the story was filed.
            if seg_end <= dateline.end():
                continue
            seg_start = dateline.end()
        offset = seg_start
        seg = masked[seg_start:seg_end]
        words = seg.split(maxsplit=1)
        if words and words[0][0] in _CONJ_INITIALS:
            lead = _LEADING_CONJ_RE.match(seg)
            if lead:
                offset += lead.end()
                seg = masked[offset:seg_end]
                words = seg.split(maxsplit=1)
        if not words:
            continue
        first = words[0]
        low = first.lower().strip("*_")
        if low.startswith("there") and (existential := _THERE_IS_RE.match(masked, offset, seg_end)):
            # "Then there is Victor Hale.", "There at the back of the hall
            # was Hale, ...": the person the sentence presents.
            named = parse_subject_start(masked[existential.end() : seg_end], existential.end())
            entity = resolver.resolve(named) if named is not None and named.form == "name" else None
            if entity is not None and entity.kind == "person":
                sent.subject, sent.subject_pos = entity, named.start
            return
        if low in _SUBORDINATORS and len(words) == 2:
            named = _named_in_apposition(masked, pieces, n, offset + seg.index(words[1], len(first)), seg_end)
            if named is not None:
                # "When Tom Reyes, the campaign manager, was asked ..., he
                # said": the person the clause opens with, not the
                # description set beside the name.
                entity = resolver.resolve(named)
                if entity is not None:
                    sent.subject, sent.subject_pos = entity, named.start
                return
        if low in _SKIP_START or (low.endswith("ing") and first[:1].isupper()):
            continue
        if not kin and n < 4 and len(seg) <= 60:
            kin = _kin_noun(seg)
            if kin:
                continue  # "His wife, Lena, ...": the name follows
        mention = parse_subject_start(seg, offset)
        described = mention is not None and (
            mention.form in ("role", "anonymous") or (mention.form == "name" and _owns_role(masked[mention.end : seg_end]))
        )
        following = pieces.get(n + 1) if n < 4 and described else None
        if following is not None:
            # "The porter, Abdul Rahimi, was ...", "One of his backers,
            # former Rep. Ann Lee, wrote ...": the name is the subject.
            nxt_start, nxt_end, sep = following
            named = parse_subject_start(masked[nxt_start:nxt_end], nxt_start) if sep == "," else None
            rest = masked[named.end : nxt_end].strip() if named is not None else ""
            # "Then a nurse in the town, Ms. Park began ...": a
            # description put before the name is no subject of its own.
            if named is not None and named.form == "name" and (rest == "" or (rest[:1].islower() and n == 0)):
                mention = _described(named, mention)
        # "the NRA": a body known by its initials, whether or not named before.
        initials = mention is not None and mention.text.isupper() and masked.endswith("the ", 0, mention.start)
        if mention is None or (mention.form == "name" and not initials and not _known_name(mention, resolver)):
            if mention is not None and kin and not masked[mention.end : seg_end].strip():
                # "His wife, Lena, called ...": a first name set beside the
                # relation that introduces her is her name.
                mention.role = kin
            elif len(seg.split(None, 4)) <= 4:
                continue  # "Three years ago," "Her husband,": look further
            else:
                return
        if n and mention.form == "name" and not masked[mention.end : seg_end].strip() and names_place(mention.text.split()):
            continue  # "Speaking in Salem, Oregon, Ruiz ...": the end of a place
        entity = resolver.resolve(mention)
        if entity is not None:
            sent.subject, sent.subject_pos = entity, mention.start
            _apposition_after(masked, mention, sent, entity)
            if entity.kind == "person":
                _note_pair(masked, mention, pieces, n, seg_end, resolver, entity)
        return


_AND_RE = re.compile(r"\s+and\s+")
_POSSESSED_RE = re.compile(r"(?:'s|’s|'|’)\s+((?:[\w\-]+\s+){0,3}([a-z][\w\-]*))\s*")


def _owns_role(rest: str) -> bool:
    """"’s state director" after a name: the name is whose role it is
    ("Lena Park’s state director, Tom Reyes, wrote"), not the subject."""
    m = _POSSESSED_RE.fullmatch(rest)
    return m is not None and (is_role_noun(m.group(2)) or fold(m.group(2)) in lexicon.ROLE_WORDS)


def _note_pair(masked: str, mention: Mention, pieces, n: int, seg_end: int, resolver: Resolver, first: Entity) -> None:
    """'Reyes and another captain, Victor Hale, have sailed ...': two people
    as the subject, whom a later "they" means (noted after the first, whom
    "he" still finds)."""
    joined = _AND_RE.match(masked, mention.end, seg_end)
    if joined is None:
        return
    rest = masked[joined.end() : seg_end]
    other = parse_subject_start(rest, joined.end())
    described = len(rest.split()) <= 3 if other is None else other.form in ("role", "anonymous") and not masked[other.end : seg_end].strip()
    if described:
        following = pieces.get(n + 1)
        named = parse_subject_start(masked[following[0] : following[1]], following[0]) if following and following[2] == "," else None
        other = named if named is not None and named.form == "name" else None
    if other is None or other.form != "name":
        return
    second = resolver.resolve(other, salient=False)
    if second is None or second.kind != "person" or second is first:
        return
    resolver.note(other.start, resolver.source(f"{first.name} and {second.name}", "collective"))


# "His wife", "Reyes's daughter": a relation who is then named.
_KIN_RE = re.compile(
    r"\s*(?:[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w\-]+(?:'s|’s|'|’))\s+(?:late\s+|former\s+|eldest\s+|youngest\s+|top\s+|chief\s+)?"
    rf"({'|'.join(lexicon.KIN_NOUNS)}|fianc[eé]e?|"
    r"aide|adviser|advisor|spokesman|spokeswoman|spokesperson|lawyer|attorney|deputy|assistant|friend|partner)\s*$"
)


def _kin_noun(seg: str) -> str:
    m = _KIN_RE.match(seg)
    return m.group(1) if m else ""


def _named_in_apposition(masked: str, pieces, n: int, start: int, end: int) -> Mention | None:
    """The name that fills masked[start:end] when the next piece is a
    description of it alone, set off by commas ("When Tom Reyes, the
    campaign manager, was asked"), with the description as its role."""
    named = parse_subject_start(masked[start:end], start)
    if named is None or named.form != "name" or masked[named.end : end].strip():
        return None
    following, closing = pieces.get(n + 1), pieces.get(n + 2)
    if following is None or following[2] != ",":
        return None
    unclosed = _UNCLOSED_DESCRIPTION_RE.match(masked, following[0], following[1])
    role = parse_apposition(unclosed.group(1)) if unclosed is not None else ""
    if role:
        # "When Victor Hale, Park’s campaign manager was asked ...": the
        # description's closing comma left out.
        named.role = ", ".join(x for x in (named.role, role) if x)
        return named
    if closing is None or closing[2] != ",":
        return None
    described = parse_subject_start(masked[following[0] : following[1]], following[0])
    if described is None or described.form not in ("role", "anonymous") or masked[described.end : following[1]].strip():
        return None
    return _described(named, described)


_UNCLOSED_DESCRIPTION_RE = re.compile(r"\s*([^,;:]{3,80}?)\s+(?:was|were|is|are|had|has|would|will|did)\s")


def _described(named: Mention, description: Mention) -> Mention:
    """The name, with a role description set beside it added to its role."""
    if description.form == "role":
        named.role = ", ".join(x for x in (named.role, _bare_role(description.text)) if x)
    return named


def _bare_role(text: str) -> str:
    return re.sub(r"^(?:the|The|its|Its|their|Their|his|His|her|Her)\s+", "", text)


def _known_name(mention: Mention, resolver: Resolver) -> bool:
    words = [w for w in mention.text.split() if w[:1].isupper()]
    if len(words) >= 2:
        return True
    return bool(words) and resolver.registry.known(words[0])


def _apposition_after(masked: str, mention: Mention, sent: SentenceContext, entity: Entity) -> None:
    if entity.kind != "person":
        return
    m = _APPOSITION_AFTER_RE.match(masked, mention.end, min(sent.end, mention.end + 160))
    if m:
        role = parse_apposition(m.group(1))
        if role:
            entity.add_role(role)


def cue_matches(masked: str) -> list[re.Match]:
    """Every attribution word in the article, found in one pass over the text
    between the masked quotations (which hold none, and which a search of
    the whole article would still step through character by character)."""
    image = masked.encode("ascii", "replace")
    found: list[re.Match] = []
    # A candidate is found by the character before it, which a cue word at
    # the very start does not have.
    first = CUE_RE.match(masked)
    if first is not None:
        found.append(first)
    after = first.end() if first is not None else 0
    for quote in _MASKED_RE.finditer(masked):
        _add_cue_words(masked, image, after, quote.start(), found)
        # The last masked character is the one before the next cue word.
        after = quote.end() - 1
    _add_cue_words(masked, image, after, len(masked), found)
    return found


def _add_cue_words(masked: str, image: bytes, after: int, end: int, found: list[re.Match]) -> None:
    """Append CUE_RE's matches that start after `after` and end by `end`: a
    match right after it only when masked[after] is no letter."""
    for candidate in _CUE_CANDIDATE_RE.finditer(image, after, end):
        m = CUE_RE.match(masked, candidate.start() + 1, end)
        if m is not None:
            found.append(m)


def find_cues(masked: str, sent: SentenceContext, resolver: Resolver, matches: list[re.Match]) -> list[Cue]:
    """Attribution cues of one sentence (from `matches`, those inside it), with
    their speakers resolved in order."""
    cues: list[Cue] = []
    for m in matches:
        if m.group("acc"):
            cue = _according(masked, m, sent, resolver)
        else:
            cue = _verb_cue(masked, m, sent, resolver, cues)
        if cue is not None:
            cues.append(cue)
    return cues


def _according(masked: str, m: re.Match, sent: SentenceContext, resolver: Resolver) -> Cue | None:
    after_end = _segment_end(masked, m.end(), sent.end)
    mention = parse_subject_start(masked[m.end() : after_end], m.end())
    if mention is None:
        author = _document_author(masked, m.end(), after_end)
        if author is not None:
            # "according to a letter from Ann Lee": its author speaks.
            entity = resolver.resolve(author)
            if entity is not None:
                return Cue(m.start(), m.end(), "according to", sent.index, entity, author, masked[m.start() : author.end], according=True)
        mention = _source_phrase(masked, m.end(), after_end, closed=after_end == sent.end or masked[after_end] in ",;")
        if mention is None:
            return None
        text = re.sub(r"^(?:the|The)\s+", "", mention.text)
        entity = resolver.source(text, mention.form)
        resolver.note(mention.start, entity)
    else:
        entity = resolver.resolve(mention)
    text = masked[m.start() : mention.end]
    return Cue(m.start(), m.end(), "according to", sent.index, entity, mention, text, according=True)


# "a letter from", "a court filing signed by", "the memo Reyes's office
# sent": a document, then who wrote it.
_DOCUMENT_BY_RE = re.compile(
    r"\s*(?:(?i:a|an|the|one|two)\s+)?(?:[\w\-]+\.?\s+){0,2}?(?:"
    + "|".join(sorted(lexicon.DOCUMENT_NOUNS, key=len, reverse=True))
    + r"|documents?|papers?|records?|study|studies|surveys?|polls?|analysis|review|calculations|estimates?|audit|tally)"
    r"\s+(?:from|by|(?:written|filed|signed|sent|issued|released|posted|published|submitted|conducted|compiled|"
    r"commissioned|prepared)\s+by)\s+"
)


def _document_author(masked: str, start: int, end: int) -> Mention | None:
    """The person or body named as the author of a document ("according to a
    letter from ...", "a memo sent by ... says") that opens at `start`."""
    m = _DOCUMENT_BY_RE.match(masked, start, end)
    if m is None:
        return None
    mention = parse_subject_start(masked[m.end() : end], m.end())
    if mention is None and (named := _THE_NAMED_RE.match(masked, m.end(), end)):
        # "a letter from the Harbor Guild": a body by its proper name.
        return Mention(named.group(1), named.start(1), named.end(1), "organisation")
    return mention if mention is not None and mention.form in ("name", "role") else None


_THE_NAMED_RE = re.compile(r"the\s+([A-Z][\w’'\-]+(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w’'\-]+)*)")


def _written_by(masked: str, sent: SentenceContext, mention: Mention) -> Mention | None:
    """The author, when the subject is a document named with its author
    ("A letter from the union, obtained by the Courier, warns"): the words
    are the author's, not those of whoever else the subject names."""
    lead = _LEADING_CONJ_RE.match(masked, sent.start, mention.start)
    start = lead.end() if lead else sent.start
    author = _document_author(masked, start, min(sent.end, max(mention.end, start + 200)))
    if author is None:
        return None
    if not masked[start : mention.start].strip() and mention.end <= author.start:
        return author  # the subject found was the document itself
    if author.end <= mention.start and _OBTAINED_BY_RE.match(masked, author.end, mention.start):
        return author
    return None


# "..., obtained by the Courier,", "to the mayor's aides": who has the
# document, not who wrote it.
_OBTAINED_BY_RE = re.compile(
    r"\s+to\s+$|[^.;:]{0,40}?\b(?:obtained|seen|reviewed|received|released|published|provided|shared|made public)\b[^.;:]{0,30}$",
    re.I,
)


def _source_phrase(masked: str, start: int, end: int, *, closed: bool = False) -> Mention | None:
    """Whatever follows "according to" up to the next comma: "port data",
    "the regional chamber of commerce", "a study published on Monday". A
    longer description ("a review of port filings by the Courier's data
    team") only when a comma or the sentence's end closes it: without one,
    the words may run on into the statement."""
    phrase = masked[start:end]
    stripped = phrase.strip().rstrip(".")
    words = stripped.split()
    if not words or len(words) > (20 if closed else 8):
        return None
    begin = start + phrase.find(stripped)
    form = "anonymous" if words[0].lower() in ("a", "an", "one", "some", "two", "three", "several") else "collective"
    if any(w.lower() in lexicon.ORG_WORDS for w in words):
        form = "organisation"
    return Mention(stripped, begin, begin + len(stripped), form)


def _segment_end(masked: str, pos: int, limit: int) -> int:
    sep = _separator_pattern(masked, pos, limit).search(masked, pos, limit)
    end = sep.start() if sep else limit
    return min(end, pos + 160)


def _verb_cue(masked: str, m: re.Match, sent: SentenceContext, resolver: Resolver, earlier: list[Cue]) -> Cue | None:
    verb = m.group("verb")
    verb_start, verb_end = m.span()
    if verb in lexicon.AMBIGUOUS_CUES and not _CLAUSE_FOLLOWS_RE.match(masked[verb_end : verb_end + 12]):
        return None
    if verb in lexicon.AMBIGUOUS_CUES and _NOUN_LEAD_RE.search(masked, max(sent.start, verb_start - 12), verb_start):
        return None  # "in the three states that held votes": a noun, counted or determined
    passive = not verb.endswith("ing") and _PASSIVE_RE.search(masked[max(sent.start, verb_start - 24) : verb_start])
    if passive and verb in ("asked", "told", "quoted"):
        return None  # "Biden was asked": he is not the one asking.
    if passive and verb in _ACCUSED and not _AGENT_RE.match(masked, verb_end, min(sent.end, verb_end + 60)):
        return None  # "the aide was charged with battery": by no one who speaks here
    if verb == "described" and not _DESCRIBED_AS_RE.match(masked, verb_end, verb_end + 50):
        return None
    if verb in _LEADING_VERBS and masked.startswith(" to ", verb_end):
        return None  # "continued to say ...": the cue is the verb after "to"
    if verb in _CONTINUING and _OBJECT_FOLLOWS_RE.match(masked, verb_end):
        return None  # "he continued his walk to the pier": no words of his
    if verb in _SPOKE and _spoke_clause_ends(masked, verb_end, sent.end) and _WHEN_LEAD_RE.search(masked, max(sent.start, verb_start - 60), verb_start):
        # "As Reyes spoke (to the crowd), the union ...": when the rest
        # happened, not what he said; he is still the one a "he" means.
        speaker, _ = subject_before(masked, sent, verb_start)
        if speaker is not None:
            resolver.resolve(speaker)
        return None
    if verb in _ADDED and _QUANTITY_NEXT_RE.match(masked, verb_end):
        return None  # "the town added 290 jobs": a count, not words
    if verb in ("quoted", "quotes") and _QUOTED_AS_RE.match(masked, verb_end, min(sent.end, verb_end + 90)):
        return None  # "The Courier quoted Reyes as saying": the cue is "saying", and Reyes speaks
    participle = verb in lexicon.PARTICIPLE_CUES
    mention: Mention | None = None
    entity: Entity | None = None
    if participle:
        # "The Courier quoted Tom Reyes as saying ...": the one quoted.
        quoted = _QUOTED_ONE_RE.search(masked, max(sent.start, verb_start - 90), verb_start)
        mention = parse_subject_start(quoted.group(1), quoted.start(1)) if quoted else None
        if mention is not None and mention.end == quoted.end(1) and mention.form != "pronoun":
            entity = resolver.resolve(mention)
        else:
            mention = None
    if _after_clause(masked, sent.start, verb_start, verb) or (
        verb in lexicon.INVERTING_CUES and _after_quote(masked, sent.start, verb_start)
    ):
        # '..., said David Axelrod.': the speaker follows the verb, not the
        # last name of the clause before the comma.
        mention = _subject_after(masked, sent, verb_end, ends_clause=True)
        if mention is not None:
            entity = resolver.resolve(mention)
    if participle and entity is None:
        named = _name_right_before(masked, sent, verb_start) if verb in _SPEECH_PARTICIPLES else None
        # "with Senator John McCain telling reporters ...": the name right
        # before the participle; after a comma it hangs from the clause.
        if named is None and (grouped := _subordinate_subject(masked, sent, verb_start)) is not None:
            # "..., where some 40 dockers were waiting, chanting": those
            # the clause before the comma is about.
            named = grouped
        entity = resolver.resolve(named) if named is not None else _clause_subject(sent, earlier)
        mention = named
        if entity is None and named is None:
            # "Council members have followed her lead, saying ...": a
            # group or description that opens the sentence.
            mention = opening_clause_subject(masked, sent, verb_start)
            entity = resolver.resolve(mention) if mention is not None else None
        if entity is None and masked[sent.start : verb_start].rstrip().endswith(","):
            return None  # ", chanting ...": the clause's subject, and none is known
    if entity is None:
        mention, coordinated = subject_before(masked, sent, verb_start)
        if mention is not None:
            mention = _written_by(masked, sent, mention) or mention
        if mention is None and coordinated:
            entity = _clause_subject(sent, earlier)
        if mention is None and entity is None and _after_quote(masked, sent.start, verb_start):
            mention = _subject_after(masked, sent, verb_end)
        if mention is None and entity is None and masked[sent.start : verb_start].rstrip().endswith(","):
            # "In other words, explained moderator Ann Lee: ...": the verb
            # first, then its subject, which ends the clause.
            mention = _subject_after(masked, sent, verb_end, ends_clause=True)
        if mention is not None:
            entity = resolver.resolve(mention)
    if entity is None and participle:
        return None
    if passive:
        # "The aide was charged ...", "It was said that ...": the subject
        # is not the one speaking; the one after "by" is, when named.
        agent = _AGENT_RE.match(masked, verb_end, min(sent.end, verb_end + 60))
        named = parse_subject_start(masked[agent.end() : sent.end], agent.end()) if agent else None
        entity = resolver.resolve(named) if named is not None else None
    return Cue(verb_start, verb_end, verb, sent.index, entity, mention, _cue_text(masked, m, mention, sent), participle=participle)


# "... was uttered once, by Mr. Reyes": the agent of a passive cue.
_AGENT_RE = re.compile(r"(?:\s+\w+)?,?\s+by\s+")

_FIRST_VERB_RE = re.compile(
    r"\s(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|did|do|does|[a-z]+ed)\b"
)


def opening_clause_subject(masked: str, sent: SentenceContext, limit: int) -> Mention | None:
    """The noun phrase before the first verb of the sentence, read from its
    end, when it is a speaker of any form."""
    lead = _LEADING_CONJ_RE.match(masked, sent.start, limit)
    start = lead.end() if lead else sent.start
    verb = _FIRST_VERB_RE.search(masked, start, limit)
    end = verb.start() if verb else limit
    comma = masked.find(",", start, end)
    if comma >= 0:
        end = comma  # "Other candidates, including Ann Lee, have ...": before the aside
    if end - start > 80 or end <= start:
        return None
    mention = parse_subject_end(masked[start:end], start)
    if mention is None or not _counted_or_determined(masked[start : mention.start]):
        return None
    head = fold(mention.text.split()[-1])
    heads = {head, head.removesuffix("s")}
    if mention.form == "role" and not heads & _SPEAKER_HEADS:
        return None  # "The vote shook the city": a clause, not a speaker
    if mention.form == "anonymous" and len(mention.text.split()) > 3:
        return None
    return mention


_GROUP_DETERMINERS = frozenset("the a an some several many most other few all both".split())
# "Hundreds of", "about 50", "more than 200": how many, before a group.
_QUANTITY_RE = re.compile(
    r"[\d,]+|(?i:hundreds|thousands|dozens|scores|tens|millions|of|about|around|nearly|almost|roughly|some|more|than|over)"
)


def _counted_or_determined(lead: str) -> bool:
    """Whether the words before a group only count or determine it ("the",
    "Hundreds of", "about 50"), so the group opens its clause."""
    return all(w.lower() in _GROUP_DETERMINERS or _QUANTITY_RE.fullmatch(w) for w in lead.split())


_SPEAKER_HEADS = (
    lexicon.ROLE_WORDS
    | lexicon.ROLE_NOUNS
    | lexicon.ORG_WORDS
    | lexicon.COLLECTIVE_NOUNS
    # a gathering that speaks as one: "The crowd cheered her, chanting “…”"
    | frozenset("crowd audience demonstrator marcher delegate attendee spectator onlooker heckler".split())
)


def _subordinate_subject(masked: str, sent: SentenceContext, verb_start: int) -> Mention | None:
    """The group that opens the clause right before a participle's comma,
    when that clause is a subordinate one ("where some 40 dockers were
    waiting on Monday, chanting ...")."""
    comma = masked.rfind(",", sent.start, verb_start)
    if comma < 0 or masked[comma + 1 : verb_start].strip():
        return None
    leads = list(_SUBORDINATOR_RE.finditer(masked, max(sent.start, comma - 160), comma))
    if not leads or "," in masked[leads[-1].end() : comma]:
        return None
    start = leads[-1].end()
    verb = _FIRST_VERB_RE.search(masked, start, comma)
    if verb is None:
        return None
    mention = parse_subject_end(masked[start : verb.start()], start)
    if mention is None or mention.form not in ("collective", "anonymous"):
        return None
    return mention if _counted_or_determined(masked[start : mention.start]) else None


_SUBORDINATOR_RE = re.compile(r"\b(?:where|when|while|as|after|because|since|until)\s+")


def _clause_subject(sent: SentenceContext, earlier: list[Cue]) -> Entity | None:
    for cue in reversed(earlier):
        if cue.entity is not None and not cue.according and not _RELATIVE_CUE_RE.search(cue.text):
            return cue.entity
    return sent.subject


# "critics who say ...": a cue inside a relative clause is no subject of the
# clause a later participle hangs from.
_RELATIVE_CUE_RE = re.compile(r"\b(?:who|which)\s+\S+$")


def subject_before(masked: str, sent: SentenceContext, verb_start: int) -> tuple[Mention | None, bool]:
    """(subject mention, whether the verb is coordinated with an earlier one)."""
    role = ""
    walked = 0
    # After the end of a place ("..., after a woman in Salem, Oregon, told"),
    # the piece before holds the subject, not an aside.
    after_place = False
    pieces = list(itertools.islice(_pieces_backwards(masked, sent, max(sent.start, verb_start - 400), verb_start), 7))
    for seg_start, seg_end in pieces:
        walked += 1
        if walked > 6:
            break
        seg = masked[seg_start:seg_end]
        place_before, after_place = after_place, False
        if walked > 1:
            named = _name_before_apposition(masked, seg, pieces[walked : walked + 2])
            if named is not None:
                named.apposition = parse_apposition(seg) or role
                return named, False
        stripped = seg.strip(_SPACES_AND_MARKS)
        if not stripped:
            continue
        if walked > 1 and _has_cue_word(masked, sent, seg_start, seg_end):
            continue  # a parenthetical cue: ", Reuters added,"
        first = stripped.split(maxsplit=1)[0]
        if walked > 1 and (
            first.lower().endswith("ing")
            or _RELATIVE_RE.match(stripped)
            or (not place_before and (first in _PREPOSITIONS or first in _ASIDE_PREPOSITIONS))
        ):
            # ", stressing that ...,", ", who chairs ...,", ", of the Village
            # Association,", ", after a long pause,"
            continue
        if walked > 1:
            apposition = parse_apposition(seg)
            if apposition:
                role = apposition
                continue
        if walked == 1 and (
            stripped in ("who", "which")
            or all(w in lexicon.SUBJECT_VERB_FILLERS or manner_adverb(w) for w in stripped.split())
            or (walked < len(pieces) and _TIME_ONLY_RE.match(stripped))
        ):
            # "Ruiz, who announced ...": the name before; "Reyes, who
            # ran ..., has said": the verb's auxiliary alone.
            continue
        if walked == 1 and fold(first) in _ROLE_OPENERS and first.islower() and masked[seg_start - 1 : seg_start] == ",":
            # "Ann Lee, president and CEO of the association said": the name
            # before a description that lacks its closing comma.
            named = _name_before_apposition(masked, seg, pieces[1:3])
            if named is not None:
                named.apposition = parse_apposition(seg)
                return named, False
        mention = parse_subject_end(seg[-200:], seg_end - len(seg[-200:]))
        if (
            mention is not None
            and walked < len(pieces)
            and mention.text == stripped
            and names_place(stripped.split())
            and _PLACE_OF_RE.search(masked, max(0, seg_start - 40), seg_start)
        ):
            after_place = True
            continue  # "Lena Park of Salem, Oregon, says": the end of a place
        if (
            mention is not None
            and mention.form == "name"
            and walked < len(pieces)
            and mention.text == stripped
            and _PLACE_NOUN_END_RE.search(masked, max(0, seg_start - 30), seg_start)
        ):
            after_place = True
            continue  # "who lives outside the state capital, Salem, said": the place's name
        if mention is not None and mention.form == "name":
            # "a woman in Salem": who lives there, not the place.
            lead = _PLACE_PREPOSITION_END_RE.search(masked, max(seg_start, mention.start - 6), mention.start)
            if lead is not None:
                person = parse_subject_end(masked[seg_start : lead.start()], seg_start)
                described = _LAST_DETERMINER_RE.search(masked, max(seg_start, lead.start() - 40), lead.start())
                if person is None and described is not None:
                    # "... after a woman in Salem": the description alone.
                    person = parse_subject_end(masked[described.start(1) : lead.start()], described.start(1))
                if person is not None and (person.form in ("anonymous", "role") or names_place(mention.text.split())):
                    mention = person
        if mention is not None:
            mention.apposition = role
            return mention, False
        if walked == 1 and walked < len(pieces) and _ADJECTIVES_LISTED_RE.match(masked, pieces[1][0], pieces[1][1]):
            # "the soft-spoken, 64-year-old captain said": one description
            # whose adjectives a comma separates.
            start = pieces[1][0]
            listed = parse_description(masked[start:seg_end].replace(",", " "), start)
            if listed is not None:
                listed.text = masked[listed.start : listed.end]
                return listed, False
        if walked > 1 and len(stripped.split()) <= 3:
            continue  # ", 68,", ", no relation,"
        mention = parse_subject_phrase(seg, seg_start)
        if mention is not None:
            mention.apposition = role
            return mention, False
        if _ends_with_coordinator(seg):
            # "When Ruiz later referred to the flood and said ...": the
            # subject that opens this clause, else the sentence's.
            lead = _SUBORDINATE_LEAD_RE.match(seg)
            opening = parse_subject_start(seg[lead.end() :] if lead else seg, seg_start + (lead.end() if lead else 0))
            if opening is not None and opening.form in ("name", "pronoun", "role"):
                return opening, False
            if walked < len(pieces) and MASK_CHAR in masked[pieces[walked][1] : seg_start]:
                opening = _subject_across_quote(masked, pieces[walked : walked + 3])
                if opening is not None:
                    return opening, False
            return None, True
        return None, False
    return None, False


# "the soft-spoken" before a comma: a determiner and one adjective, whose
# noun follows the comma.
_ADJECTIVES_LISTED_RE = re.compile(r"\s*(?:[Tt]he|[Aa]n?)[ \u00a0]+[a-z][\w\-]*[ \u00a0]*$")
_PLACE_NOUN_END_RE = re.compile(
    r"\b(?:capital|city|town|village|county|state|country|province|region|hometown|suburb|district|neighborhood|"
    r"neighbourhood|island)\s*,\s*$"
)
_LAST_DETERMINER_RE = re.compile(r"\b((?:a|an|the|one)\s+[\w\-]+(?:\s+[\w\-]+)?)$")
_PLACE_PREPOSITION_END_RE = re.compile(r"\s(?:in|from)\s+$")
_PLACE_OF_RE = re.compile(r"\b(?:of|in|from|at)\s+[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?\s*,?\s*$")

# Lower-case words that open an aside between a subject and its verb.
_ASIDE_PREPOSITIONS = frozenset("after before during in at with without despite amid".split())

# A time between a clause and its verb: "Lee, who ran it for years, last
# week said ...".
_TIME_ONLY_RE = re.compile(
    r"(?:(?:last|this|next|earlier|later|on|late|early)\s+)?(?:(?:this|last)\s+)?"
    rf"(?:{'|'.join((*lexicon.PERIODS, *lexicon.WEEKDAYS, 'yesterday', 'today', *lexicon.DAY_PARTS, *lexicon.SEASONS))})"
    rf"(?:\s+(?:{'|'.join(lexicon.DAY_PARTS)}))?(?:\s+(?:also|again|repeatedly|then|has|had|have))*$",
    re.I,
)
_APPOSITION_OPENERS = frozenset("a an the now also then once both each one".split())


def _name_before_apposition(masked: str, seg: str, earlier: list[tuple[int, int]]) -> Mention | None:
    """'Gregory Angelo, president of the club, said', 'Ann Lee, 22, who
    founded it, said': a clause between commas that describes (opens in
    lower case, with an article, a number or "who") after a clause that is
    only a name. The name is the subject, not a name inside the description.
    `earlier` are the clauses before `seg`, nearest first; a description may
    run over two of them ("a pollster who works with Priorities USA, a
    super PAC,")."""
    if not earlier or not _describes_name(seg):
        return None
    named = _opening_name(masked, *earlier[0])
    if named is None and len(earlier) > 1 and _describes_name(masked[earlier[0][0] : earlier[0][1]]):
        named = _opening_name(masked, *earlier[1])
    return named


def _opening_name(masked: str, start: int, end: int) -> Mention | None:
    """The name that a clause is made of, after a quotation, a conjunction,
    the sentence start or words saying what the person is ("the economist
    Jared Bernstein"); in "In a letter to Smith" the name is no subject."""
    mention = parse_subject_end(masked[start:end], start)
    if mention is None or mention.form not in ("name", "pronoun"):
        return None
    lead = masked[start : mention.start].strip(_SPACES_AND_MARKS)
    if lead and not _LEADING_CONJ_RE.fullmatch(lead) and not _role_lead(lead):
        return None
    if lead and any(w in _PLACE_PREPOSITIONS for w in mention.text.split()):
        return None  # "an actor in Dallas": a place the description names
    return mention


def _role_lead(lead: str) -> bool:
    """Whether the words before a name only say what the person is: "the"
    (before "economist Jared Bernstein"), "Democratic pollster", "former"."""
    words = lead.split()
    return len(words) <= 4 and all(
        fold(w) in _ROLE_LEAD_WORDS or (w[:1].isupper() and fold(w) not in lexicon.NON_NAME_WORDS) for w in words
    )


_ACCUSED = frozenset("charged alleged accused".split())
_ADDED = frozenset("added adds adding".split())
_NOUN_LEAD_RE = re.compile(
    r"\b(?:the|these|those|many|most|all|some|other|several|both|few|two|three|four|five|six|seven|eight|nine|ten|"
    r"\d+|key|early|southern|northern|western|eastern|swing|battleground|neighboring|neighbouring)\s+$",
    re.I,
)
_QUANTITY_NEXT_RE = re.compile(r"[ \u00a0]+(?:(?:about|around|nearly|some|roughly|more[ \u00a0]+than|over|another|almost)[ \u00a0]+)?[\d$£€]")

_SPOKE = frozenset("spoke speaks spoken talked talks".split())
_WHEN_LEAD_RE = re.compile(r"\b(?:[Aa]s|[Ww]hile|[Ww]hen|[Bb]efore|[Aa]fter)\s[^,;:]{1,50}$")
_CONTINUING = frozenset("continued continues continuing".split())
_OBJECT_FOLLOWS_RE = re.compile(r"\s+(?:his|her|their|its|the|a|an|our|my|with|on|through|until|into)\b")
_LEADING_VERBS = frozenset("continued continues began begins started starts proceeded".split())
_ROLE_OPENERS = lexicon.ROLE_WORDS | lexicon.ROLE_NOUNS
_PLACE_PREPOSITIONS = frozenset("in at from with on by".split())
_ROLE_LEAD_WORDS = lexicon.ROLE_NOUNS | lexicon.ROLE_MODIFIERS | lexicon.ROLE_WORDS | {"the", "a", "an"}


def _describes_name(seg: str) -> bool:
    """Whether a clause between commas reads as a description of a name."""
    words = seg.split(maxsplit=1)
    if not words:
        return False
    first = words[0]
    describes = first in _APPOSITION_OPENERS or first[:1].isdigit() or (first[:1].islower() and first not in _NOT_APPOSITION)
    # "Democrat of Oregon", "President of the club", "Mrs. Ruiz's chief
    # of staff": a capitalised role or someone's role.
    head = seg.split()[:3]
    describes = describes or (
        len(head) >= 2 and (
            (fold(head[0].rstrip(",")) in lexicon.ROLE_WORDS and head[1] in ("of", "for", "and"))
            or any(w.endswith(("’s", "'s", "s’", "s'")) for w in head[:2])
        )
    )
    return describes


# Lower-case openers of a clause that does not describe the name before it.
_NOT_APPOSITION = frozenset(
    "and but or so yet then he she they it we i and as if when while because after before said says".split()
)


def _spoke_clause_ends(masked: str, verb_end: int, sent_end: int) -> bool:
    """Whether "spoke" ends its clause at a comma, with no "that" before it
    ("As he spoke to the crowd on Monday, ...")."""
    comma = masked.find(",", verb_end, min(sent_end, verb_end + 80))
    return comma >= 0 and " that " not in masked[verb_end:comma] and MASK_CHAR not in masked[verb_end:comma]


def _subject_across_quote(masked: str, earlier: list[tuple[int, int]]) -> Mention | None:
    """The subject of a clause that a quotation interrupts before "and said":
    "..., while Lena Park proposed “…” and said" and "..., while Tom Reyes,
    the harbor master, proposed “…” and said" are hers and his, not what the
    sentence opened with. `earlier` are the clauses before the quotation,
    nearest first."""
    start, end = earlier[0]
    lead = _SUBORDINATE_LEAD_RE.match(masked, start, end)
    skip = lead.end() if lead else start
    opening = parse_subject_start(masked[skip:end], skip)
    if opening is not None:
        return opening if opening.form in ("name", "pronoun", "role") else None
    if len(earlier) < 3 or not masked[skip:end].lstrip()[:1].islower():
        return None
    if not _describes_name(masked[earlier[1][0] : earlier[1][1]]):
        return None
    start, end = earlier[2]
    named = parse_subject_end(masked[start:end], start)
    if named is None or named.form != "name":
        return None
    lead = _SUBORDINATE_LEAD_RE.match(masked, start, named.start)
    opens = masked[lead.end() if lead else start : named.start].strip()
    return None if opens else named


_SUBORDINATE_LEAD_RE = re.compile(r"\s*(?:(?:[Ww]hen|[Ww]hile|[Aa]fter|[Bb]efore|[Aa]s|[Ss]ince|[Aa]nd|[Bb]ut|[Tt]hen|[Ss]uch\s+as)\s+)+")


def _ends_with_coordinator(seg: str) -> bool:
    """Whether `seg` ends in one of _COORDINATORS ("... and"), as a whole
    word, and white space. Read from the end: an end-anchored pattern would
    be tried from every position of the clause."""
    text = seg.rstrip()
    # "... and has boasted", "... and later said": auxiliaries and adverbs
    # between the coordinator and the verb.
    while True:
        head, _, last = text.rpartition(" ")
        if last in lexicon.SUBJECT_VERB_FILLERS and head:
            text = head.rstrip()
        else:
            break
    for word in _COORDINATORS:
        if text.endswith(word):
            start = len(text) - len(word)
            if start == 0 or text[start - 1].isspace():
                return True
    return False


def _has_cue_word(masked: str, sent: SentenceContext, start: int, end: int) -> bool:
    """Whether masked[start:end], a stretch of `sent`, holds an attribution
    word. The sentence's words were found already; they answer for a stretch
    whose edges cut no word in two, as the edges of a clause never do."""
    if (start == 0 or not word_char(masked[start - 1])) and (end == len(masked) or not word_char(masked[end])):
        return any(start <= m.start() and m.end() <= end for m in sent.cue_words)
    return CUE_RE.search(masked[start:end]) is not None


def _after_quote(masked: str, sent_start: int, verb_start: int) -> bool:
    """True when only a closing quote (and a comma) separates the verb from
    the quotation before it: '...," said Bauer'."""
    j = verb_start
    while j > sent_start and masked[j - 1] in " \t\n,\"”’'»":
        j -= 1
    return j > sent_start and masked[j - 1] in (MASK_CHAR, "!", "?", ".", "…")


_SPEECH_PARTICIPLES = frozenset(
    "saying telling adding noting arguing insisting warning writing tweeting explaining stressing declaring "
    "yelling shouting screaming chanting".split()
)


def _after_clause(masked: str, sent_start: int, verb_start: int, verb: str) -> bool:
    """'The bridge would reopen in May, said Ana Ruiz.': an inverting verb
    right after a comma that ends a clause, or opening the sentence ('Said
    Comey: ...')."""
    if verb_start == sent_start and verb in lexicon.HEADLINE_CUES:
        return True
    if verb not in lexicon.INVERTING_CUES:
        return False
    if _THAT_FOLLOWS_RE.match(masked, verb_start + len(verb)):
        return False  # "Ruiz, facing a challenge, noted that ...": what was said follows
    j = verb_start
    while j > sent_start and masked[j - 1] in " \t\n":
        j -= 1
    return j > sent_start + 1 and masked[j - 1] == ","


_THAT_FOLLOWS_RE = re.compile(r"\s+that\b")

# What may follow a speaker named after the verb: the end of the clause,
# the time, place or medium of the statement, or a clause about the speaker
# ("said a former official who oversaw the inquiry").
_CLAUSE_ENDS_RE = re.compile(r"\s*(?:[,.;:()!?—–]|$|(?:in|on|at|during|to|of|after|before|when|who|whose|last|this|yesterday|today|"
                             rf"{'|'.join(day.capitalize() for day in lexicon.WEEKDAYS)}|earlier|later)\b)")


# "quoted Tom Reyes as saying": who is quoted, before a participle of speech.
_QUOTED_AS_RE = re.compile(r"\s+[^,;:()]{1,80}?\s+as\s+(?:saying|telling|writing|calling|describing)\b")
_QUOTED_ONE_RE = re.compile(r"\b(?:quoted|quotes|quoting)\s+([^,;:()]{1,80}?)\s+as\s+$")


def _name_right_before(masked: str, sent: SentenceContext, verb_start: int) -> Mention | None:
    """A name written right before a participle, with no comma between (an
    adverb may come between: "with Ruiz repeatedly shouting")."""
    j = verb_start
    while j > sent.start and masked[j - 1] in " \t\u00a0":
        j -= 1
    adverb = j
    while adverb > sent.start and masked[adverb - 1].isalpha():
        adverb -= 1
    if manner_adverb(masked[adverb:j]):
        j = adverb
        while j > sent.start and masked[j - 1] in " \t":
            j -= 1
    if j == verb_start or j <= sent.start or not masked[j - 1].isalpha():
        return None
    start = max(sent.start, j - 80)
    m = _TRAILING_NAME_RE.search(masked, start, j)
    if m is None or not m.group(1)[:1].isupper():
        # "with his office saying": whoever "with" introduces.
        w = _WITH_PHRASE_RE.search(masked, start, j)
        return parse_subject_end(w.group(1), w.start(1)) if w else None
    before = masked[start : m.start(1)].split()
    if before and before[-1].lower() in _NOT_BEFORE_A_SPEAKER:
        return None  # "responded on Facebook writing": Facebook does not write
    return parse_subject_end(m.group(1), m.start(1))


# "with Ana Ruiz tweeting ...": the one "with" introduces speaks.
_NOT_BEFORE_A_SPEAKER = (_PREPOSITIONS - {"with"}) | {"to", "about", "via"}
_WITH_PHRASE_RE = re.compile(
    r"\bwith\s+((?:his|her|their|its|the|a|an|many|some|several|most|other|(?:dozens|hundreds|thousands)\s+of|\d[\d,]*)"
    r"\s+[^,;:()]{2,50})$"
)


def _subject_after(masked: str, sent: SentenceContext, verb_end: int, *, ends_clause: bool = False) -> Mention | None:
    """The speaker after the verb ('..., said Bauer'). With `ends_clause`, only
    one that ends its clause: in "Smith, a lawyer, said Jones lied" Jones is
    the subject of what was said."""
    end = _segment_end(masked, verb_end, sent.end)
    first = masked[verb_end : verb_end + 12].split(None, 1)[:1]
    if first and first[0] in _AFTER_VERB_PREPOSITIONS:
        # '“...,” Tom Reyes, 66, said on Harbor Talk': a programme, a place or
        # a time after the verb, never the one speaking.
        return None
    mention = parse_subject_start(masked[verb_end:end], verb_end)
    if mention is None:
        # "..., said one district party leader.": a description that is the
        # whole phrase after the verb, read from its end.
        phrase = masked[verb_end:end].rstrip(" \t\n.!?")
        whole = parse_subject_end(phrase, verb_end)
        if (
            whole is not None
            and whole.form in ("role", "anonymous")
            and not masked[verb_end : whole.start].strip()
            and (whole.text.split()[0].lower() in _INDEFINITE_LEADS or _ordinal_description(whole.text))
        ):
            mention = whole
    # Where the subject begins: a description before the name ("said CBS
    # moderator Ann Lee", "said county moderator Ann Lee") is part of it.
    subject_start = mention.start if mention is not None else None
    if mention is None:
        start = verb_end + len(masked[verb_end:end]) - len(masked[verb_end:end].lstrip())
        phrase = masked[start:end].rstrip()
        words = phrase.split()
        # "said his best friend at college, Bruce Turry": a description the
        # parser does not read as one, then the name.
        described = 2 <= len(words) <= 8 and words[0].lower() in _DESCRIPTION_DETERMINERS
        mention = _named_after_description(masked, Mention(phrase if described else "", start, start, "role"), end, sent.end)
        subject_start = start
    elif mention.form != "pronoun":
        mention = _named_after_description(masked, mention, end, sent.end) or mention
    if mention is None or (mention.form == "pronoun" and mention.text.lower() == "it"):
        return None
    lead = masked[verb_end:subject_start].split()
    # "says political scientist Ana Ruiz": a word qualifying the role.
    qualified = len(lead) <= 2 and all(w.isalpha() and w.islower() for w in lead) and mention.role
    if ends_clause and ((lead and not qualified) or not _CLAUSE_ENDS_RE.match(masked, mention.end, sent.end)):
        return None
    rest = masked[mention.end : min(sent.end, mention.end + 160)]
    m = re.match(r"\s*,([^,;:]{3,140})(?:[,.;]|$)", rest)
    if m:
        mention.apposition = parse_apposition(m.group(1))
    return mention


_INDEFINITE_LEADS = frozenset("a an one another two three several some".split())
_AFTER_VERB_PREPOSITIONS = frozenset("on in at to during after before about from via".split())
_ORDINALS = frozenset("other second third fourth fifth latest same".split())


def _ordinal_description(text: str) -> bool:
    """"the second official", "the other aide": a source counted among
    others, a description as good as "another official"."""
    words = text.lower().split()
    return len(words) >= 3 and words[0] == "the" and words[1] in _ORDINALS
_DESCRIPTION_DETERMINERS = frozenset("his her their its a an the another one".split())
_CLAUSE_PRONOUNS = frozenset("he she they it we i you".split())
_TRAILING_NAME_RE = re.compile(rf"(?<![\w’'\-])({NAME_RUN})[\s.]*$")
# "the foreman known as Rick": a description with the one name the
# article gives, which is the speaker's name even if it is a given name only.
_KNOWN_AS_RE = re.compile(r"\s(?:known|identified|referred to)(?: only)? as\s+$")
_NAMED_AFTER_COMMA_RE = re.compile(rf",\s*((?:[a-z\-]+\s+){{0,2}}?)({NAME_RUN})(?=\s*(?:[,.;(]|of\b|$))")


def _named_after_description(masked: str, mention: Mention, end: int, sent_end: int) -> Mention | None:
    """The person a description leads to, after a verb: "said Democratic
    pollster Stan Greenberg", "said Virginia delegate Beau Correll", "said
    another leading advocate, Andrew Pincus"."""
    phrase = masked[mention.start : end]
    m = _TRAILING_NAME_RE.search(phrase)
    if m and m.start(1) > 0 and (names_person(m.group(1)) or _KNOWN_AS_RE.search(phrase, 0, m.start(1))):
        lead = phrase[: m.start(1)].split()
        # "said he’s with Ann Lee": a pronoun opens what was said.
        if len(lead) <= 6 and not any(
            w.lower() in lexicon.CUE_VERBS or re.split(r"[’']", w.lower())[0] in _CLAUSE_PRONOUNS for w in lead
        ):
            start = mention.start + m.start(1)
            return Mention(m.group(1), start, start + len(m.group(1)), "name", role=" ".join(lead))
    described = mention.form in ("anonymous", "role") or (
        # "another leading Supreme Court advocate": a name inside a description
        mention.form == "name" and phrase[len(mention.text) :].split()[-1:] != [] and phrase.split()[-1].islower()
    )
    if described and mention.text:
        m = _NAMED_AFTER_COMMA_RE.match(masked, end, min(sent_end, end + 80))
        # "said Ruiz's host, actress Dana Shaw": role words
        # may open the name.
        if m and names_person(m.group(2)) and all(fold(w) in _ROLE_LEAD_WORDS for w in m.group(1).split()):
            role = mention.text if mention.form != "name" else _bare_role(" ".join(phrase.split()))
            return Mention(m.group(2), m.start(2), m.end(2), "name", apposition=role)
    return None


def _cue_text(masked: str, m: re.Match, mention: Mention | None, sent: SentenceContext) -> str:
    verb = m.group("verb")
    if verb in ("told", "tells", "telling"):
        end = _segment_end(masked, m.end(), sent.end)
        obj = masked[m.end() : end]
        words = obj.split()
        if "that" in words:
            words = words[: words.index("that")]  # "told reporters that ...": the object only
        if 0 < len(words) <= 6 and words[0].lower() not in ("him", "her", "them"):
            return (verb + " " + " ".join(words)).strip(" .,;:")
        return verb
    if mention is not None:
        lo, hi = min(mention.start, m.start()), max(mention.end, m.end())
        if hi - lo <= len(mention.text) + len(verb) + 30 and MASK_CHAR not in masked[lo:hi]:
            return " ".join(masked[lo:hi].split())
    return verb
