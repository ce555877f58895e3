"""Reported speech: the clause a cue introduces without quotation marks.

Each speech cue gives at most one clause, read from its sentence with the
quotations blanked out:

- after the verb: "X said (that) ...", "X told reporters on Monday that ...",
  "X said in a statement the plan ...", "X promised to ...", "X asked
  whether ...", skipping the verb's object and the time, place and medium
  phrases between the verb and the clause;
- before it, when the attribution closes the sentence or sits inside it:
  "More than 400 homes were flooded, officials said.", "..., said Bauer.",
  "The two towns, Ruiz said, now have ...";
- "according to X, ..." and "..., according to X".

The clause runs to the end of its sentence, or to the first ", saying",
semicolon, colon, spaced dash or bracket. A clause that is mostly a
quotation is left to the quote claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .attribution import Cue
from .text import MASK_CHAR

# ", saying ...", a colon or semicolon, a spaced dash or a bracket; written to
# open with one character class, which the regex engine skips to directly.
_CLAUSE_STOP_RE = re.compile(
    r"[,:;(\s](?:(?<=,)\s+(?:saying|adding|stating|noting|arguing|insisting|warning|according to|he said|she said|they said)\b"
    r"|(?<=;)|(?<=:)(?![ \t]+[a-z])|(?<=\s)[—–]\s|(?<=\()\s*)"
)
_TRAIL = " \t\n.,;:!?…\"'’”»)*_"
_LEAD = " \t\n*_,"
_QUOTATION_ONLY = MASK_CHAR + " \t\n,.!?…\"'“”‘’»«"
_AS_LEAD_RE = re.compile(r"\s*(?:[Bb]ut |[Aa]nd )?[Aa]s\s")
_AS_INSIDE_RE = re.compile(r",\s*(?:but |and )?as\s+(?:the\s+)?$")
_COMMA_IN_CLOSE_RE = re.compile(r",[\"”’']{1,3}$")
_MIN_WORDS = 3
_WORD_RE = re.compile(r"[^\s,;:.!?()\[\]—–]+")

# Objects a verb of telling takes before its clause: "told reporters",
# "warned him", "assured the crowd".
_OBJECT_VERBS = frozenset(
    "told tell tells telling warned warns warning assured assures reminded reminds informed informs "
    "urged urges urging asked asks asking promised promises promising".split()
)
_OBJECT_WORDS = frozenset(
    "him her them us me you reporters journalists lawmakers supporters voters viewers listeners "
    "readers members delegates parliament congress".split()
)
# Verbs whose content can be an infinitive: "promised to cut taxes",
# "urged voters not to stay home".
_INFINITIVE_VERBS = frozenset(
    "promised promises promising vowed vows vowing pledged pledges pledging urged urges urging "
    "warned warns asked asks told".split()
)
# Verbs whose clause may open with any noun ("said economic stagnation is
# ..."); after the others ("announced plans", "explained the rules") such
# words are an object.
_BARE_CLAUSE_VERBS = frozenset(
    "said says say saying claimed claims claiming argued argues arguing insisted insists insisting "
    "warned warns warning believes believed added adds adding wrote writes reported predicted predicts "
    "suggested suggests noted notes acknowledged acknowledges admitted admits conceded concedes contended "
    "contends maintained maintains stressed agreed agrees complained complains testified asserted "
    "asserts recalled recalls argue insist claim warn add write predict suggest note acknowledge admit "
    "concede contend maintain stress agree complain testify assert recall".split()
)
_SUBJECT_PRONOUNS = frozenset("he she they we i you".split())
_CONTRACTED_SUBJECT_RE = re.compile(r"(?i:it|that|there|he|she|they|we|you|i|what|who)[’'](?:s|re|ll|d|ve|m)")
_QUESTION_VERBS = frozenset("asked asks asking wondered wonders questioned".split())
_QUESTION_WORDS = frozenset("whether if why what how when where who which".split())
_NEGATED_RE = re.compile(r"(?:\bnot|n[’']t|\bnever)\s+$")
_ANONYMITY_RE = re.compile(r"not\s+to\s+be\s+(?:named|identified|quoted)\b|for\s+anonymity\b|anonymity\b")
_BEFORE_THAT = frozenset("however though only simply merely again also repeatedly privately publicly".split())
_EXPLAINING_VERBS = frozenset("explained explains explaining described describes recalled recalls".split())
# Words that open a phrase of time, place or medium between a verb and its
# clause: "said on Monday", "said in a statement", "said last week".
_ADJUNCT_PREPOSITIONS = frozenset("on in at during to for after before over via through from".split())
_ADJUNCT_HEADS = frozenset(
    """
    statement interview letter speech email e-mail tweet tweets post posts call calls conference rally
    debate hearing release video op-ed oped column editorial meeting appearance broadcast show program
    programme podcast radio television tv twitter facebook instagram telephone phone message memo
    monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night weekend
    week weeks month months year years day days time times past recent recently decade interviews
    remarks statements speeches briefing forum event events town hall session address report
    """.split()
)
_ADVERBS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday yesterday today tonight recently
    repeatedly again also previously once later earlier privately publicly flatly often frequently
    initially subsequently separately bluntly simply firmly openly explicitly confidently then now
    still already even just ago
    """.split()
)
# What may open a clause with no "that": a subject.
_CLAUSE_OPENERS = frozenset(
    """
    he she they it we i you there this these those that the a an his her their its our my your
    some many most all no none every each both much more few several one two three four five
    such another any other
    """.split()
)
_NOT_A_CLAUSE_START = frozenset(
    "in on at to by for from with about of after before during as so yet goodbye hello nothing when while until "
    "little again also then later earlier yes no sorry thanks".split()
)
_FINITE_RE = re.compile(
    r"(?:\b(?:is|are|was|were|will|would|can|could|may|might|must|should|shall|has|have|had|does|do|did|"
    r"came|went|made|took|gave|got|found|saw|became|began|fell|rose|grew|lost|won|left|kept|held|"
    r"brought|thought|felt|ran|paid|sold|spent|built|cut|hit|put|set|knew|meant|led|sent|need|want|"
    r"support|oppose|believe|think|know|like|plan|hope|agree|see|feel|remain|remains|lack|"
    r"keep|get|expect|fear|deserve|understand|prefer|trust|care|doubt|worry|seem|continue|refuse|intend|"
    r"[a-z]{2,}ed|(?!(?:this|thus|plus|less|unless|news|always|perhaps|whereas|various|previous|serious|across|"
    r"besides|sometimes|times|years|days|weeks|months|its|ours|yours|theirs)\b)[a-z]{3,}s)\b|[’'](?:s|re|ve|ll|d|m)\b|n[’']t\b)"
)


