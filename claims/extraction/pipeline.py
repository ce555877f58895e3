"""extract_claims: quotes, partial quotes, reported speech, statistics and
quoted words that are not speech, each with its speaker.

The article is read sentence by sentence, in order, so that "he said" can
only refer back. For each sentence: its subject is noted, its attribution
cues are resolved, then each quotation that opens in it is given a kind and
a speaker:

- a cue right after a quote that opens the sentence ('"...," Bauer said'),
  else the nearest cue before it ('He added, "..."', 'said Putin "had ..."'),
  else a cue after it in the same sentence;
- a quote with no cue in its sentence continues the previous speaker when it
  opens its sentence (the second half of an interrupted quote, or a quote
  paragraph after a quote paragraph), or follows a sentence ending in a colon;
- titles ("a report titled ...", "the book ...") and short quoted words with
  no cue are not speech, except a headline that is a full sentence, which is
  the publisher's statement.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from . import lexicon
from .attribution import (
    Cue,
    SentenceContext,
    cue_matches,
    find_cues,
    main_subject,
    opening_clause_subject,
    subject_before,
)
from .claim import ExtractedClaim
from .quotes import QuoteSpan, find_quotes
from .reported import reported_spans
from .scoring import score
from .speakers import (
    HEADLINE_VERBS,
    Entity,
    Mention,
    NameRegistry,
    Resolver,
    only_fillers,
    parse_subject_end,
    parse_subject_start,
    role_only_start,
    title_case_headline_end,
)
from .statistics import find_numbers
from .text import MASK_CHAR, WORD_PUNCT, SentenceIndex, mask_spans, paragraph_starts, sentence_spans
from .transcript import speaker_from_label, transcript_turns

_WORD_RE = re.compile(r"[\w’'\-]+")
_CALLED_RE = re.compile(
    r"(?:called|call|calls|calling|described|describe|describes|describing|labelled|labeled|branded|termed|"
    r"defended|defends|defending)\s+"
    r"(?:it|them|him|her|(?:this|that|these|those)(?:\s+[\w\-]+){0,3}|(?:the|his|her|their|its|such)(?:\s+[\w\-]+){1,4}"
    # or someone by name: "took to Twitter to call Shaw “a fraud”"
    r"|[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2})"
    r"(?:\s+(?:as(?:\s+(?:an?|the))?|an?|the))?\s*$"
)
_CALLS_END_RE = re.compile(r"(?:called|calls|call|describes|described|dubs|dubbed|terms|termed)(?:\s+(?:an?|the))?\s*$")
_RELATIVE_OBJECT_RE = re.compile(r"\b(?:which|that|what)\s+([^,;:]+)$")
_POSSESSIVES = frozenset("his her their its".split())
# "his remark from Monday that", "Reyes’s claim that the pier was": a remark
# and whose it is, then words that run on to the quotation.
_OWNED_WORDS_RE = re.compile(
    # whose: "his", "Reyes’s", "the Oregon senator’s"
    r"\b([Hh]is|[Hh]er|[Tt]heir|[A-Z][\w\-]+(?:[ \u00a0][A-Z][\w\-]+){0,2}(?:’s|'s|’|')"
    r"|[Tt]he[ \u00a0](?:[A-Z][\w\-]+[ \u00a0]){0,3}[a-z]+(?:’s|'s))[ \u00a0]+(?:[a-z]+[ \u00a0]+)?"
    # what: the remark
    r"(comments?|remarks?|claims?|statements?|assertions?|insistence|promises?|pledges?|vows?|warnings?|arguments?|"
    r"suggestions?|contention|accusations?|boasts?|complaints?|admission|description|answer|response|reply|calls?|"
    r"demands?|plea)"
    # then the words: "that the pier was", "was that", or "for" right before the quotation
    r"(?:(?:[ \u00a0]+[A-Z]?[a-z]+){0,2}?[ \u00a0]+(?:(?:was|is)[ \u00a0]+)?that[ \u00a0]+([^.;:!?\u201c\u201d\"]{0,80})"
    r"|[ \u00a0]+for[ \u00a0]*)$"
)
_REMARK_NOUN_RE = re.compile(r"\b(?:arguments?|claims?|comments?|remarks?|statements?|promises?|warnings?|suggestions?)\b")
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they"}
_POSSESSIVE_END_RE = re.compile(r"(?:’s|'s|’|')$")
# ' trumpeted the late edition of the Harbor Times.': one verb in the past
# tense, then its subject, ending the sentence.
_TAIL_VERB_FIRST_RE = re.compile(
    r",?[ \u00a0]+([a-z]{3,}ed)[ \u00a0]+((?:the|a|an)[ \u00a0][^.;:!?,\n]{1,60}?|[A-Z][\w’'\-]+(?:[ \u00a0][A-Z][\w’'\-]+){0,3})"
    r"[ \u00a0]*[.!?]"
)
_OF_NAME_END_RE = re.compile(r"\bof[ \u00a0]+(?:[Tt]he[ \u00a0]+)?([A-Z][\w’'\-]+(?:[ \u00a0][A-Z][\w’'\-]+)*)$")
_SHOUT_NOUNS = r"(?:shouts?|cries|cry|chants?|calls?|cheers?|screams?|yells?|boos|chorus(?:es)?|replies|reply|answer|response)"
# ', came angry shouts from the floor', ', came the reply from Park'
_CAME_FROM_RE = re.compile(r",?[ \u00a0]+(came[ \u00a0]+(?:(?:a|an|the)[ \u00a0]+)?(?:[a-z]+[ \u00a0]+)?" + _SHOUT_NOUNS + r")[ \u00a0]+from[ \u00a0]+")
# "stirred the dockers to loud chants of": the group that chanted.
_ROUSED_GROUP_RE = re.compile(r"\b(?:roused|stirred|brought|led|moved|got|drove|whipped)[ \u00a0]+((?:the|a)[ \u00a0]+[a-z]+)[ \u00a0]+(?:to|into)[ \u00a0]+(?:[a-z]+[ \u00a0]+)?" + _SHOUT_NOUNS + r"[ \u00a0]+of[ \u00a0]*$")
# "to chants of", "amid cries of": words shouted, before the quotation.
_CRIES_OF_RE = re.compile(r"\b" + _SHOUT_NOUNS + r"[ \u00a0]+of[ \u00a0]*$")
# ', Hale started.', ', she laughed.': a name or pronoun, then one verb in
# the past tense, ending the sentence.
_TAIL_VERB_RE = re.compile(
    r",?[ \u00a0]+((?:[A-Z][\w’'\-]+(?:[ \u00a0]+[A-Z][\w’'\-]+){0,2})|he|she|they)[ \u00a0]+([a-z]{3,}ed)[ \u00a0]*[.!?]"
)
_HEADLINE_VERB_RE = re.compile(r"[ \u00a0](?:" + "|".join(sorted(w.capitalize() for w in HEADLINE_VERBS)) + r")[ \u00a0]")
_PASSIVE_NAMING_RE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$")
_CLAUSE_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|will|would|can|could|may|might|must|should|has|have|had|wants?|says?|said|"
    r"warns?|calls?|seeks?|plans?|vows?|urges?|rejects?|backs?|faces?|gets?|makes?|takes?|"
    r"(?<![\w\-])[a-z]{3,}(?:es|ed))\b"
)
_TERMINAL = ".!?…"


@dataclass(slots=True)
class _SpeechClaim:
    claim: ExtractedClaim
    quote: QuoteSpan
    entity: Entity | None
    cue: Cue | None
    cue_after: bool
    paragraph: int
    sentence: int = -1


def extract_claims(text: str) -> list[ExtractedClaim]:
    """Every checkable claim in `text` (clean article text), sorted by start."""
    quotes = find_quotes(text)
    # Rules read a non-breaking space as a space ("...,”\u00a0added Reyes");
    # one character for one, so every offset holds.
    masked = mask_spans(text, [(q.open_at + q.open_len, q.close_at) for q in quotes]).replace("\u00a0", " ")
    # For parsing subjects, the whole quotation (marks too) is blanked out.
    blank = _blank_party_labels(mask_spans(masked, [(q.open_at, q.after) for q in quotes]))
    matches = cue_matches(blank)
    sentences = _join_cue_tails(blank, sentence_spans(masked), matches)
    index = SentenceIndex(sentences)
    paragraphs = paragraph_starts(text)
    registry = NameRegistry.from_text(text, quoted_blank=masked)
    resolver = Resolver(registry)

    quotes_by_sentence: dict[int, list[QuoteSpan]] = {}
    for q in quotes:
        quotes_by_sentence.setdefault(index.index_of(q.open_at), []).append(q)

    all_cues: list[Cue] = []
    speech: list[_SpeechClaim] = []
    other: list[ExtractedClaim] = []
    previous_subject: Entity | None = None
    previous_cues: list[Cue] = []
    subjects: list[Entity | None] = []
    busy = _busy_sentences(index, len(sentences), matches, quotes)
    headline_end = title_case_headline_end(text)
    next_match = 0
    for si, (s_start, s_end) in enumerate(sentences):
        first = next_match
        while next_match < len(matches) and matches[next_match].start() < s_end:
            next_match += 1
        in_sentence = [m for m in matches[first:next_match] if m.start() >= s_start]
        sent = SentenceContext(s_start, s_end, si, cue_words=in_sentence)
        # A sentence that opens with a quotation has its speaker after it,
        # where the cue finds it.
        # (A headline in title case has no subject worth noting, every word
        # looking like a name, unless it opens with a speaker's name and a
        # colon: "Walter Brandt: Ruiz ‘Better Suited ...’".)
        if busy[si] and blank[s_start] != MASK_CHAR and (s_start >= headline_end or ":" in blank[s_start:headline_end]):
            main_subject(blank, sent, resolver)
        cues = find_cues(blank, sent, resolver, in_sentence) if in_sentence else []
        _note_reported_subjects(blank, cues, sent, resolver)
        all_cues.extend(cues)
        subjects.append(sent.subject)
        for q in quotes_by_sentence.get(si, ()):
            item = _attribute(text, blank, q, sent, cues, speech, paragraphs, resolver, (previous_subject, previous_cues), masked)
            item.sentence = si
            if q.continues and speech and speech[-1].quote.close_len == 0:
                _continue_statement(item, speech[-1])
            if item.claim.kind == "non_speech_quote":
                other.append(item.claim)
            else:
                speech.append(item)
        previous_subject, previous_cues = sent.subject, cues
    _speaker_from_next_sentence(speech, subjects, sentences, paragraphs)
    _signed_below(speech, text, resolver)

    claims = [s.claim for s in speech] + _transcript_claims(text, quotes, resolver) + other
    sentence_of = dict(enumerate(sentences))
    for span in reported_spans(text, blank, all_cues, sentence_of):
        claims.append(_with_speaker(ExtractedClaim("reported", text[span.start : span.end], span.start, span.end), span.cue.entity, span.cue.text, ""))
    claims.extend(_statistics(text, quotes, speech, claims, index, all_cues))
    return _finish(claims, speech)


_TAIL_WORDS = 6
# An attribution's tail may run long when it says what the words were about,
# or when and where they were said ('“Why would he?” Reyes said about the
# plan to close the pier'), not what was said.
_ABOUT_RE = re.compile(
    r"\s*(?:about|of|on|at|during|after|before|when|while|in|outside|afterward|later|earlier|last|this|"
    rf"yesterday|today|{'|'.join(day.capitalize() for day in lexicon.WEEKDAYS)})\b"
)
# '..., alluding to the film “The Tide.”': an aside after the cue may quote
# a title; the attribution still belongs to the quotation before.
_PARTICIPLE_TAIL_RE = re.compile(r"\s*,\s*[a-z]+ing\s+[^" + MASK_CHAR + r"]*?\s[a-z]+\s")
_THAT_RE = re.compile(r"\s+(?:that\s+)?")


def _note_reported_subjects(blank: str, cues: list[Cue], sent: SentenceContext, resolver: Resolver) -> None:
    """'Aides say Ana Ruiz also runs the fund ...': the person a
    group or a body speaks of is the one a later "she" means. (After "Lee
    said Ode lied", "he" is still Lee: only cues whose speaker is no person.)"""
    for cue in cues:
        if cue.entity is None or cue.entity.kind not in ("collective", "organisation"):
            continue
        if cue.mention is not None and cue.mention.start > cue.start:
            continue  # "..., say aides": nothing follows the verb
        at = _THAT_RE.match(blank, cue.end, sent.end)
        pos = at.end() if at else cue.end
        mention = parse_subject_start(blank[pos : min(sent.end, pos + 80)], pos)
        if mention is not None and mention.form == "name":
            entity = resolver.resolve(mention, salient=False)
            if entity is not None and entity.kind == "person":
                resolver.note(mention.start, entity)


# "Rep. Jane Doe (D-Mass.)", "Jason Chaffetz, R-Utah,", "Wendy Nanney (R)": a
# party label after a name is neither a name nor a description of one.
_PARTY_LABEL_RE = re.compile(
    r"(?:\s*\(\s*[DRI](?:-[A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*)?)?\s*\)|,[ \u00a0]*[DRI]-[A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*)?(?=,))"
)


def _blank_party_labels(blank: str) -> str:
    """Party labels replaced by spaces, keeping every offset."""
    if "(" not in blank and "-" not in blank:
        return blank
    return _PARTY_LABEL_RE.sub(lambda m: " " * len(m.group()), blank)


def _join_cue_tails(blank: str, sentences: list[tuple[int, int]], matches: list[re.Match]) -> list[tuple[int, int]]:
    """A quotation ending in its own full stop, question or exclamation mark
    ends a sentence, but the attribution after it belongs to it: '"Is it
    over?" Maher asked.' The short sentence that opens with its speaker and
    a cue (or a cue and its speaker) is joined to the quotation."""
    if len(sentences) < 2 or not matches:
        return sentences
    starts = [m.start() for m in matches]
    joined = [sentences[0]]
    for start, end in sentences[1:]:
        prev_start, prev_end = joined[-1]
        # Blanked, a quotation and its marks are all MASK_CHAR.
        if (
            blank[prev_end - 1] == MASK_CHAR
            and "\n" not in blank[prev_end:start]
            and not _attributed_before(blank, prev_start, prev_end, starts)
        ):
            i = bisect.bisect_left(starts, start)
            if i < len(starts) and starts[i] < end:
                lead = blank[start : starts[i]]
                # Only an attribution, not a sentence of its own that opens
                # with one: 'He wrote that there is “...”'.
                rest = blank[matches[i].end() : end]
                tail = (
                    (MASK_CHAR not in rest or _PARTICIPLE_TAIL_RE.match(rest) is not None)
                    and not rest.lstrip().startswith("that ")
                    and (len(rest.split()) <= _TAIL_WORDS or rest.lstrip()[:1] in ",.;" or _ABOUT_RE.match(rest))
                )
                if tail and len(lead.split()) < _TAIL_WORDS and MASK_CHAR not in lead and "," not in lead:
                    joined[-1] = (prev_start, end)
                    continue
        joined.append((start, end))
    return joined




def _attributed_before(blank: str, start: int, end: int, cue_starts: list[int]) -> bool:
    """Whether the sentence's words before its first quotation attribute it
    ('Reyes called the vote “...”', 'Hale asked: “...?”'): the short
    sentence after it is then a statement of its own ('Park said she would
    appeal.'), not the quotation's attribution."""
    first = blank.find(MASK_CHAR, start, end)
    if first < 0 or not blank[start:first].strip():
        return False
    i = bisect.bisect_left(cue_starts, start)
    return (i < len(cue_starts) and cue_starts[i] < first) or _NAMING_WORD_RE.search(blank, start, first) is not None


_NAMING_WORD_RE = re.compile(r"\b(?:called|calls|calling|dubbed|labell?ed|termed|branded|described)\b")


def _transcript_claims(text: str, quotes: list[QuoteSpan], resolver: Resolver) -> list[ExtractedClaim]:
    """Each labelled turn of a transcript quoted in the article ("MS. JONES:
    ...") is a quote of the labelled speaker, unless quotation marks in it
    already make claims of its words."""
    found = []
    starts = [q.open_at for q in quotes]
    for turn in transcript_turns(text):
        i = bisect.bisect_left(starts, turn.start)
        if i < len(quotes) and quotes[i].open_at < turn.end:
            continue
        if i > 0 and quotes[i - 1].after > turn.start:
            continue  # inside a quotation
        claim = ExtractedClaim("quote", text[turn.start : turn.end], turn.start, turn.end)
        if turn.questioner:
            # The interviewer's questions are kept aside: a question is no claim.
            claim.kind = "non_speech_quote"
            entity = resolver.source("the questioner", "anonymous")
        elif turn.answer:
            # "A:" is the person interviewed: the first person the article names.
            entity = next((e for _, e in resolver.registry.positions if e.kind == "person"), None)
        else:
            label, form = speaker_from_label(turn.label)
            entity = resolver.resolve(Mention(label, turn.start, turn.start, form), salient=False)
        found.append(_with_speaker(claim, entity, turn.label + ":", ""))
    return found


def _busy_sentences(index: SentenceIndex, count: int, matches: list[re.Match], quotes: list[QuoteSpan]) -> list[bool]:
    """Sentences whose subject can matter: those with a cue or a quote and the
    two before each (where "he said" looks for its antecedent). Skipping the
    rest keeps long articles fast; a subject further back is still found
    through the names written in the article."""
    near = [False] * (count + 3)
    for pos in [m.start() for m in matches] + [q.open_at for q in quotes]:
        i = index.index_of(pos)
        near[i] = near[max(i - 1, 0)] = near[max(i - 2, 0)] = True
    return near


def _attribute(
    text: str,
    blank: str,
    q: QuoteSpan,
    sent: SentenceContext,
    cues: list[Cue],
    earlier: list[_SpeechClaim],
    paragraphs: list[int],
    resolver: Resolver,
    previous: tuple[Entity | None, list[Cue]],
    masked: str,
) -> _SpeechClaim:
    claim = ExtractedClaim("quote", text[q.start : q.end], q.start, q.end, marks=q.marks)
    paragraph = _paragraph_of(paragraphs, q.open_at)
    lead = blank[sent.start : q.open_at]
    at_start = not lead.strip(" \t\n*_#>-")

    if _heading(text, q, claim.text):
        claim.kind = "non_speech_quote"
        return _speech(claim, q, None, None, False, paragraph, cue_text="")

    written = _word_before(blank, sent.start, q.open_at)
    before = written.lower()
    title = _title_trigger(before)
    if title is not None and written[:1].isupper() and not _at_sentence_start(blank, sent.start, q.open_at, written):
        # A capitalised word inside a sentence is a name: "the comment by
        # Dr. Lena Song “was wrong”" quotes no song.
        title = None
    if (
        title is not None
        and title not in _NAME_NOUNS
        and "," in blank[max(sent.start, q.open_at - 3) : q.open_at]
        and _clause_like(claim.text)
    ):
        # '“...,” he said of the Hale campaign, “I am sure ...”': a clause
        # after the comma goes on speaking; it names no campaign.
        title = None
    if title in _NAMING_VERBS:
        # "what Judge Mosman called “distasteful”": a person's words; "a
        # series called “Quick Question”": a name.
        namer = _namer(blank, sent, q.open_at, title, resolver)
        if namer is not None:
            claim.kind = "partial_quote"
            return _speech(claim, q, namer, None, False, paragraph, cue_text=title)
    if title is not None:
        return _title_claim(claim, q, title, sent, text, blank, resolver, paragraph)
    # "to chants of “Park! Park!”": words someone shouted, and no title
    # after "of".
    cried = _CRIES_OF_RE.search(blank, max(sent.start, q.open_at - 30), q.open_at) is not None
    if not at_start and not cried and _names_a_work(before, claim.text):
        # "on the Courier’s “Harbor Talk”", "host of “The Late Tide”".
        claim.kind = "non_speech_quote"
        return _speech(claim, q, None, None, False, paragraph, cue_text="")

    cue, cue_after = _choose_cue(text, blank, q, cues, at_start)
    if cried and cue_after:
        cue = None  # 'to chants of “Park!”, the senator said ...': not the senator's words
    if not at_start and (cue is None or (cue.entity is None and not cue_after)):
        owner = _remark_owner(blank, sent, q, resolver)
        if owner is not None:
            claim.kind = "partial_quote"
            return _speech(claim, q, owner[0], None, False, paragraph, cue_text=owner[1])
    called = _called_before(blank, sent.start, q.open_at) if cue is None or (cue_after and cue.entity is None) else None
    if cue is not None and called is None:
        # 'Park said Reyes called it “a disgrace”', 'what Reyes called a
        # “…” approach, aides said': the words of the one who called it so,
        # when named, not of the cue.
        called = _called_before(blank, sent.start if cue_after else max(sent.start, cue.end), q.open_at)
        if called is not None:
            verb_at = q.open_at - len(called.group())
            mention, _ = subject_before(blank, sent, verb_at)
            if mention is None or mention.form not in ("name", "pronoun") or (not cue_after and mention.start < cue.end):
                called = None
    if called:
        # 'calling it a “filing slip” that was reported by ...': the words
        # of whoever called it so, not of a cue after them that names nobody.
        cue = None
    if cue is None and called:
        verb_at = q.open_at - len(called.group())
        if called.group().startswith("calling") and blank[sent.start : verb_at].rstrip().endswith(","):
            # "Prince Harry visited the school, calling it “...”": the
            # participle hangs from the sentence's subject, not from the
            # object before the comma.
            opening = opening_clause_subject(blank, sent, verb_at) if sent.subject is None else None
            entity = sent.subject or (resolver.resolve(opening) if opening is not None else None)
        else:
            mention, _ = subject_before(blank, sent, verb_at)
            entity = resolver.resolve(mention) if mention else sent.subject
            relative = _RELATIVE_OBJECT_RE.search(blank, max(sent.start, verb_at - 40), verb_at)
            if _PASSIVE_NAMING_RE.search(blank, max(sent.start, verb_at - 12), verb_at) or (
                mention is None and relative and relative.group(1).split()[0].lower() not in _POSSESSIVES
            ):
                # "what is called a “hearing”", "what some call the “…”": a
                # label no one named gives; "what her staff calls": hers.
                claim.kind = "non_speech_quote"
                return _speech(claim, q, None, None, False, paragraph, cue_text="")
        claim.kind = "partial_quote"
        return _speech(claim, q, entity, None, False, paragraph, cue_text=called.group().split()[0])

    if cue is not None:
        claim.kind = "quote" if at_start or _opens_after_punctuation(blank, sent.start, q.open_at) else "partial_quote"
        if cue_after and not at_start:
            claim.kind = "partial_quote"
        entity = cue.entity
        if entity is None:
            # '... a “filing slip” that was reported in a “smear sheet”': a
            # cue naming nobody leaves a second quotation with the first
            # one's speaker.
            prior = _same_sentence_speaker(earlier, sent)
            entity = prior.entity if prior is not None else None
        item = _speech(claim, q, entity, cue, cue_after, paragraph, cue_text=cue.text)
        _link_same_cue(item, earlier)
        resumed = _resumed(text, blank, q, earlier, paragraph)
        if resumed is not None and resumed.cue is cue:
            claim.linked_to = _root(resumed.claim)
        return item

    resumed = _resumed(text, blank, q, earlier, paragraph)
    if resumed is not None and resumed.entity is not None:
        # The same words, with no cue left after a sentence break inside the
        # aside ('“Save it!” — “and ...”').
        claim.kind = resumed.claim.kind
        item = _speech(claim, q, resumed.entity, None, False, paragraph, cue_text="")
        claim.linked_to = _root(resumed.claim)
        return item
    # Only "at least N words" is asked, and most quotes are long.
    words = _word_count(claim.text, up_to=5)
    # A quotation that opens its sentence and closes on a comma: what ends
    # the sentence after it may say whose it was.
    attributed_after = at_start and _comma_closes(q, text, blank)
    if attributed_after and (came := _CAME_FROM_RE.match(blank, q.after, sent.end)):
        # '“Count them,” came angry shouts from the floor': whoever they came from.
        source_end = _clause_end_after(blank, came.end(), sent.end)
        named = parse_subject_end(blank[came.end() : source_end], came.end())
        entity = resolver.resolve(named) if named is not None else None
        return _speech(claim, q, entity, None, True, paragraph, cue_text=came.group(1))
    if attributed_after and (inverted := _TAIL_VERB_FIRST_RE.match(blank, q.after)):
        # '“Sunk!” trumpeted the late edition of the Harbor Times.': the verb
        # first, then who (or whose page) said it, ending the sentence.
        source = inverted.group(2)
        owner = _OF_NAME_END_RE.search(source)
        if owner is not None:
            named = Mention(owner.group(1), inverted.start(2) + owner.start(1), inverted.start(2) + owner.end(1), "name")
        else:
            named = parse_subject_start(source, inverted.start(2))
        entity = resolver.resolve(named) if named is not None else None
        if entity is not None:
            return _speech(claim, q, entity, None, True, paragraph, cue_text=inverted.group(1))
    if attributed_after and (tail := _TAIL_VERB_RE.match(blank, q.after)):
        # '“…,” Hale started.', '“…,” she laughed.': a verb that is no cue
        # elsewhere attributes the words when it ends the sentence after them.
        named = parse_subject_start(tail.group(1), tail.start(1))
        entity = resolver.resolve(named) if named is not None and named.form in ("name", "pronoun") else None
        if entity is not None:
            return _speech(claim, q, entity, None, True, paragraph, cue_text=tail.group(2))
    if at_start:
        prior = _continued_speaker(q, earlier, paragraph, text)
        if prior is not None:
            resolver.note(q.open_at, prior.entity)
            item = _speech(claim, q, prior.entity, None, False, paragraph, cue_text="")
            if _interrupted(prior, q, blank):
                claim.linked_to = _root(prior.claim)
            return item
        if _ends_with_colon(blank, sent.start):
            entity = _colon_speaker(*previous)
            return _speech(claim, q, entity, None, False, paragraph, cue_text="")
        if words >= 4 or claim.text.rstrip()[-1:] in _TERMINAL:
            # "She argues with what the letter leaves out. “When the fog ...”"
            # After an attribution ("..., the editorial board writes.") the
            # quote goes on with the speaker it named.
            subject, cues_before = previous
            entity = next((c.entity for c in reversed(cues_before) if c.entity is not None), None)
            if entity is None and subject is not None and subject.kind == "person":
                entity = subject
            if entity is not None and _paragraph_of(paragraphs, sent.start - 1) < paragraph - 1:
                entity = None
            if entity is not None:
                resolver.note(q.open_at, entity)
            return _speech(claim, q, entity, None, False, paragraph, cue_text="")
        claim.kind = "non_speech_quote"
        return _speech(claim, q, None, None, False, paragraph, cue_text="")

    if lead.rstrip(" \t*_").endswith(":") and words >= 3:
        # "Republican pollster Daron Shaw: “Historically, ...”": the name
        # right before the colon; "she was blunt: „I understand ...“": the
        # sentence's subject.
        colon = blank.rfind(":", sent.start, q.open_at)
        named, _ = subject_before(blank, sent, colon)
        # Not a name after a preposition: in "Reyes gave his view in an
        # interview with the Courier on Tuesday:" the words are Reyes's.
        alone = (
            named is not None
            and (named.end >= colon - 1 or _PLACE_TAIL_RE.fullmatch(blank, named.end, colon) is not None)
            and not _PREPOSITION_END_RE.search(blank, max(sent.start, named.start - 6), named.start)
        )
        if alone and named.form in ("collective", "role") and sent.subject is not None and sent.subject_pos < named.start:
            # "Lena Park heckles ferry supporters: ‘…’": the group is whom
            # the sentence's subject spoke to.
            alone = False
        if sent.index == 0 and (verb := _HEADLINE_VERB_RE.search(blank, sent.start, colon)):
            # "Tom Reyes Praises Harbor Reporter Ann Ruiz: ‘…’": a headline's
            # words are those of the one who praises, not of the one praised.
            praising, _ = subject_before(blank, sent, verb.start() + 1)
            if praising is not None and praising.form == "name":
                named, alone = praising, True
        entity = resolver.resolve(named) if alone else sent.subject
        return _speech(claim, q, entity, None, False, paragraph, cue_text="")
    if cried:
        # Shouted by a group the sentence names ("Dockers joined in chants
        # of", "roused the crowd to chants of"), else by whoever it was.
        claim.kind = "partial_quote"
        roused = _ROUSED_GROUP_RE.search(blank, max(sent.start, q.open_at - 80), q.open_at)
        group = resolver.resolve(parse_subject_end(roused.group(1), roused.start(1))) if roused else None
        if group is None and sent.subject is not None and sent.subject.kind == "collective":
            group = sent.subject
        return _speech(claim, q, group, None, False, paragraph, cue_text="")
    if words <= 4 or _title_case(claim.text):
        claim.kind = "non_speech_quote"
        return _speech(claim, q, None, None, False, paragraph, cue_text="")
    claim.kind = "partial_quote"
    same_sentence = _same_sentence_speaker(earlier, sent)
    if same_sentence is not None and same_sentence.claim.cue not in _NAMING_VERBS:
        # '“The council moved first” and its staff “then followed the
        # plan ...”': a second quotation in the sentence, with no cue of
        # its own, goes on with the first one's speaker.
        return _speech(claim, q, same_sentence.entity, None, False, paragraph, cue_text="")
    if sent.subject is None and words >= 4 and _opens_after_punctuation(blank, sent.start, q.open_at):
        # 'If the ferry runs late, “nobody will wait for it ...”' after a
        # quotation: the words go on with the speaker of the one before.
        prior = _continued_speaker(q, earlier, paragraph, text)
        if prior is not None and prior.entity is not None:
            resolver.note(q.open_at, prior.entity)
            return _speech(claim, q, prior.entity, None, False, paragraph, cue_text="")
    # Words quoted inside a sentence with no speech verb ("The ad targets a
    # “corrupt system”") are the words of the sentence's subject.
    return _speech(claim, q, sent.subject, None, False, paragraph, cue_text="")


def _clause_end_after(blank: str, start: int, limit: int) -> int:
    """Where the phrase from `start` ends: the next comma, semicolon or full stop."""
    stop = _PHRASE_STOP_RE.search(blank, start, limit)
    return stop.start() if stop else limit


_PHRASE_STOP_RE = re.compile(r"[,;:.!?]")


def _remark_owner(blank: str, sent: SentenceContext, q: QuoteSpan, resolver: Resolver) -> tuple[Entity, str] | None:
    """(speaker, remark noun) when the quotation is in the words of a remark
    whose maker is named: "Reyes took back his comment that “…”", "Reyes’s
    claim that the pier was “safe”"."""
    owned = _OWNED_WORDS_RE.search(blank, max(sent.start, q.open_at - 160), q.open_at)
    if owned is None or (owned.group(3) and _REMARK_NOUN_RE.search(owned.group(3))):
        return None  # "his claim that … to rival arguments “…”": another's remark
    owner = owned.group(1)
    pronoun = _POSSESSIVE_PRONOUNS.get(owner.lower())
    if pronoun is None:
        bare = _POSSESSIVE_END_RE.sub("", owner)
        # "The Oregon senator’s": a role, not the place it names.
        reader = role_only_start if bare[:4].lower() == "the " else parse_subject_start
        named = reader(bare, owned.start(1))
        entity = resolver.resolve(named, salient=False) if named is not None and named.form in ("name", "role") else None
        return (entity, owned.group(2)) if entity is not None else None
    # "his" is most often the one the clause is about: the sentence's
    # subject, else whoever "he" would be.
    want = {"he": "m", "she": "f"}.get(pronoun)

    def fits(e: Entity) -> bool:
        return e.kind == "person" and (want is None or e.gender in (want, None)) if pronoun != "they" else e.kind != "person"

    entity = sent.subject if sent.subject is not None and sent.subject_pos < owned.start() and fits(sent.subject) else None
    positions = resolver.registry.positions
    limit = min(owned.start(), sent.start + 60)
    for at, named in positions[bisect.bisect_left(positions, sent.start, key=lambda p: p[0]) :]:
        # No subject found: the first person named in the sentence's first
        # words ("Retired harbor commissioner Lena Park, long a Ruiz ally,
        # was booed for her remark"), not one after a preposition.
        if entity is not None or at >= limit:
            break
        if named.kind == "person":
            if fits(named) and not _PREPOSITION_END_RE.search(blank, max(sent.start, at - 6), at):
                entity = named
            break
    if entity is None:
        entity = resolver.resolve(Mention(pronoun, owned.start(1), owned.end(1), "pronoun"), salient=False)
    return (entity, owned.group(2)) if entity is not None else None


def _heading(text: str, q: QuoteSpan, words: str) -> bool:
    """A subheading, not someone's statement: a short line in single marks
    standing alone between paragraphs ("‘A change warrior.’"), or words in
    capitals ("‘HARBOR TOWNS COUNT THE COST’")."""
    line_start = text.rfind("\n", 0, q.open_at) + 1
    line_end = text.find("\n", q.after)
    line_end = len(text) if line_end < 0 else line_end
    opens_line = not text[line_start : q.open_at].strip()
    if opens_line and words.isupper() and sum(1 for w in words.split() if len(w) > 1) >= 3:
        # Unless an attribution follows: '“WE WILL NOT MOVE,” Ruiz said'.
        rest = text[q.after : line_end].lstrip(" .")
        return not rest or rest[0] in "“\"‘'["
    alone = opens_line and not text[q.after : line_end].strip(" .")
    if alone and words.rstrip().endswith(":") and _word_count(words, up_to=4) <= 3:
        return True  # a label on a line of its own: '“Related:”'
    if q.opener not in ("'", "‘") or q.open_len != 1 or _word_count(words, up_to=11) > 10:
        return False
    return alone


def _speech(
    claim: ExtractedClaim, q: QuoteSpan, entity: Entity | None, cue: Cue | None, cue_after: bool, paragraph: int, *, cue_text: str
) -> _SpeechClaim:
    _with_speaker(claim, entity, cue_text, "")
    return _SpeechClaim(claim, q, entity, cue, cue_after, paragraph)


def _with_speaker(claim: ExtractedClaim, entity: Entity | None, cue_text: str, role: str) -> ExtractedClaim:
    if entity is not None:
        claim.speaker = entity.name
        claim.speaker_kind = entity.kind
        claim.speaker_mentions = list(entity.mentions)
        claim.role = entity.role if entity.kind == "person" else role
    claim.cue = cue_text or ""
    return claim


_PREPOSITION_END_RE = re.compile(r"(?:^|\s)(?:with|on|in|at|to|from|by|for)\s+$")


def _same_sentence_speaker(earlier: list[_SpeechClaim], sent: SentenceContext) -> _SpeechClaim | None:
    """The quotation before in the same sentence, if it has a speaker."""
    prior = earlier[-1] if earlier and earlier[-1].quote.after > sent.start else None
    if prior is None or prior.entity is None or prior.claim.kind == "non_speech_quote":
        return None
    return prior


def _called_before(blank: str, sent_start: int, open_at: int) -> re.Match | None:
    """'... called it "a disgrace"': the words before the quote."""
    window = blank[max(sent_start, open_at - 60) : open_at]
    # The end-anchored pattern is tried only when one of its verbs is there.
    if not any(verb in window for verb in ("call", "describ", "label", "branded", "termed", "defend")):
        return None
    called = _CALLED_RE.search(window)
    if called is None:
        # "a habit which historian Dana Shaw calls “...”": the object went
        # before, as the relative pronoun.
        called = _CALLS_END_RE.search(window)
        lead = blank[max(sent_start, open_at - 120) : open_at - len(window) + called.start()] if called else ""
        if called is None or _RELATIVE_OBJECT_RE.search(lead) is None:
            return None
    return called


# "Victor Hugo in French:", "Ann Ruiz in Salem:": a place or language after
# the name before a colon.
_PLACE_TAIL_RE = re.compile(r"[ \u00a0]+(?:in|at|from)[ \u00a0]+[A-Z][\w\-]*(?:[ \u00a0]+[A-Z][\w\-]*)*[ \u00a0]*")
_DASHES = ("-", "\u2013", "\u2014")


def _choose_cue(text: str, blank: str, q: QuoteSpan, cues: list[Cue], at_start: bool) -> tuple[Cue | None, bool]:
    """(cue, whether it follows the quote)."""
    after = [c for c in cues if c.start >= q.after and blank.find(MASK_CHAR, q.after, c.start) < 0]
    before = [c for c in cues if c.end <= q.open_at and q.open_at - c.end <= 300]
    # A cue close after the quotation, or one whose speaker is named right
    # after it however long the description between ('"...," Ann Lee, who
    # has run the shelter since 1998 and ..., said'; '"...," the economist
    # Ann Lee, a former adviser to ..., wrote').
    near_after = [
        c
        for c in after
        if _gap_words(blank, q.after, c.start) <= 8
        or (c.mention is not None and c.mention.start >= q.after and _gap_words(blank, q.after, c.mention.start) <= 2)
    ]
    if at_start:
        if near_after:
            return near_after[0], True
        final = _closing_attribution(blank, q, after, text)
        return final, final is not None
    # '..., he “grabbed ahold of it,” said Drew Heiserman.' An attribution
    # right after the closing mark, naming its speaker, is the quote's own,
    # whatever cue came before it in the sentence.
    # Not a publication's "..., the Times reported" or "according to": the
    # words are still those of the speaker named before.
    own = [
        c
        for c in near_after
        if c.entity is not None
        and not c.according
        and c.verb not in ("reported", "reports")
        and not any(ch.isalnum() for ch in blank[q.after : min(c.start, _mention_start(c))])
        and _ends_its_clause(blank, max(c.end, c.mention.end if c.mention is not None else c.end))
    ]
    # A cue that introduces the quotation: 'he said: “...”', not one that a
    # dash or other words set apart ('the city denies — “...?” asked Reyes').
    introduced = any(_gap_words(blank, c.end, q.open_at) <= 2 and "—" not in blank[c.end : q.open_at] for c in before)
    # 'Ruiz lamented his habit - “does he have to ...?” - and voters said
    # ...': a quotation set off by dashes is an aside of the clause before.
    aside = blank[max(0, q.open_at - 3) : q.open_at].rstrip().endswith(_DASHES) and blank[
        q.after : q.after + 3
    ].lstrip().startswith(_DASHES)
    if own and not introduced and not (aside and before) and _comma_closes(q, text, blank):
        return own[0], True
    if before:
        aside_before = _resumes_after_aside(text, blank, q)
        if aside_before:
            # 'He said, “Park will mend it” — and at that moment the dockers
            # sang “Save it!” — “and bring the ferries back.”': words that go
            # on in lower case after an aside are the words before it.
            before = [c for c in before if c.end <= aside_before] or before
        named = [c for c in before if not c.according and c.entity is not None]
        named = named or [c for c in before if c.entity is not None] or before
        return named[-1], False
    if near_after:
        return near_after[0], True
    final = _closing_attribution(blank, q, [c for c in cues if c.start >= q.after], text)
    return final, final is not None


# A dash that sets words apart: spaced, or an em dash.
_ASIDE_DASH_RE = re.compile(r"\s[-\u2013\u2014]\s|\u2014")


def _resumed(text: str, blank: str, q: QuoteSpan, earlier: list[_SpeechClaim], paragraph: int) -> _SpeechClaim | None:
    """The quotation that `q` goes on with after an aside set off by
    dashes, as in the example above."""
    aside = _resumes_after_aside(text, blank, q)
    if not aside:
        return None
    return next((p for p in reversed(earlier) if p.paragraph == paragraph and p.quote.after <= aside), None)


def _resumes_after_aside(text: str, blank: str, q: QuoteSpan) -> int:
    """Where the aside set off by dashes right before `q` begins (the dash
    that opened it), when `q` goes on in lower case after it; else 0."""
    if not text[q.start : q.start + 1].islower():
        return 0
    lead = blank[max(0, q.open_at - 3) : q.open_at]
    closing = next(_ASIDE_DASH_RE.finditer(lead), None)
    if closing is None:
        return 0
    at = max(0, q.open_at - 3) + closing.start()
    opening = [m.start() for m in _ASIDE_DASH_RE.finditer(blank, max(0, at - 250), at)]
    return opening[-1] if opening else 0


def _closing_attribution(blank: str, q: QuoteSpan, after: list[Cue], text: str) -> Cue | None:
    """'“The vote is stunning,” since so few expected it, said Dana
    Shaw, who ...': an attribution that closes the sentence, however far
    after the quotation, names the speaker of a quotation that has none
    before it and ends in a comma or opens inside the sentence."""
    for c in after:
        if c.entity is None or c.according or c.verb in ("reported", "reports") or c.mention is None:
            continue
        inverted = c.mention.start >= c.end
        end = max(c.end, c.mention.end)
        rest = blank[end : end + 3].lstrip(" \t")
        if (inverted or not rest or rest[0] in ".;") and (rest[:1] in (",", ".", ";", "") or not inverted):
            if _comma_closes(q, text, blank) or blank[q.after : q.after + 1] != ".":
                return c
        return None
    return None


def _comma_closes(q: QuoteSpan, text: str, blank: str) -> bool:
    """'“grabbed ahold of it,” said X': the quotation ends in a comma (inside
    or after its closing mark), so the sentence goes on with its attribution."""
    return blank[q.after : q.after + 1] == "," or text[q.end - 1 : q.end] in (",", "?", "!")


def _ends_its_clause(blank: str, pos: int) -> bool:
    """Whether an attribution ending at `pos` ends its clause ('..., said X.',
    '..., X added, ...'), rather than opening new words ('Ruiz said: ...')."""
    rest = blank[pos : pos + 40].lstrip(" \t")
    return not rest or rest[0] in ".,;!?)" or (rest[0].isalpha() and rest[0].islower() and MASK_CHAR not in rest[:25])


def _mention_start(cue: Cue) -> int:
    return cue.mention.start if cue.mention is not None else cue.start


def _ends_with_colon(blank: str, pos: int) -> bool:
    """Whether the text before `pos` ends in a colon (and white space)."""
    while pos > 0 and blank[pos - 1].isspace():
        pos -= 1
    return pos > 0 and blank[pos - 1] == ":"


def _word_count(text: str, *, up_to: int) -> int:
    """The number of words in `text`, counting no further than `up_to`."""
    return len(list(itertools.islice(_WORD_RE.finditer(text), up_to)))


def _gap_words(blank: str, start: int, end: int) -> int:
    return len(blank[start:end].split())


def _opens_after_punctuation(blank: str, sent_start: int, open_at: int) -> bool:
    j = open_at
    while j > sent_start and blank[j - 1] in " \t\n*_":
        j -= 1
    return j <= sent_start or blank[j - 1] in ":,—–-"


def _word_before(blank: str, sent_start: int, open_at: int) -> str:
    """The last word (letters, digits, apostrophes, hyphens) in the 60
    characters of the sentence before `open_at`, as written; "" if none."""
    start = max(sent_start, open_at - 60)
    end = open_at
    # The test is written out: these loops run for every quotation.
    while end > start and not (blank[end - 1].isalnum() or blank[end - 1] in WORD_PUNCT):
        end -= 1
    begin = end
    while begin > start and (blank[begin - 1].isalnum() or blank[begin - 1] in WORD_PUNCT):
        begin -= 1
    return blank[begin:end]


def _at_sentence_start(blank: str, sent_start: int, open_at: int, word: str) -> bool:
    """Whether `word`, right before the quotation, opens the sentence."""
    return not blank[sent_start : open_at].strip().removesuffix(word).strip(" \t\n*_#>-\"'“‘")


def _title_trigger(word: str) -> str | None:
    """The word right before the quote, if it makes the quote a title or a
    name."""
    # Only the word right before the mark: "the film as “a quiet
    # masterpiece”" is speech, "the film “Lamps Until Morning”" a title.
    return word if word in lexicon.TITLE_TRIGGERS else None


def _title_claim(
    claim: ExtractedClaim, q: QuoteSpan, trigger: str, sent: SentenceContext, text: str, blank: str, resolver: Resolver, paragraph: int
) -> _SpeechClaim:
    if trigger in lexicon.HEADLINE_TRIGGERS and _clause_like(claim.text):
        # Only a publisher that is the sentence's subject: "Reuters carried a
        # report titled ...".
        publisher = sent.subject if sent.subject is not None and sent.subject.kind == "organisation" else None
        if publisher is not None:
            claim.kind = "quote"
            window = blank[max(sent.start, q.open_at - 40) : q.open_at]
            cue = " ".join(window.split()[-2:])
            return _speech(claim, q, publisher, None, False, paragraph, cue_text=cue)
    claim.kind = "non_speech_quote"
    return _speech(claim, q, None, None, False, paragraph, cue_text="")


_WORK_LEADS = frozenset("on of in at host author anchor titled show program".split())


def _names_a_work(word_before: str, quoted: str) -> bool:
    """A title-case quotation after a possessive ("ABC’s") or after "on",
    "of" and the like: a programme, book or song, not words spoken."""
    if not _title_case(quoted.rstrip(" ,.!?")):
        return False
    return word_before.endswith(("’s", "'s")) or word_before in _WORK_LEADS


_NAMING_VERBS = frozenset("called dubbed labeled labelled termed".split())
# Nouns whose quotation is a name even after a comma ("her slogan, “...”").
_NAME_NOUNS = _NAMING_VERBS | frozenset(
    "titled entitled headlined headline headlines nicknamed named so-called slogan motto hashtag nickname term label".split()
)


def _namer(blank: str, sent: SentenceContext, open_at: int, verb: str, resolver: Resolver) -> Entity | None:
    """The person or organisation right before a naming verb, if any."""
    at = blank.rfind(verb, sent.start, open_at)
    if at <= sent.start:
        return None
    mention, _ = subject_before(blank, sent, at)
    if mention is None or mention.form not in ("name", "pronoun", "collective"):
        return None
    if not only_fillers(blank[mention.end : at]):
        return None  # only a subject right before the verb: "the book X called"
    return resolver.resolve(mention)


def _clause_like(quoted: str) -> bool:
    words = quoted.split()
    return len(words) >= 3 and bool(_CLAUSE_VERB_RE.search(quoted))


def _title_case(quoted: str) -> bool:
    words = [w for w in quoted.split() if w.lower() not in ("of", "the", "and", "a", "an", "in", "on", "for", "to", "with")]
    return 1 <= len(words) <= 8 and len(quoted.split()) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _paragraph_of(paragraphs: list[int], pos: int) -> int:
    return max(bisect.bisect_right(paragraphs, pos) - 1, 0)


def _continued_speaker(q: QuoteSpan, earlier: list[_SpeechClaim], paragraph: int, text: str) -> _SpeechClaim | None:
    """The claim whose speaker a cue-less quote continues, if any."""
    for prior in reversed(earlier):
        if prior.entity is None and prior.cue is None:
            return None
        if prior.paragraph == paragraph:
            return prior
        if prior.paragraph == paragraph - 1:
            # A quote paragraph after a quote paragraph, unless other text came between.
            between = text[prior.quote.after : q.open_at]
            if len(between.split()) <= 12:
                return prior
        return None
    return None


def _interrupted(prior: _SpeechClaim, q: QuoteSpan, blank: str) -> bool:
    """'"Every nation ...," Bauer said. "And that right ..."': one statement."""
    if not prior.cue_after or prior.claim.text.rstrip()[-1:] in _TERMINAL:
        return False
    between = blank[prior.quote.after : q.open_at]
    return MASK_CHAR not in between and len(between.split()) <= 15


def _continue_statement(item: _SpeechClaim, prior: _SpeechClaim) -> None:
    """A paragraph of a quotation that goes on from the paragraph before (each
    opening with its own mark): one statement, by the speaker of its first
    part unless the part names its own."""
    item.claim.linked_to = _root(prior.claim)
    if item.claim.kind == "non_speech_quote":
        item.claim.kind = prior.claim.kind
    if item.entity is None and prior.entity is not None:
        item.entity = prior.entity
        _with_speaker(item.claim, prior.entity, item.claim.cue, "")
    elif prior.entity is None and item.entity is not None:
        prior.entity = item.entity
        _with_speaker(prior.claim, item.entity, prior.claim.cue, "")


def _link_same_cue(item: _SpeechClaim, earlier: list[_SpeechClaim]) -> None:
    """'"Every nation," Bauer said, "and that right ..."': the cue between two
    spans belongs to both."""
    if not earlier or item.cue_after:
        return
    prior = earlier[-1]
    if prior.cue is item.cue and prior.cue_after and prior.claim.text.rstrip()[-1:] not in _TERMINAL:
        item.claim.linked_to = _root(prior.claim)


def _root(claim: ExtractedClaim) -> int:
    """While extracting, `linked_to` holds the id() of the statement's first
    span; it becomes a list index once the claims are sorted."""
    return claim.linked_to if claim.linked_to is not None else id(claim)


def _speaker_from_next_sentence(
    speech: list[_SpeechClaim], subjects: list[Entity | None], sentences: list[tuple[int, int]], paragraphs: list[int]
) -> None:
    """A quote with no speaker, followed by a sentence about a person: the
    quoted headline of an interview, then "Minister X spoke to ..."."""
    for item in speech:
        if item.entity is not None or item.cue is not None or item.claim.kind != "quote":
            continue
        nxt = item.sentence + 1
        if nxt >= len(subjects) or subjects[nxt] is None or subjects[nxt].kind != "person":
            continue
        if _paragraph_of(paragraphs, sentences[nxt][0]) > item.paragraph + 1:
            continue
        item.entity = subjects[nxt]
        _with_speaker(item.claim, item.entity, "", "")


_SIGNATURE_RE = re.compile(r"[ \t\u00a0]*\n\s*[-–—][ \t\u00a0]*(?=\S)")


def _signed_below(speech: list[_SpeechClaim], text: str, resolver: Resolver) -> None:
    """A quotation that fills its paragraph, signed on the line below with a
    dash and a name ('"..."' then '- Jane Roe, tweeting after the debate.'),
    as notebooks and quote boxes print them: the name is its speaker, whoever
    spoke in the paragraphs before."""
    for item in speech:
        q = item.quote
        if item.claim.kind != "quote" or (item.cue is not None and item.cue_after):
            continue
        if text[text.rfind("\n", 0, q.open_at) + 1 : q.open_at].strip():
            continue  # words before the quotation in its paragraph
        m = _SIGNATURE_RE.match(text, q.after)
        if m is None:
            continue
        line_end = text.find("\n", m.end())
        line = text[m.end() : line_end if line_end >= 0 else len(text)]
        if len(line) > 160:
            continue
        mention = parse_subject_start(line, m.end())
        if mention is None or mention.form != "name":
            continue
        entity = resolver.resolve(mention)
        if entity is not None:
            item.entity = entity
            _with_speaker(item.claim, entity, text[m.start() : mention.end].strip(), "")


def _colon_speaker(subject: Entity | None, cues: list[Cue]) -> Entity | None:
    for cue in reversed(cues):
        if cue.entity is not None:
            return cue.entity
    return subject


def _candidate_sentences(text: str, quotes: list[QuoteSpan], sentences: SentenceIndex) -> list[tuple[int, int]]:
    """Sentences holding a digit or a number word. Outside quotes these are
    the article's sentences; inside a quote, the quote's own sentences (a
    statistic in a long quotation is one sentence of it, not all of it)."""
    starts = [q.start for q in quotes]
    inner: dict[int, SentenceIndex] = {}
    found: set[tuple[int, int]] = set()
    for pos in _number_positions(text):
        qi = bisect.bisect_right(starts, pos) - 1
        if qi >= 0 and pos < quotes[qi].end:
            q = quotes[qi]
            if qi not in inner:
                inner[qi] = SentenceIndex([(q.start + s, q.start + e) for s, e in sentence_spans(text[q.start : q.end])])
            found.add(inner[qi].span_of(pos))
        else:
            found.add(sentences.span_of(pos))
    return sorted(found)


def _statistics(
    text: str,
    quotes: list[QuoteSpan],
    speech: list[_SpeechClaim],
    claims: list[ExtractedClaim],
    sentences: SentenceIndex,
    cues: list[Cue],
) -> list[ExtractedClaim]:
    found: list[ExtractedClaim] = []
    reported = [c for c in claims if c.kind == "reported"]
    owners = _Owners([c for c in claims if c.kind in ("quote", "partial_quote")], reported)
    reported_starts = [c.start for c in reported]
    cue_starts = [c.start for c in cues]
    quote_opens = [q.open_at for q in quotes]
    for start, end in _candidate_sentences(text, quotes, sentences):
        sentence = text[start:end]
        numbers = find_numbers(sentence)
        if not numbers:
            continue
        sentence_end = end
        start, end = _trim_sentence(text, start, end)
        tail = _tail_after_opening_quote(text, quotes, quote_opens, start, end, numbers)
        if tail is not None:
            # '“We are not going back,” Ode told a rally of 300 people.': the
            # number is the writer's, in the words after the quotation.
            found.append(ExtractedClaim("statistic", text[tail[0] : tail[1]], tail[0], tail[1], numbers=numbers))
            continue
        # The statement, not its attribution: "The deficit grew 40 percent,
        # officials said." is the clause; a pasted line ending '... do not
        # add up," he told reporters.' ends at its stray quote mark.
        speaker_cue = None
        # (A clause may end in the closing mark the sentence's trim left out.)
        clause = _reported_within(reported, reported_starts, start, sentence_end, numbers)
        if clause is not None:
            start, end = clause.start, clause.end
        else:
            cut = _attribution_tail(text, start, end, cues, cue_starts)
            if cut is not None:
                end, speaker_cue = cut
        claim = ExtractedClaim("statistic", text[start:end], start, end, numbers=numbers)
        if speaker_cue is not None:
            _with_speaker(claim, speaker_cue.entity, speaker_cue.text if speaker_cue.entity else "", "")
            found.append(claim)
            continue
        owner = owners.of(start, end)
        if owner is not None:
            claim.speaker, claim.speaker_kind = owner.speaker, owner.speaker_kind
            claim.speaker_mentions, claim.role, claim.cue = list(owner.speaker_mentions), owner.role, owner.cue
        found.append(claim)
    return found


def _tail_after_opening_quote(
    text: str, quotes: list[QuoteSpan], opens: list[int], start: int, end: int, numbers: list[dict]
) -> tuple[int, int] | None:
    """The words after a quotation that opens the sentence, when they hold
    every number of it and the quotation none."""
    i = bisect.bisect_left(opens, start - 2)
    if i >= len(quotes) or quotes[i].open_at > start or quotes[i].after >= end:
        return None
    after = quotes[i].after
    if i + 1 < len(quotes) and quotes[i + 1].open_at < end:
        end = quotes[i + 1].open_at  # up to the next quotation
    if any(text.find(n["raw"], after, end) < 0 for n in numbers):
        return None
    tail_start, tail_end = after, end
    while tail_start < tail_end and not text[tail_start].isalnum():
        tail_start += 1
    while tail_end > tail_start and not (text[tail_end - 1].isalnum() or text[tail_end - 1] in "%)"):
        tail_end -= 1
    return (tail_start, tail_end) if len(text[tail_start:tail_end].split()) >= 3 else None


def _reported_within(
    reported: list[ExtractedClaim], starts: list[int], start: int, end: int, numbers: list[dict]
) -> ExtractedClaim | None:
    """The one reported clause inside the sentence that holds every number."""
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    inside = [c for c in reported[lo:hi] if c.end <= end]
    if len(inside) != 1:
        return None
    clause = inside[0]
    return clause if all(n["raw"] in clause.text for n in numbers) else None


_STRAY_CLOSE_RE = re.compile(r"[,.!?]?[\"”»](?=\s*,?\s+[^\"“”«»]{1,80}$)")


def _attribution_tail(text: str, start: int, end: int, cues: list[Cue], cue_starts: list[int]) -> tuple[int, Cue] | None:
    """(end of the statement, its cue) when the sentence ends in a closing
    quote mark that opens nowhere in it and an attribution after it."""
    m = _STRAY_CLOSE_RE.search(text, start, end)
    if m is None or any(ch in text[start : m.start()] for ch in "\"“«"):
        return None
    i = bisect.bisect_left(cue_starts, m.end())
    if i >= len(cues) or cues[i].start >= end:
        return None
    cut = m.start()
    while cut > start and text[cut - 1] in " ,;:":
        cut -= 1
    return cut, cues[i]


_DIGITS_RE = re.compile(r"\d[\d.,]*")
# Words that make a sentence worth reading for numbers when it has no digit,
# by the part that is looked up: "illion" stands for million, billion and
# trillion (each with or without a capital), "housand" for thousand.
_NUMBER_WORDS = (
    "illion", "housand",
    "doubled", "tripled", "halved", "ranked", "top", "largest", "biggest", "highest", "lowest",
    "third", "quarter", "half",
)
_WORD_HEADS = {
    "illion": ("m", "M", "b", "B", "tr", "Tr"),
    "housand": ("t", "T"),
}


def _number_positions(text: str) -> list[int]:
    """Where digit runs and whole number words start, in order. Each word is
    looked up with str.find, which is much faster than a regular expression
    that could match at any letter."""
    found = [m.start() for m in _DIGITS_RE.finditer(text)]
    for word in _NUMBER_WORDS:
        heads = _WORD_HEADS.get(word, ("",))
        pos = text.find(word)
        while pos >= 0:
            end = pos + len(word)
            if not _word_char_at(text, end):
                for head in heads:
                    start = pos - len(head)
                    if start >= 0 and text.startswith(head, start) and not _word_char_at(text, start - 1):
                        found.append(start)
                        break
            pos = text.find(word, end)
    found.sort()
    return found


def _word_char_at(text: str, i: int) -> bool:
    """Whether text[i] exists and is a word character as a regex word
    boundary reads one: a letter, digit or underscore."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _trim_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum() or text[start] in "$€£¥₹"):
        start += 1
    while end > start and text[end - 1] in " \t\n\"'’”»*_":
        end -= 1
    return start, end


class _Owners:
    """The quote or reported clause a statistic sentence sits in, found by
    bisection: a long article holds hundreds of each."""

    def __init__(self, quotes: list[ExtractedClaim], reported: list[ExtractedClaim]):
        # Quotations do not overlap, so at most one can hold a sentence: the
        # last to start before it.
        self.quotes = sorted(quotes, key=lambda c: c.start)
        self.quote_starts = [c.start for c in self.quotes]
        # Reported clauses may overlap; the first listed wins.
        self.reported = sorted(enumerate(reported), key=lambda item: item[1].start)
        self.reported_starts = [c.start for _, c in self.reported]
        self.longest = max((c.end - c.start for c in reported), default=0)

    def of(self, start: int, end: int) -> ExtractedClaim | None:
        i = bisect.bisect_right(self.quote_starts, start) - 1
        if i >= 0 and end <= self.quotes[i].end + 1 and self.quotes[i].speaker:
            return self.quotes[i]
        # A clause that starts at most 40 characters after the sentence and
        # has not ended before it.
        lo = bisect.bisect_right(self.reported_starts, start - self.longest)
        hi = bisect.bisect_right(self.reported_starts, start + 40)
        holding = [(n, c) for n, c in self.reported[lo:hi] if start < c.end and c.speaker]
        return min(holding, key=lambda item: item[0])[1] if holding else None


def _finish(claims: list[ExtractedClaim], speech: list[_SpeechClaim]) -> list[ExtractedClaim]:
    order = {"quote": 0, "partial_quote": 0, "non_speech_quote": 0, "reported": 1, "statistic": 2}
    claims.sort(key=lambda c: (c.start, order[c.kind], -c.end))
    position = {id(c): i for i, c in enumerate(claims)}
    for c in claims:
        if c.linked_to is not None:
            c.linked_to = position.get(c.linked_to)
        c.score = score(c)
    return claims