def _has_verb(clause: str) -> bool:
    """A clause has a verb after its first word ("the plan had failed"), or
    a quotation that carries it ('the period "is quite generous"')."""
    words = clause.split(maxsplit=12)
    rest = " ".join(words[1:12])
    return MASK_CHAR in rest or bool(_FINITE_RE.search(rest))


@dataclass(slots=True)
class ReportedSpan:
    start: int
    end: int
    cue: Cue


def reported_spans(text: str, masked: str, cues: list[Cue], sentence_of: dict[int, tuple[int, int]]) -> list[ReportedSpan]:
    """Clauses introduced by `cues` (one list for the whole article)."""
    spans: list[ReportedSpan] = []
    for cue in cues:
        sent_start, sent_end = sentence_of[cue.sentence]
        if _NEGATED_RE.search(masked, max(sent_start, cue.start - 12), cue.start):
            continue  # "Park did not say why ...": nothing was said
        if cue.entity is None and cue.mention is None:
            # A speaker the rules cannot name ("Ann Lee, Bo Diaz and other
            # donors said ...") still makes a statement to check, when the
            # clause after the verb is plain.
            span = None if cue.according else _speakerless_clause(masked, cue, sent_start, sent_end)
        elif cue.according:
            span = _according_clause(text, masked, cue, sent_start, sent_end)
        else:
            span = _verb_clause(text, masked, cue, sent_start, sent_end)
        if span is None:
            continue
        start, end = _trim(text, *span)
        if _ANONYMITY_RE.match(masked, start):
            continue  # "who asked not to be named": the terms of speaking, not what was said
        while start < cue.start < end < len(masked) and masked[end - 1] == MASK_CHAR and masked[end] == MASK_CHAR:
            # A statement around its attribution that ends in a quotation
            # ('If ..., he said, "..."') takes all of it, closing mark
            # included: its span holds the quote's, never crosses it.
            end += 1
        if end - start < 8 or len(text[start:end].split()) < _MIN_WORDS:
            continue
        if _mostly_quoted(masked, start, end) and not start < cue.start < end:
            # A span around its own attribution opens with words of the
            # statement outside the quotation.
            continue
        # Ending in a quotation ('... to a “long winter,” according to X'):
        # its closing mark, which the trim took, is the statement's.
        if text.count("“", start, end) > text.count("”", start, end):
            close = text.find("”", end, end + 3)
        elif text.count('"', start, end) % 2:
            close = text.find('"', end, end + 3)
        else:
            close = -1
        end = close + 1 if close >= 0 else end
        spans.append(ReportedSpan(start, end, cue))
    return spans


_WHO_ASIDE_RE = re.compile(r"(?:,\s*|\s)who\s+(?:[a-z]+\s+){0,2}$")
# "who writes poems", "who tweets often": verbs that take other objects
# than what was said.
_WRITING_VERBS = frozenset("wrote writes write writing tweets tweeted posts posted".split())
_CLAUSE_AFTER_RE = re.compile(r"\s*(?:that\b|[:" + MASK_CHAR + r"])")


def _verb_clause(text: str, masked: str, cue: Cue, sent_start: int, sent_end: int) -> tuple[int, int] | None:
    inverted = cue.mention is not None and cue.mention.start > cue.start
    if inverted:
        # "..., said Bauer." The clause is the sentence before the cue.
        return _clause_before(text, masked, cue.start, sent_start, sent_end, cue.end, inverted=True)
    lead = masked[sent_start : cue.mention.start if cue.mention is not None else cue.start]
    if MASK_CHAR in lead and not lead.strip(_QUOTATION_ONLY):
        # '"...," Ruiz said at a council meeting ...': the quotation is the
        # statement; what follows the verb is where and to whom.
        return None
    if _AS_LEAD_RE.match(masked, sent_start, cue.start) and "," not in masked[sent_start : _mention_or_cue_start(cue)]:
        # "As the Courier noted, it is odd ...": the clause after the comma.
        comma = masked.find(",", cue.end, min(sent_end, cue.end + 60))
        if comma >= 0 and MASK_CHAR not in masked[cue.end : comma]:
            return comma + 1, _clause_end(masked, comma + 1, sent_end)
        return None
    as_inside = _AS_INSIDE_RE.search(masked, sent_start, _mention_or_cue_start(cue))
    if as_inside is not None:
        # "Given that, as the Courier reported on Monday, she has ...": the
        # clause after the comma; "He has left, as the Times reported.": the
        # clause before.
        comma = masked.find(",", cue.end, min(sent_end, cue.end + 60))
        if comma >= 0 and MASK_CHAR not in masked[cue.end : comma] and len(masked[comma:sent_end].split()) > 3:
            return comma + 1, _clause_end(masked, comma + 1, sent_end)
        if comma < 0 and len(masked[sent_start : as_inside.start()].split()) >= 3:
            return sent_start, as_inside.start()
        return None
    relative = _relative_clause(masked, cue, sent_start, sent_end)
    if relative is not None:
        return relative
    aside = _WHO_ASIDE_RE.search(masked, max(sent_start, cue.start - 40), cue.start)
    if aside is not None:
        # "Reyes, who paints on weekends, has ...": a verb in an
        # aside says something only when a clause follows it, and what it
        # says ends with the aside.
        if cue.verb in _WRITING_VERBS and not _CLAUSE_AFTER_RE.match(masked, cue.end):
            return None
        start = _content_start(masked, cue, sent_end)
        if start is None:
            return None
        comma = masked.find(",", start, sent_end)
        return start, comma if comma > 0 else _clause_end(masked, start, sent_end)
    start = _content_start(masked, cue, sent_end)
    if start is not None:
        return start, _clause_end(masked, start, sent_end)
    block = _BLOCK_AFTER_COLON_RE.match(masked, cue.end)
    if block is not None and cue.mention is not None:
        # "At the rally she said:" and the words as a paragraph of their
        # own, set off without quotation marks.
        end = masked.find("\n", block.end())
        return block.end(), end if end >= 0 else len(masked)
    phrase = _object_phrase(masked, cue, sent_end)
    if phrase is not None:
        return phrase
    if cue.mention is None or cue.participle:
        return None
    # "More than 400 homes were flooded, officials said." or, inside the
    # sentence, "The two towns, Ruiz said, now have ...".
    return _clause_before(text, masked, cue.mention.start, sent_start, sent_end, cue.end)


# Words before a cue word that make it an adjective, a noun or an
# infinitive: no one is saying anything.
_NOT_A_SPEAKER_BEFORE = frozenset("the a an his her its their our my your this that to an".split())


def _speakerless_clause(masked: str, cue: Cue, sent_start: int, sent_end: int) -> tuple[int, int] | None:
    if cue.verb.lower() not in _BARE_CLAUSE_VERBS:
        return None
    lead = masked[sent_start : cue.start]
    before = lead.split()[-1:]
    if before and (before[0].lower() in _NOT_A_SPEAKER_BEFORE or before[0].endswith(("’s", "'s"))):
        return None  # "the added security", "Ruiz's reported wealth", "refused to say"
    if MASK_CHAR in lead and not lead.strip(_QUOTATION_ONLY):
        return None
    start = _content_start(masked, cue, sent_end)
    return (start, _clause_end(masked, start, sent_end)) if start is not None else None


_RELATIVE_WORDS = frozenset("which that who whom".split())
_FINITE_FIRST_RE = re.compile(
    r"(?:is|are|was|were|will|would|could|can|may|might|should|must|has|have|had|does|did|"
    r"wo|ca|[a-z]{2,}ed|led|made|took|gave|got|found|came|went|left|kept|held|brought|cost|hurt|put|set|"
    r"became|began|fell|rose|grew|lost|won|knew|meant|sent|paid|sold|spent|built|cut|hit|ran|saw|"
    r"needs?|wants?|helps?|hurts?|remains?|makes?|gives?|puts?|goes|poses?|violates?|lacks?)(?:n[’']t)?\b"
)
_NOT_A_NOUN = frozenset(
    "and but or nor so yet because if when while as than then also had has have was were is are that "
    "what whether where how why said says told".split()
)


def _relative_clause(masked: str, cue: Cue, sent_start: int, sent_end: int) -> tuple[int, int] | None:
    """"the surge, which Democrats say could help Hale", "a decision they
    say allowed the deficit to grow": the speaker inside a relative clause,
    its verb right after the cue. The statement runs from the relative word
    (or the verb) to the end of the clause."""
    mention = cue.mention
    if mention is None or mention.start > cue.start or masked[mention.end : cue.start].strip():
        return None
    verb = re.compile(r"\s+([a-z’']+)").match(masked, cue.end, sent_end)
    if verb is None or not _FINITE_FIRST_RE.fullmatch(verb.group(1)):
        return None
    before = masked[max(sent_start, mention.start - 40) : mention.start].split()
    if not before:
        return None
    word = before[-1]
    if word.lower() in _RELATIVE_WORDS:
        start = masked.rfind(word, sent_start, mention.start)
    elif word.isalpha() and word.islower() and word not in _NOT_A_NOUN and word not in _ADJUNCT_PREPOSITIONS:
        start = verb.start(1)
    else:
        return None
    return start, _clause_end(masked, verb.start(1), sent_end)


def _mention_or_cue_start(cue: Cue) -> int:
    return min(cue.start, cue.mention.start) if cue.mention is not None else cue.start


def _clause_before(
    text: str, masked: str, subject_start: int, sent_start: int, sent_end: int, cue_end: int, *, inverted: bool = False
) -> tuple[int, int] | None:
    head = masked[sent_start:subject_start].rstrip()
    last = head.rsplit(None, 1)[-1] if head else ""
    if last.lower() in _DETERMINERS and not head.endswith(","):
        # "..., the Times said", "..., those Democrats argued": the
        # determiner before the name
        head = head[: -len(last)].rstrip()
    # The comma may sit inside a closing quotation: '... "made a mistake,"
    # Reyes said.'
    if not head.endswith(","):
        if not head.endswith(MASK_CHAR) or not _COMMA_IN_CLOSE_RE.search(text, sent_start, sent_start + len(head)):
            return None
        if sum(1 for w in head.split() if MASK_CHAR not in w) < 2:
            return None  # '“The bridge is safe,” Ruiz said, ...': the quote is the statement
    first = head.split(maxsplit=1)[0]
    if first in ("Asked", "Pressed", "Questioned", "Told"):
        return None  # "Asked whether he would resign, he said ..."
    tail = masked[cue_end:sent_end]
    after = tail.lstrip()
    adjunct = _ADJUNCT_TO_COMMA_RE.match(tail)
    if adjunct is not None and not inverted and not _has_verb("x " + adjunct.group()):
        # "It helps, she said on the pier later, that ...": the
        # time, place or medium of the statement before the comma.
        after = tail[adjunct.end() - 1 :]
    if (
        not inverted
        and after.startswith(",")
        and after[1:].lstrip().startswith(MASK_CHAR)
        and len(head.split()) >= 3
        and _states_something(head)
    ):
        # 'If the plan passes, he said, "rents will fall."': the words before
        # the attribution and the quotation after it make one statement.
        return sent_start, _clause_end(masked, sent_end - len(after) + 1, sent_end)
    if not inverted and after.startswith(",") and len(after.split()) > 2 and not after[1:].lstrip().startswith(MASK_CHAR):
        # An attribution in the middle: "At the time, she said, the plan
        # ...", "This ferry, he says, is late": the statement is
        # the whole sentence around it.
        return sent_start, _clause_end(masked, cue_end + len(tail) - len(after) + 1, sent_end)
    if len(head.split()) < 2 or not _has_verb(head):
        return None  # "Its regional director, Claire Munroe, said ..."
    # "..., said Ann Lee, with ...": what follows the speaker is hers (her
    # description, the occasion), not a second clause.
    if not inverted and (MASK_CHAR in tail or len(tail.split()) > 12):
        return None
    return sent_start, sent_start + len(head) - 1


_ADJUNCT_TO_COMMA_RE = re.compile(r"\s+(?:in|on|at|during|after|before|last|this|to|from)\b[^,;:.!?\n" + MASK_CHAR + r"]{1,50},(?=\s)")
# Openers of a phrase that sets the scene of a statement ("At the rally,",
# "Soon after the vote,", "Holding up a book,") rather than saying anything.
_SCENE_OPENERS = frozenset(
    """
    on in at after before during while when as since soon less more to until then later earlier once
    quite shortly moments minutes hours days asked monday tuesday wednesday thursday friday saturday sunday
    yesterday today tonight this last with without from for by upon following
    """.split()
)


_NUMBER_WORDS = frozenset("a an one two three four five six seven eight nine ten few several".split())


def _states_something(head: str) -> bool:
    """Whether the words before a parenthetical attribution are part of the
    statement ("If the plan passes,", "The golf industry,") and not where,
    when or how it was made."""
    if ":" in head or MASK_CHAR in head:
        return False
    words = [w for w in head.split() if w.lower() not in ("but", "and", "so")]
    first = words[0].lower().strip(",") if words else ""
    return bool(first) and first not in _SCENE_OPENERS and first not in _NUMBER_WORDS and not first[:1].isdigit() and not first.endswith("ing")


_DETERMINERS = frozenset("the those these some many most its his her their both".split())


def _cue_clause_follows(tail: str) -> bool:
    """Whether the words after a quotation are an attribution of their own
    ("the Courier reports", "he said"): a cue verb among the first words."""
    words = _WORD_RE.findall(tail[:60])[:5]
    if not words or not (words[0].lower() in ("he", "she", "they") or words[0][:1].isupper() or words[0] in ("the", "a")):
        return False  # '“Not yet,” when asked ...': no subject opens it
    return any(w.lower() in lexicon.CUE_VERBS or w.lower() in lexicon.AMBIGUOUS_CUES for w in words[1:])


# ', drawing a rebuke': a participle clause after a quotation.
_PARTICIPLE_TAIL_RE = re.compile(r"[\s,]*[a-z]+ing\b")
# Words set apart by dashes, after "that" or between the verb and its "that".
_DASH_ASIDE_RE = re.compile(r"\s*(?:[—–]|--)\s*[^—–\n]{1,80}?\s*(?:[—–]|--)\s*")
_ASIDE_THEN_THAT_RE = re.compile(_DASH_ASIDE_RE.pattern + r"that\s+")
_RELATIVE_ASIDE_THEN_THAT_RE = re.compile(
    rf"(?:\s+[^,.;:!?\n{MASK_CHAR}]{{1,40}}?)?,\s+(?:where|when|which|who)\s[^,.;:!?\n{MASK_CHAR}]{{1,80}}?,\s+that\s+"
)
# ", if chosen, she would ...": a condition, then the clause it governs.
_CONDITION_THEN_CLAUSE_RE = re.compile(
    rf"(?:if|unless|once|when)\s[^,.;:!?\n{MASK_CHAR}]{{1,60}},\s+(?:he|she|they|we|I|it|the|[A-Z][\w’'\-]+)\s+[a-z]"
)
_BLOCK_AFTER_COLON_RE = re.compile(r"\s*:[ \t]*\n\s*(?=[A-Za-z])")


def _content_start(masked: str, cue: Cue, sent_end: int) -> int | None:
    """Where the clause after the cue's verb begins, or None when the words
    after it are no clause."""
    limit = min(sent_end, cue.end + 200)
    aside = _ASIDE_THEN_THAT_RE.match(masked, cue.end, limit)
    if aside:
        return aside.end()  # "said — on the radio, to general surprise — that ..."
    aside = _RELATIVE_ASIDE_THEN_THAT_RE.match(masked, cue.end, limit)
    if aside:
        return aside.end()  # "said on the radio, where he is a host, that ..."
    words = [(m.start(), m.group()) for m in _WORD_RE.finditer(masked, cue.end, limit)]
    # Only the words before the first punctuation mark can lead to a clause;
    # "that" may still follow a comma ("said, however, that").
    i = 0
    n = len(words)
    if n == 0:
        return None
    verb = cue.verb.lower()
    if verb in _OBJECT_VERBS:
        i = _skip_object(masked, words, i)
    i = _skip_adjuncts(words, i)
    if i >= n:
        return None
    pos, word = words[i]
    # "he'll", "they’re": the word before the apostrophe.
    low = re.split(r"[’']", word.lower(), maxsplit=1)[0]
    if MASK_CHAR in word:
        # 'said “it makes me cross” each time ...': a clause that opens with
        # quoted words and goes on after them.
        after = masked.find(MASK_CHAR, pos)
        while after < sent_end and masked[after] == MASK_CHAR:
            after += 1
        tail = masked[after:sent_end]
        rest = tail.split()
        if len(rest) < 3 or rest[0].lower().lstrip(",") in ("and", "but", "or", "then", "before", "after", "as"):
            return None  # 'replied "Be quiet," and declared ...': the quote was the reply
        set_off = "," in masked[cue.end : pos]
        if set_off and _cue_clause_follows(tail):
            return None  # 'chanted, “No fares,” the Courier reports': the chant was all
        if _PARTICIPLE_TAIL_RE.match(tail):
            return None  # 'chanting “No fares,” drawing a rebuke': the chant, then a clause of its own
        following = tail.lstrip(" ,\"'”’").split(None, 1)
        if set_off and following and (following[0][:1].isupper() or following[0][0] in "-–—"):
            # 'shouted, “Ferries,” Reyes joked', 'said, “…” — at which
            # point ...': set off, and another clause or an aside after it,
            # the quotation is all that was said.
            return None
        return pos if _no_break(masked, cue.end, pos) else None
    if low in _BEFORE_THAT and i + 2 < n and words[i + 1][1] == "that":
        i += 1  # "argued, however, that ...", "said only that ..."
        pos, low, word = words[i][0], "that", "that"
    if low == "that" and len(word) == 4:  # not "that’s what a harbor is", a clause of its own
        # "that – in his working life – he is ...": past the words set apart.
        aside = _DASH_ASIDE_RE.match(masked, pos + 4, limit)
        if aside:
            return aside.end()
        return words[i + 1][0] if i + 1 < n else None
    if masked[cue.end : pos].strip() == "," and _CONDITION_THEN_CLAUSE_RE.match(masked, pos, sent_end):
        return pos  # "Ruiz said, if chosen, she would ask ..."
    if "," in masked[cue.end : pos]:
        # '"...," he said, using ...': no clause of the verb; but "told The
        # Washington Post, Fiorina would ..." goes on after its object.
        told = verb in _OBJECT_VERBS and i > 0 and masked[cue.end : pos].rstrip().endswith(",")
        if not told or "," in masked[cue.end : pos].rstrip()[:-1]:
            return None
    if low in ("to", "not") and verb in _INFINITIVE_VERBS:
        return pos
    if low in _QUESTION_WORDS and verb in _QUESTION_VERBS:
        return pos
    if low in ("how", "why") and verb in _EXPLAINING_VERBS:
        return pos  # "explained how he built the fleet"
    # After a verb of telling the words may still be its object ("told the
    # Salem Gazette that ..."), so a "that" further on comes first; after
    # "said" a clause opening at once is the content ("said his campaign is
    # the only one that ...").
    if verb in _OBJECT_VERBS or not _no_break(masked, cue.end, pos):
        that = _that_further(masked, words, i, pos)
        if that is not None or not _no_break(masked, cue.end, pos):
            return that
        return _bare_clause(masked, cue, words, i, sent_end)
    bare = _bare_clause(masked, cue, words, i, sent_end)
    return bare if bare is not None else _that_further(masked, words, i, pos)


# Verbs whose object is itself what was stated: "announced his endorsement
# of Lee", "denied any wrongdoing by the staff", "noted the rising cost of
# housing".
_OBJECT_STATEMENT_VERBS = frozenset(
    "announced announces announcing acknowledged acknowledges acknowledging denied denies denying "
    "stated states stating noted notes noting recalled recalls recalling declared declares declaring "
    "confirmed confirms confirming revealed reveals disclosed discloses reiterated reiterates "
    "predicted predicts conceded concedes admitted admits urged urges urging promised promises promising "
    "pledged pledges vowed vows proposed proposes touted touts".split()
)
_OBJECT_OPENERS = frozenset("the a an his her their its our my your this these those any some no new plans".split())


def _object_phrase(masked: str, cue: Cue, sent_end: int) -> tuple[int, int] | None:
    """The noun phrase a verb of stating takes as its object, when it opens
    right after the verb (after an adverb or a time at most), up to the
    first comma."""
    if cue.verb.lower() not in _OBJECT_STATEMENT_VERBS:
        return None
    limit = min(sent_end, cue.end + 120)
    words = [(m.start(), m.group()) for m in _WORD_RE.finditer(masked, cue.end, limit)]
    i = _skip_adjuncts(words, 0)
    if i >= len(words) or i > 3:
        return None
    pos, word = words[i]
    if word.lower() not in _OBJECT_OPENERS or not _no_break(masked, cue.end, pos):
        return None
    # A phrase of at least three words before the clause ends.
    end = _clause_end(masked, pos, sent_end)
    comma = masked.find(",", pos, end)
    end = comma if comma >= 0 else end
    return (pos, end) if len(masked[pos:end].split()) >= 3 and MASK_CHAR not in masked[pos:end] else None


def _that_further(masked: str, words: list[tuple[int, str]], i: int, pos: int) -> int | None:
    """A "that" a few words on, after an object the rules do not know:
    "told the Salem Gazette that ...", "told the Courier’s “Harbor Talk” that ..."."""
    n = len(words)
    for j in range(i, min(n, i + 9)):
        if words[j][1].lower() == "that" and _no_break(masked, pos, words[j][0], quotes=True):
            return words[j + 1][0] if j + 1 < n else None
    return None


def _bare_clause(masked: str, cue: Cue, words: list[tuple[int, str]], i: int, sent_end: int) -> int | None:
    """Where a clause with no "that" opens right after the verb ("said his
    campaign is ..."), or None."""
    pos, word = words[i]
    low = re.split(r"[’']", word.lower(), maxsplit=1)[0]
    if cue.verb.lower() in ("spoke", "speaks", "speak", "speaking", "spoken"):
        return None  # "spoke Spanish, quoted a poem": no clause follows "spoke" bare
    if low in _SUBJECT_PRONOUNS and len(words) > i + 1:
        return pos  # "said they welcome it": a subject pronoun opens a clause
    if _CONTRACTED_SUBJECT_RE.fullmatch(word):
        return pos  # "says it’s worth the fare", "said there’s no plan": a subject and its verb
    clause = masked[pos : min(sent_end, pos + 120)]
    # A headline capitalises its verbs too: "Ruiz Says Bridge Will Reopen".
    if not _has_verb(clause.lower() if cue.verb[:1].isupper() else clause):
        return None
    if low == "no" and (i + 1 >= len(words) or words[i + 1][1].lower() in ("to", "comment", "thanks", "way", "more")):
        return None  # "said no to the plan": an answer, not a clause
    if low.endswith("ing") and masked[pos + len(word) : pos + len(word) + 1] != " ":
        return None  # "replied on Facebook writing, ...": a participle, no clause
    if _opens_clause(word, low) or (cue.verb.lower() in _BARE_CLAUSE_VERBS and low not in _NOT_A_CLAUSE_START):
        return pos
    return None


def _skip_object(masked: str, words: list[tuple[int, str]], i: int) -> int:
    n = len(words)
    if i < n and words[i][1].lower() in _OBJECT_WORDS:
        return i + 1
    if i < n and words[i][1].lower() in ("the", "a", "an", "his", "her", "their") and i + 1 < n:
        # "told the crowd", "told a local radio station"
        j = i + 1
        while j < n and j - i <= 4 and words[j][1].lower() not in ("that", "to", "not") and not words[j][1][:1].isupper():
            if words[j][1].lower() in _OBJECT_WORDS or words[j][1].lower() in _ADJUNCT_HEADS:
                return j + 1
            j += 1
        if j < n and words[j][1][:1].isupper():
            # "told the Salem Gazette", "told The Harbor Ledger of Salem"
            while j < n and words[j][1][:1].isupper() and not _comma_before(masked, words, j):
                j += 1
            if j + 1 < n and words[j][1] in ("of", "in") and words[j + 1][1][:1].isupper():
                j += 1
                while j < n and words[j][1][:1].isupper():
                    j += 1
            return _past_programme(words, j)
        return i
    j = i
    while j < n and (words[j][1][:1].isupper() or words[j][1][:1].isdigit()) and words[j][1].lower() not in _CLAUSE_OPENERS:
        j += 1
    # A capitalised object ("told Fox 35", "told POLITICO") only before "that"
    # or "to": otherwise the capitalised words are the clause's subject.
    j = _past_programme(words, j) if j > i else j
    if j > i and j < n and words[j][1].lower() in ("that", "to", "not"):
        return j
    return i


def _past_programme(words: list[tuple[int, str]], j: int) -> int:
    """Past the quoted name of a programme that follows its channel and
    comes before "that" ("told the Courier’s “Harbor Talk” that ...")."""
    k = j
    while k < len(words) and MASK_CHAR in words[k][1]:
        k += 1
    return k if k > j and k < len(words) and words[k][1].lower() == "that" else j


def _comma_before(masked: str, words: list[tuple[int, str]], j: int) -> bool:
    """Whether a comma separates word j from the word before it."""
    if j == 0:
        return False
    start, word = words[j - 1]
    return "," in masked[start + len(word) : words[j][0]]


def _skip_adjuncts(words: list[tuple[int, str]], i: int) -> int:
    n = len(words)
    while i < n:
        low = words[i][1].lower()
        if low in ("last", "this", "next", "earlier", "later") and i + 1 < n and words[i + 1][1].lower() in _ADJUNCT_HEADS:
            i += 2  # "last week", "earlier this month"
            continue
        if low in _ADVERBS or (low.endswith("ly") and low not in ("only",)):
            i += 1
            continue
        if low in _ADJUNCT_PREPOSITIONS:
            # Up to five words ending in a head of time, place or medium.
            for j in range(i + 1, min(n, i + 6)):
                if words[j][1].lower().strip("’'") in _ADJUNCT_HEADS:
                    i = j + 1
                    break
            else:
                return i
            continue
        return i
    return i


def _no_break(masked: str, start: int, end: int, *, quotes: bool = False) -> bool:
    """No punctuation that ends a phrase between start and end (nor a
    quotation, unless `quotes`: a programme's title in an object)."""
    gap = masked[start:end]
    return not any(ch in gap for ch in ".;:!?" + ("" if quotes else MASK_CHAR))


def _opens_clause(word: str, low: str) -> bool:
    if low in _NOT_A_CLAUSE_START:
        return low == "no"  # "said no matter what ...": the caller checks the verb
    if low in _CLAUSE_OPENERS or low.endswith("ing"):
        return True  # "said succeeding in 2016 is harder"
    return word[:1].isupper() or word[:1].isdigit() or word[:1] in "$£€"


def _according_clause(text: str, masked: str, cue: Cue, sent_start: int, sent_end: int) -> tuple[int, int] | None:
    lead = masked[sent_start : cue.start]
    before = lead.rstrip()
    mention_end = cue.mention.end if cue.mention else cue.end
    if before.endswith(",") and MASK_CHAR not in before:
        # "About 10 p.m., according to a timeline, the guards left": the
        # sentence around it; not a description of the source ending it
        # ("..., according to Tom Reyes, a harbor official.").
        rest = masked[mention_end:sent_end]
        after = rest.lstrip()
        if (
            after.startswith(",")
            and len(after.split()) > 3
            and MASK_CHAR not in after
            and not _SOURCE_DESCRIBED_RE.match(after)
        ):
            return sent_start, _clause_end(masked, mention_end + len(rest) - len(after) + 1, sent_end)
    if _CONJUNCTION_END_RE.search(before):
        # "..., because, according to Reyes, the board would ...": the clause
        # the conjunction opens, after the source.
        comma = masked.find(",", mention_end, min(sent_end, mention_end + 120))
        if comma >= 0 and not _SOURCE_DESCRIBED_RE.match(masked, comma, sent_end):
            return comma + 1, _clause_end(masked, comma + 1, sent_end)
    # "..., according to X": the clause before it, when there is one. The
    # comma may close a quotation ('... to a “long winter,” according to X').
    end = sent_start + len(before)
    if before.endswith(",") and len(before.split()) >= 3:
        return sent_start, end - 1
    if before.endswith(MASK_CHAR) and text[end - 2 : end - 1] == "," and len(before.split()) >= 3:
        return sent_start, end
    if len(lead.split()) > 2 and not before.endswith(","):
        return None
    # "According to X (of Y, in Z), ...": the clause after the comma that
    # ends the source, opening the sentence or a clause of it.
    comma = masked.find(",", mention_end, min(sent_end, mention_end + 120))
    if comma < 0 or MASK_CHAR in masked[mention_end:comma] or _SOURCE_DESCRIBED_RE.match(masked, comma, sent_end):
        return None
    aside = _SOURCE_APPOSITION_RE.match(masked, comma, sent_end)
    start = (aside.end() if aside else comma) + 1
    return start, _clause_end(masked, start, sent_end)


_CONJUNCTION_END_RE = re.compile(r"\b(?:because|but|and|so|since|that|while|although|though|as)\s*,$")
# ", a harbor official." / ", who runs the pier.": words about the source
# that end the sentence.
# ", the state attorney.": a role after "the" (", the guards left" is a clause).
_A_ROLE = r"(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}(?:" + "|".join(sorted(lexicon.ROLE_NOUNS, key=len, reverse=True)) + r")\b"
_SOURCE_DESCRIBED_RE = re.compile(
    r",\s*(?:(?:a|an|who|which|whose)\s[^,;:]*|[^,;:\s]+’s\s[^,;:]*|" + _A_ROLE + r")[.!?]?\s*$"
)
# "According to Ann Lee, the state attorney, ...": the role set beside the source.
_SOURCE_APPOSITION_RE = re.compile(r",\s*" + _A_ROLE + r"\s*(?=,)")


def _clause_end(masked: str, start: int, sent_end: int) -> int:
    m = _CLAUSE_STOP_RE.search(masked, start, sent_end)
    return m.start() if m else sent_end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEAD:
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return start, end


_MASK_RUN_RE = re.compile(MASK_CHAR + "+")


def _mostly_quoted(masked: str, start: int, end: int) -> bool:
    """Whether the span is one quotation more than a statement of its own:
    most of it quoted, by one quotation that the checklist holds already.
    Words stitched from several quotations ('Reyes would run “the ferries,”
    and “the piers too”') are a statement that no one of them covers."""
    quoted = masked.count(MASK_CHAR, start, end)
    return quoted > 0.6 * (end - start) and len(_MASK_RUN_RE.findall(masked, start, end)) < 2
