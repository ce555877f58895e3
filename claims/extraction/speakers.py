"""Who is speaking: names, roles, organisations, anonymous sources, pronouns.

Names are capitalised runs of words. Leading title and role words are split
off ("NATO Secretary-General Jens Stoltenberg" is Jens Stoltenberg, role "NATO
Secretary-General"), and later mentions by surname ("Stoltenberg", "Admiral
Bauer") are matched to the full name seen anywhere in the article.

Pronouns go to the most recent salient entity before them that fits: a person
of a compatible gender for he/she, an organisation for "it", a group or
organisation for "they". Salient means the subject of an attribution verb or
the subject of a sentence, so a name in passing ("a plan for Biden to ...")
does not capture the next "he said".
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon
from .text import WORD_PUNCT

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_ABBREV_TITLE = r"(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Adm|Supt|Insp|Det|St|Jr|Sr)\."
# An initial ("Mary K. Jones", "J.J. Abrams") is part of a name when a name
# word follows it, not a word that opens a sentence ("World War I. The").
_INITIAL = (
    rf"[{_UPPER}]\.(?:[{_UPPER}]\.)?(?=[ \u00a0]+(?!(?:The|A|An|He|She|It|They|We|I|In|On|At|But|And|This|That|His|Her)\b)[{_UPPER}])"
)
_CAP = rf"(?:{_ABBREV_TITLE}|{_INITIAL}|[{_UPPER}][\w\-]*(?:[’'][{_UPPER}][\w\-]*)?)"
_CONNECTOR = r"(?:of the|of|for|de|da|do|dos|das|del|della|di|du|van|von|der|den|ter|ten|bin|ibn|al|el|la|le|y)"
NAME_RUN = rf"{_CAP}(?:[ \u00a0]+(?:{_CONNECTOR}[ \u00a0]+)?{_CAP})*"
_MULTI_NAME_RUN_RE = re.compile(rf"(?<![\w’'\-]){_CAP}(?:[ \u00a0]+(?:{_CONNECTOR}[ \u00a0]+)?{_CAP})+")
# A capital letter with another capitalised word after it: where a run of two
# or more can start. This pattern opens with a character class, which the
# regex engine skips to directly, so it finds the few places worth trying the
# full pattern far faster than the full pattern tries every position.
_MULTI_RUN_START_RE = re.compile(rf"[{_UPPER}](?=[\w\-’'.]*[ \u00a0]+(?:{_CONNECTOR}[ \u00a0]+)?[{_UPPER}])")
# Only these join role words ("Secretary of State"); "von der" is part of a name.
_CONNECTORS = frozenset({"of", "for", "the", "of the"})
_POSSESSIVE_ENDINGS = ("’s", "'s", "’", "'")

_ANON_NOUN_ALT = "|".join(sorted(lexicon.ANON_NOUNS, key=len, reverse=True))
_ANON_DET_ALT = "|".join(sorted(lexicon.ANON_DETERMINERS, key=len, reverse=True))
_POSTMOD = (
    r"(?:familiar with|close to|privy to|with (?:direct )?knowledge of|briefed on|involved in|"
    r"aware of|present at|in|at|from|on|inside|within|who|of)\b[^,;:()]{0,90}?"
)
# "one source", "a person familiar with the talks", "two senior officials",
# Words that open a subordinate clause: a description of a speaker stops
# there ("past the pier as his friends").
_SUBORDINATORS = ("as", "while", "when", "after", "before", "because", "since", "until", "if", "than")
# "a senior U.S. official"
_ANON_END_RE = re.compile(
    rf"(?<![\w’'])((?i:{_ANON_DET_ALT}|a number of|some of the|one of the|two of the)\s+"
    rf"(?:(?!(?:that|which|who|whom|{'|'.join(_SUBORDINATORS)})\s)(?:[\w\-’']+|(?:[A-Z]\.){{2,3}})\s+){{0,3}}?(?:{_ANON_NOUN_ALT})(?:\s+{_POSTMOD})?)\s*$"
)
_SOMEONE_END_RE = re.compile(rf"(?<![\w’'])((?:[Ss]omeone|[Ss]omebody)(?:\s+{_POSTMOD})?)\s*$")
_BARE_ANON_END_RE = re.compile(
    rf"(?<![\w’'])((?:[\w\-]+\s+)?(?i:{_ANON_NOUN_ALT})\s+(?:familiar with|close to|privy to|with (?:direct )?knowledge of|"
    rf"briefed on|involved in|aware of)\b[^,;:()]{{0,90}}?)\s*$"
)
_ANON_START_RE = re.compile(
    # Words before the noun, an initialism among them ("a senior U.S. official").
    rf"^\s*((?i:{_ANON_DET_ALT})\s+(?:(?:[\w\-’']+|(?:[A-Z]\.){{2,3}})\s+){{0,4}}?(?:{_ANON_NOUN_ALT})"
    rf"(?:\s+(?:familiar with|close to|privy to|with (?:direct )?knowledge of|briefed on|involved in)\b[^,;:()]{{0,60}})?)"
    rf"(?=[\s,.;:]|$)"
)
_COLLECTIVE_ALT = "|".join(sorted(lexicon.COLLECTIVE_NOUNS, key=len, reverse=True))
# Groups that speak: "officials", "Ukrainian officials", "freight forwarders".
_COLLECTIVE_END_RE = re.compile(
    rf"(?<![\w’'])((?:[{_UPPER}][\w\-]*\s+|[a-z\-]+\s+){{0,2}}"
    rf"(?i:{_COLLECTIVE_ALT}|[a-z]+(?:ers|ists|ians|ants|ents|ors)))\s*$"
)
_PRONOUN_END_RE = re.compile(r"(?<![\w’'])(he|she|they|it|we|I|He|She|They|It|We)\s*$")
_PRONOUN_START_RE = re.compile(r"^\s*(he|she|they|it|He|She|They|It)(?=[\s,])")
_ROLE_ONLY_RE = re.compile(
    r"(?<![\w’'])((?:the|The|a|A|an|An)\s+(?:[\w\-]+\s+){0,2}?([a-z\-]+))\s*$"
)
_NAME_END_RE = re.compile(
    rf"(?<![\w’'\-])((?:(?:[a-z\-]+|{NAME_RUN})(?:[’']s)?[ \u00a0]+){{0,4}}?{NAME_RUN})\s*$"
)
_NAME_START_RE = re.compile(rf"^\s*((?:[a-z\-]+[ \u00a0]+){{0,3}}?{NAME_RUN})")
_ROLE_THEN_NAME_RE = re.compile(rf"[ \u00a0]+((?:[a-z\-]+[ \u00a0]+){{1,3}}){NAME_RUN}")
# The first of those lower-case words.
_NEXT_LOWER_WORD_RE = re.compile(r"[ \u00a0]+([a-z\-]+)(?:[ \u00a0]|[’']s\b)")
_APPOSITION_RE = re.compile(
    rf"^\s*((?:the|a|an|his|her|its|their|[{_UPPER}][\w\-.]*[’']s)\s+[^,;:]{{2,120}})$"
)
_FILLERS = lexicon.SUBJECT_VERB_FILLERS | {"all", "both", "each", "himself", "herself", "itself", "themselves", "too", "only"}
# Lower-case words that may stand before a name: "columnist", "former".
_ROLE_LEAD = lexicon.ROLE_NOUNS | lexicon.ROLE_MODIFIERS
_GIVEN_NAMES = lexicon.MALE_NAMES | lexicon.FEMALE_NAMES
_NOT_GROUP_START = lexicon.NON_NAME_WORDS | {"are", "were", "have", "had", "that", "which", "who", "whom"}


@dataclass(slots=True)
class Entity:
    """A speaker as known across the article."""

    name: str
    kind: str  # person, organisation, anonymous, collective
    gender: str | None = None  # "m", "f" or None when unknown
    mentions: list[str] = field(default_factory=list)
    role: str = ""
    full: bool = False  # named with given name and surname somewhere

    def add_mention(self, form: str) -> None:
        form = form.strip()
        if form and form not in self.mentions:
            self.mentions.append(form)

    def add_role(self, role: str) -> None:
        role = role.strip(" ,")
        if not role:
            return
        parts = [p for p in self.role.split(", ") if p]
        low = role.lower()
        if any(low in p.lower() for p in parts):
            return
        # "former Russian President" replaces "Russian President".
        parts = [p for p in parts if p.lower() not in low]
        parts.append(role)
        self.role = ", ".join(parts)


@dataclass(slots=True)
class Mention:
    """A span of text naming (or standing for) a speaker."""

    text: str
    start: int
    end: int
    form: str  # name, pronoun, anonymous, collective, role
    role: str = ""  # role words written before the name
    apposition: str = ""  # role written after it, between commas


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents, for matching Orbán with Orban."""
    if word.isascii():
        return word.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def strip_possessive(word: str) -> str:
    if len(word) > 2 and word.endswith(_POSSESSIVE_ENDINGS):
        return word[:-2] if word[-1] == "s" else word[:-1]
    return word


# Names repeat within and across articles: remember the splits.
@lru_cache(maxsize=16384)
def _name_parts(run: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(words, role words, name words) of a capitalised run, possessive
    endings dropped."""
    tokens = tuple(strip_possessive(t) for t in run.split())
    return (tokens, *_split_role(tokens))


def _split_role(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a capitalised run into (role words, name words)."""
    start = 0
    while start < len(tokens) and fold(tokens[start]) in lexicon.NON_NAME_WORDS:
        start += 1
    tokens = tokens[start:]
    # "Amelia Sutherland of the University of Kestrel": the name ends before
    # "of"; "Secretary of State" and "Bank of England" keep theirs.
    for i, tok in enumerate(tokens):
        if i and fold(tok) in ("of", "for") and not _role_or_org(tokens[i - 1]):
            tokens = tokens[:i]
            break
    last_role = -1
    if len(tokens) > 1 and fold(tokens[0]) in _LEADING_MODIFIERS:
        last_role = 0  # "Top Park aide Tom Reyes": "Top" names nobody
    for i, tok in enumerate(tokens):
        low = fold(tok.rstrip("."))
        if low in lexicon.ROLE_WORDS or fold(tok) in lexicon.ROLE_WORDS or low in _CONNECTORS:
            last_role = i
        elif tok[:1].islower() and i < len(tokens) - 1 and is_role_noun(low):
            # "Ruiz speechwriter Tom Reyes": a lower-case word is a role,
            # and the name is what follows it.
            last_role = i
    if last_role == len(tokens) - 1 and last_role >= 1 and (
        fold(tokens[last_role - 1]) in _GIVEN_NAMES
        or tokens[last_role - 1] in ("Mr.", "Mrs.", "Ms.", "Miss", "Dr.")
        or _INITIAL_RE.fullmatch(tokens[last_role - 1])
    ):
        # "Amy Pope", "Billie Jean King", "Mr. King", "Walter T. King": after
        # a given name, an honorific or an initial a title word is a surname.
        last_role = max((i for i in range(last_role - 1) if fold(tokens[i].rstrip(".")) in lexicon.ROLE_WORDS), default=-1)
    role, name = list(tokens[: last_role + 1]), list(tokens[last_role + 1 :])
    # "Reyes Praises Harbor Editor Ann Ruiz": her role starts after the verb.
    role = _after_headline_verb(role)
    cut = next((i for i, tok in enumerate(name[:-1]) if i and tok in _HEADLINE_BREAKERS), 0)
    if cut:
        # "Manager Laughs When Asked About ...": a headline in title case
        # goes on past a name, if there is one ("Al From" is one).
        name = name[:cut] if cut > 1 else []
    # Leading acronyms and nationality words belong to the role: "NATO", "Hungarian".
    # (Not the first of two words: "Naomi Hale" is a given name and a
    # surname, however the first one ends.)
    while (len(name) > 2 or (len(name) > 1 and _is_acronym(name[0]))) and (
        _is_acronym(name[0]) or _is_nationality(name[0])
    ) and not role:
        role.append(name.pop(0))
    while name and fold(name[0]) in _CONNECTORS:
        role.append(name.pop(0))
    return tuple(role), tuple(name)


# Words that open a sentence before a role, never a given name.
_LEADING_MODIFIERS = frozenset("top senior former longtime veteran acting interim outgoing incoming retired".split())

_HONORIFICS = frozenset(
    "mr. mrs. ms. miss dr. sen. rep. gov. gen. president senator governor representative congressman "
    "congresswoman mayor judge justice secretary speaker chancellor".split()
)

_INITIAL_RE = re.compile(r"[A-Z]\.(?:[A-Z]\.)?")

# Lower-case words inside names: "Charles de Gaulle", "Ursula von der Leyen".
_NAME_PARTICLES = frozenset("de da do dos das del della di du van von der den ter ten bin ibn al el la le y".split())
# Words that end a clause before a name: "notes that Reyes".
_CLAUSE_WORDS = lexicon.CUE_VERBS | frozenset(
    "that which who whom because if whether before after when where how but while since is was are were has had "
    "started began".split()
)
_NOT_ROLE_NOUNS = frozenset(
    "after under over other ever never either neither whether rather later former together per for or "
    "against went sent spent meant want different recent current present "
    "that what than then when and but not nor with into onto upon has had was were are is "
    "will would can could may might must should shall does did got gets says told cannot".split()
)


def is_role_noun(word: str) -> bool:
    """Whether a lower-case word between capitalised words can be a role
    before a name ("Ruiz speechwriter Tom Reyes", "Union steward Arlo
    Pruitt"): any word but a name particle, a function word or a verb form."""
    if word in lexicon.ROLE_NOUNS or word in lexicon.ROLE_MODIFIERS:
        return True
    return (
        len(word) > 2
        and word not in _NOT_ROLE_NOUNS
        and word not in lexicon.NON_NAME_WORDS
        and word not in lexicon.CUE_VERBS
        and not word.endswith(("ed", "ing", "ly"))
        and word not in _NAME_PARTICLES
    )


def _role_or_org(tok: str) -> bool:
    low = fold(tok.rstrip("."))
    return low in lexicon.ROLE_WORDS or low in lexicon.ORG_WORDS


def _is_acronym(tok: str) -> bool:
    if tok.endswith(".") and len(tok) <= 4:
        return False  # initials: "J.R. Tolliver"
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


_NATIONALITY_RE = re.compile(r"^[A-Z][a-z]+(?:ian|ean|an|ese|ish|i|ic)$")


def _is_nationality(tok: str) -> bool:
    return bool(_NATIONALITY_RE.match(tok)) and fold(tok) not in _GIVEN_NAMES


def _is_group_word(tok: str) -> bool:
    """"Catholic", "Syrians", "Republicans": a word for people of a nation,
    faith or party."""
    low = fold(tok.rstrip("."))
    return low in lexicon.GROUP_WORDS or (low.endswith("s") and low[:-1] in lexicon.GROUP_WORDS)


def names_place(tokens: Sequence[str]) -> bool:
    """"South Carolina", "Hale Plaza", "Moscow": a place or a building."""
    joined = fold(" ".join(tokens))
    return joined in lexicon.MULTI_WORD_PLACES or joined in lexicon.PLACES or fold(tokens[-1]) in lexicon.PLACE_HEADS


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())


def _may_name_person(tokens: Sequence[str]) -> bool:
    """Whether capitalised words can be a person's name: not a place, not a
    word for a group ("Young Latinos"), not ending in a lone letter (a model,
    "Citation X")."""
    last = tokens[-1]
    if (len(last) == 1 and last.isupper()) or fold(last) in _NUMBER_WORDS:
        return False
    if any(fold(t) in _HEADLINE_VERBS for t in tokens):
        return False  # "Taxes Are ...", "Ruiz Calls ...": a headline in title case
    # A singular one may be a surname: "Mark Cuban".
    return not names_place(tokens) and not any(_is_group_word(t) and t.endswith("s") for t in tokens)


# Verbs a headline in title case writes with capitals, which no name holds.
_HEADLINE_VERBS = frozenset(
    "are is was were be been has have had would can could should says said tells told calls slams hits fires "
    "blasts rips praises warns vows urges wants gets makes takes gives".split()
)


def is_org_name(tokens: Sequence[str], after_the: bool = False) -> bool:
    return _is_org_name(tuple(tokens), after_the)


@lru_cache(maxsize=16384)
def _is_org_name(tokens: tuple[str, ...], after_the: bool) -> bool:
    if not tokens:
        return False
    low = [fold(t.rstrip(".")) for t in tokens]
    joined = " ".join(low)
    if joined in lexicon.KNOWN_ORGS or joined.replace(" ", "-") in lexicon.KNOWN_ORGS:
        return True
    if low[-1] in lexicon.ORG_WORDS or (low[0] in lexicon.ORG_WORDS and len(low) > 1 and low[1] in _CONNECTORS):
        return True
    if all(_is_acronym(t) for t in tokens):
        return True
    return after_the and len(tokens) <= 4


def _known_org(tokens: Sequence[str]) -> str:
    """The words of a run that name an organisation known by role-like
    words ("The Islamic State", "the State Department"), or ""."""
    words = [t for t in tokens if fold(t) not in ("the",)]
    joined = fold(" ".join(words))
    return " ".join(words) if " " in joined and joined in lexicon.KNOWN_ORGS else ""


def gender_of(tokens: Sequence[str], role: str = "") -> str | None:
    for word in [*tokens[:1], *role.split()]:
        low = fold(word.strip(".,"))
        if low in lexicon.FEMALE_NAMES:
            return "f"
        if low in lexicon.MALE_NAMES:
            return "m"
    return None


class NameRegistry:
    """Every person and organisation named in one article."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.by_surname: dict[str, Entity] = {}
        self.by_name: dict[str, Entity] = {}
        self.by_first: dict[str, Entity | None] = {}  # None when two people share it
        # Where each named entity is written, in text order, for pronouns with
        # no salient antecedent and for "the company".
        self.positions: list[tuple[int, Entity]] = []
        self._lower_words: dict[str, bool] = {}

    @classmethod
    def from_text(cls, text: str, *, quoted_blank: str | None = None) -> NameRegistry:
        """The names of `text`. `quoted_blank` is the same text with the words
        inside quotation marks blanked out: a pronoun there ("“… he was
        wrong,” she said") tells nothing of the gender of a name before it."""
        registry = cls(text)
        context = quoted_blank if quoted_blank is not None else text
        # Registering the same run again changes nothing: remember the entity.
        registered: dict[tuple[str, bool, str], Entity | None] = {}
        # A headline in title case capitalises every word: its runs are no
        # names ("Park Aide Shrugs When Pressed On Ferry Fares"). The article
        # names its people again.
        headline_end = title_case_headline_end(text)
        # Single words are looked up when they speak; runs of two or more
        # words are the full names later mentions refer to.
        for m in _multi_name_runs(text, headline_end):
            for run, start in _run_pieces(m):
                run, start = _without_opening_word(text, run, start)
                if " " not in run:
                    continue
                before = text[max(0, start - 4) : start]
                key = (run, before.endswith(("the ", "The ")), _role_prefix(text, start))
                if key not in registered:
                    registered[key] = registry.register_run(key[0], after_the=key[1], role_prefix=key[2])
                entity = registered[key]
                if entity is not None:
                    registry.positions.append((start, entity))
                    # (A surname alone, "President Hale praised her", is
                    # too often followed by someone else's pronoun.)
                    if entity.kind == "person" and entity.gender is None and entity.full:
                        entity.gender = _gender_from_context(context, start + len(run))
        return registry

    def register_run(self, run: str, *, after_the: bool = False, role_prefix: str = "") -> Entity | None:
        tokens, role_tokens, name_tokens = _name_parts(run)
        known = _known_org(tokens)
        if known:
            return self._org(known)  # "Islamic State", "State Department"
        if not name_tokens:
            return None
        if _named_before_of(tokens, name_tokens):
            # "Dana Shaw of Salem College": a person, then where they work.
            return self._person(" ".join(name_tokens), name_tokens, _joined(role_prefix, " ".join(role_tokens), " "))
        if is_org_name(tokens) and fold(tokens[-1].rstrip(".")) in lexicon.ORG_WORDS:
            # "Republican National Committee": the role-like word is part of it.
            name = " ".join(tokens)
            name = re.sub(r"^(?:The|the)\s+", "", name)
            return self._org(name)
        if is_org_name(name_tokens, after_the) or (not role_tokens and is_org_name(tokens, after_the)):
            name = " ".join(name_tokens if role_tokens else tokens)
            name = re.sub(r"^(?:The|the)\s+", "", name)
            return self._org(name)
        if len(name_tokens) == 1 and role_tokens and fold(role_tokens[-1]) in _HONORIFICS and _may_name_person(name_tokens):
            # "Mrs. Ruiz", "President Hale": a person named by surname,
            # someone a later "she" or "he" can mean.
            return self._surname(name_tokens[0], " ".join(role_tokens))
        if len(name_tokens) < 2 or not _may_name_person(name_tokens):
            return None
        name = " ".join(name_tokens)
        role = " ".join(x for x in (role_prefix, " ".join(role_tokens)) if x)
        return self._person(name, name_tokens, role)

    def _surname(self, surname: str, role: str) -> Entity:
        key = fold(surname)
        entity = self.by_surname.get(key)
        if entity is None or entity.kind != "person":
            entity = Entity(name=surname, kind="person", gender=gender_of([], role))
            self.by_surname[key] = entity
            self.by_name.setdefault(key, entity)
        entity.add_mention(surname)
        if entity.gender is None:
            entity.gender = gender_of([], role)
        return entity

    def _org(self, name: str) -> Entity:
        key = fold(name)
        entity = self.by_name.get(key)
        if entity is None:
            entity = Entity(name=name, kind="organisation", mentions=[name], full=True)
            self.by_name[key] = entity
            first = fold(name.split()[0])
            if " " in name and first not in self.by_name and first not in lexicon.NON_NAME_WORDS:
                self.by_name.setdefault(first, entity)  # "Veltro" for Veltro Foods
        return entity

    def _group(self, name: str) -> Entity | None:
        """"Syrians", "Young Latinos": people of a nation, faith or party, a
        group; a lone adjective ("Catholic") is nobody."""
        if not fold(name).endswith("s"):
            return None
        entity = self.by_name.get(fold(name))
        if entity is None:
            entity = self.by_name[fold(name)] = Entity(name=name, kind="collective", mentions=[name])
        return entity

    def _person(self, name: str, name_tokens: Sequence[str], role: str) -> Entity:
        key = fold(name)
        entity = self.by_name.get(key)
        if entity is None:
            surname = fold(name_tokens[-1])
            entity = self.by_surname.get(surname)
            gender = gender_of(name_tokens, role)
            if (
                entity is not None
                and not entity.full
                and entity.kind == "person"
                and fold(entity.name) == surname
                and (entity.gender is None or gender is None or entity.gender == gender)
            ):
                # "President Hale" before "Victor Hale": one person; not "Mr.
                # Hale" before his daughter "Emma Hale".
                entity.name, entity.full = name, True
            elif entity is None or not entity.full or fold(entity.name.split()[0]) != fold(name_tokens[0]):
                entity = Entity(name=name, kind="person", gender=gender_of(name_tokens, role), full=True)
                self.by_surname.setdefault(surname, entity)
            self.by_name[key] = entity
            first = fold(name_tokens[0])
            if first in self.by_first and self.by_first[first] is not entity:
                self.by_first[first] = None
            else:
                self.by_first[first] = entity
        entity.add_mention(name)
        entity.add_role(role)
        if entity.gender is None:
            entity.gender = gender_of(name_tokens, role)
        return entity

    def lookup(
        self, run: str, *, after_the: bool = False, role_prefix: str = "", apposition: str = ""
    ) -> tuple[Entity | None, str]:
        """The entity a written name refers to, creating one for a new name.
        Returns (entity, role written with this mention)."""
        tokens, role_tokens, name_tokens = _name_parts(run)
        if len(tokens) >= 4 and all(t.isupper() for t in tokens):
            return None, ""  # "TOWN ENDS FERRY TAX": a heading in capitals, nobody's name
        role = _joined(role_prefix, " ".join(role_tokens), " ")
        known = _known_org(tokens)
        if known:
            return self._org(known), ""
        if not name_tokens:
            return None, role
        if apposition:
            role = _joined(role, apposition, ", ")
        name = " ".join(name_tokens)
        if len(name.replace(".", "")) <= 1:
            return None, role  # "U" of a split "U.S.": nobody
        key = fold(name)
        if key in self.by_name:
            entity = self.by_name[key]
            if entity.kind == "organisation" and fold(entity.name) != key and key in self.by_surname:
                # "Hale" after "Hale Foundation" and "Victor Hale": the
                # person the surname names, not the body it starts.
                entity = self.by_surname[key]
        elif _named_before_of(tokens, name_tokens):
            entity = self._person(name, name_tokens, role)
        elif len(name_tokens) == 1 and name.isupper() and key in self.by_surname:
            entity = self.by_surname[key]  # "BRANDT:" in a transcript is Walter Brandt, no initialism
        elif fold(tokens[-1].rstrip(".")) in lexicon.ORG_WORDS and fold(" ".join(tokens)) in self.by_name:
            entity = self.by_name[fold(" ".join(tokens))]
        elif is_org_name(name_tokens, after_the) or (not role_tokens and is_org_name(tokens, after_the)):
            entity = self._org(" ".join(name_tokens))
        elif len(name_tokens) >= 2 and names_place(name_tokens):
            entity = self._org(name)  # "South Carolina said": its government
        elif len(name_tokens) >= 2:
            if any(_is_group_word(t) and t.endswith("s") for t in name_tokens):
                return self._group(name), role
            if not _may_name_person(name_tokens):
                return None, role
            entity = self._person(" ".join(name_tokens), name_tokens, role)
        else:
            entity = self.by_surname.get(key) or self.by_first.get(key)
            if entity is None:
                if key in lexicon.KNOWN_ORGS or key in lexicon.PLACES or _BRAND_RE.fullmatch(name):
                    # "Moscow said": the place speaks for its government.
                    entity = self._org(name_tokens[0])
                elif _is_group_word(name):
                    return self._group(name), role
                elif key in lexicon.COLLECTIVE_NOUNS or key in _GROUP_WORDS:
                    # "Aides say ...", capitalised by the start of a sentence.
                    group = self.by_name[key] = Entity(name=name, kind="collective", mentions=[name])
                    return group, role
                elif key in _SOMEONE:
                    anyone = self.by_name[key] = Entity(name=name, kind="anonymous", mentions=[name])
                    return anyone, role
                elif not name[:1].isupper() or key in _NOBODY:
                    return None, role  # "Nobody said ...": no one named
                elif not role and self.written_in_lower_case(key):
                    # "Companies say", "Perhaps": a word the article also
                    # writes in lower case is a common word, not a surname.
                    return (self._group(name) if key.endswith("s") else None), role
                else:
                    entity = self._surname(name_tokens[0], role)
        if entity.kind == "person":
            entity.add_mention(name)
            entity.add_role(role)
            if entity.gender is None:
                entity.gender = gender_of([], role)
        return entity, role

    def written_in_lower_case(self, word: str) -> bool:
        """Whether `word` (folded) stands in the text in lower case as a
        whole word."""
        found = self._lower_words.get(word)
        if found is None:
            found = self._lower_words[word] = _whole_word_in(word, self.text)
        return found

    def known(self, word: str) -> bool:
        key = fold(strip_possessive(word))
        return key in self.by_surname or key in self.by_name or bool(self.by_first.get(key)) or key in lexicon.KNOWN_ORGS

    def mentioned_before(self, pos: int, accept) -> Entity | None:
        found = self.mentioned_at(pos, accept)
        return found[1] if found is not None else None

    def mentioned_at(self, pos: int, accept) -> tuple[int, Entity] | None:
        """(where, entity) of the last name before `pos` that `accept` takes."""
        # Positions are in text order: start from the last one before `pos`.
        for i in range(bisect.bisect_left(self.positions, pos, key=lambda p: p[0]) - 1, -1, -1):
            if accept(self.positions[i][1]):
                return self.positions[i]
        return None


# Words that open a sentence before a name without being part of it: a
# question's verb ("Will Reyes fight on?") or an adjective before a group
# ("Young Reyes supporters ...").
_QUESTION_OPENERS = frozenset("Will Can Could Should Would Did Does Do Is Are Was Has".split())
_ADJECTIVE_OPENERS = frozenset("Young Old New Many Most Some".split())


def _without_opening_word(text: str, run: str, start: int) -> tuple[str, int]:
    first, _, rest = run.partition(" ")
    if not rest or (first not in _QUESTION_OPENERS and first not in _ADJECTIVE_OPENERS):
        return run, start
    if start and not _SENTENCE_START_RE.search(text, max(0, start - 3), start):
        return run, start
    after = start + len(run)
    if first in _QUESTION_OPENERS:
        stop = _SENTENCE_STOP_RE.search(text, after, after + 200)
        opened = stop is not None and stop.group() == "?"
    else:
        nxt = _LOWER_WORD_NEXT_RE.match(text, after)
        opened = nxt is not None and nxt.group(1) in lexicon.COLLECTIVE_NOUNS
    return (rest.lstrip(), start + len(run) - len(rest.lstrip())) if opened else (run, start)


_SENTENCE_START_RE = re.compile(r"(?:^|[.!?\n][”\"’']?\s*|\n)$")
_SENTENCE_STOP_RE = re.compile(r"[.!?\n]")
_LOWER_WORD_NEXT_RE = re.compile(r"[ \u00a0]+([a-z]+)")


def _whole_word_in(word: str, text: str) -> bool:
    """Whether `word` stands in `text` as a whole word, exactly as written
    (found with str.find: a pattern per word would be compiled per word)."""
    pos = text.find(word)
    while pos >= 0:
        end = pos + len(word)
        before = text[pos - 1] if pos else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            return True
        pos = text.find(word, end)
    return False


def _named_before_of(tokens: tuple[str, ...], name_tokens: tuple[str, ...]) -> bool:
    """Whether a run is a person's full name followed by "of" or "for" and
    where they work: "Dana Shaw of Salem College", not "Bank of Salem"."""
    n = len(name_tokens)
    if n < 2 or len(tokens) <= n:
        return False
    for i in range(len(tokens) - n):
        if tokens[i : i + n] == name_tokens and fold(tokens[i + n]) in ("of", "for"):
            return _may_name_person(name_tokens) and not is_org_name(name_tokens)
    return False


def _joined(first: str, second: str, sep: str) -> str:
    """`sep`.join of the two, leaving out an empty one."""
    if first and second:
        return first + sep + second
    return first or second


def _multi_name_runs(text: str, pos: int = 0) -> Iterator[re.Match]:
    """The matches of _MULTI_NAME_RUN_RE.finditer(text, pos): the full
    pattern is tried only where a run can start."""
    for start in _MULTI_RUN_START_RE.finditer(text, pos):
        if start.start() < pos:
            continue
        m = _MULTI_NAME_RUN_RE.match(text, start.start())
        if m is not None:
            yield m
            pos = m.end()


_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from as is vs".split())


def title_case_headline_end(text: str) -> int:
    """Where the first line ends when it is a headline of five words or more
    that capitalises every word but the small ones; else 0."""
    end = text.find("\n")
    if end < 0:
        return 0
    words = [w for w in text[:end].split() if w[:1].isalpha()]
    if len(words) < 5:
        return 0
    return end if all(w[:1].isupper() or w in _SMALL_WORDS for w in words) else 0


# Verbs a headline in title case sets between the one speaking and the one
# spoken of: "Reyes Praises Harbor Reporter Ann Ruiz: ‘…’" is Reyes's.
HEADLINE_VERBS = frozenset(
    "praises thanks mocks backs endorses attacks rips defends urges accuses lauds hails chides knocks scolds "
    "dismisses rejects slams blasts".split()
)


def _after_headline_verb(words: list[str]) -> list[str]:
    """The words after the last headline verb among `words` (all of them
    when there is none)."""
    verb = max((i for i, w in enumerate(words) if fold(w) in HEADLINE_VERBS), default=-1)
    return words[verb + 1 :]


# Words that a headline in title case writes capitalised between names
# ("Senator Says Mayor Lied", "Attacks On Ann Lee"): a name stops there.
_RUN_BREAKERS = (
    frozenset(
        "to on a an at in into is are was were and or but as by with vs over after about against amid between says said "
        "tells told asks calls warns claims wants when if why how what while than not".split()
    )
    | HEADLINE_VERBS
)
_HEADLINE_BREAKERS = frozenset(w.capitalize() for w in _RUN_BREAKERS)
_BREAKER_RE = re.compile(r"[ \u00a0](?:" + "|".join(sorted(_HEADLINE_BREAKERS)) + r")(?=[ \u00a0])")


def _run_pieces(m: re.Match) -> list[tuple[str, int]]:
    """The run of `m` with its start, or its parts between headline words."""
    run = m.group()
    if _BREAKER_RE.search(run + " ") is None:
        return [(run, m.start())]
    pieces, pos = [], 0
    for b in _BREAKER_RE.finditer(run + " "):
        pieces.append((run[pos : b.start()], m.start() + pos))
        pos = b.end() + 1
    pieces.append((run[pos:], m.start() + pos))
    return [(p, start) for p, start in pieces if " " in p.strip()]


# A two-word name inside a sentence: "... told Maria Kovacs".
_FULL_NAME_IN_TEXT_RE = re.compile(r"[a-z] [A-Z][a-z]+ [A-Z][a-z]+")
_GENDER_PRONOUN_RE = re.compile(r"\b(?:(he|him|his|himself)|(she|her|hers|herself))\b", re.I)
# Where _GENDER_PRONOUN_RE can match, in an ASCII image of the text (every
# other character a "?"): the character before the word, then the word. It
# opens with one character class, so the search skips the letters inside
# words; the pattern above, opening with "\b", is tried at each of them.
_GENDER_CANDIDATE_RE = re.compile(rb"[^A-Za-z0-9_](?:he|him|his|himself|she|her|hers|herself)(?![A-Za-z0-9_])", re.I)
# The characters outside ASCII that match a letter of those words when case
# is ignored: the image cannot show them.
_CASE_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f")


def _first_gender_pronoun(window: str) -> re.Match | None:
    """_GENDER_PRONOUN_RE.search(window), tried only where it can match."""
    m = _GENDER_PRONOUN_RE.match(window)
    if m is not None:
        return m
    if any(ch in window for ch in _CASE_FOLDS_TO_ASCII):
        return _GENDER_PRONOUN_RE.search(window)
    image = window.encode("ascii", "replace")
    pos = 0
    while (candidate := _GENDER_CANDIDATE_RE.search(image, pos)) is not None:
        m = _GENDER_PRONOUN_RE.match(window, candidate.start() + 1)
        if m is not None:
            return m
        pos = candidate.start() + 1
    return None


_CAPITALISED_RE = re.compile(rf"(?<![\w’'\-])[{_UPPER}][a-z]+")


def _gender_from_context(text: str, end: int) -> str | None:
    """The gender of the first he/she after a new name, when no other name
    comes first: "Gregor Aldous, a retired fisherman, keeps the logbooks. He ..."."""
    window = text[end : end + 300]
    m = _first_gender_pronoun(window)
    if not m:
        return None
    if _FULL_NAME_IN_TEXT_RE.search(window, 0, m.start()):
        return None  # another person's name came first
    for word in _CAPITALISED_RE.findall(window, 0, m.start()):
        low = fold(word)
        if low not in lexicon.NON_NAME_WORDS and low not in lexicon.ROLE_WORDS:
            return None  # "Reyes said that Ruiz ... she": maybe another name
    return "m" if m.group(1) else "f"


def _role_prefix(text: str, start: int) -> str:
    """Lower-case role words right before a name: "columnist" in
    "Washington Post columnist David Ignatius", with the capitalised words
    before them."""
    window = text[max(0, start - 80) : start]
    if not window.endswith(" "):
        return ""
    words = window.split()[-4:]
    kept: list[str] = []
    for word in reversed(words):
        bare = word.strip("*_")
        low = fold(bare)
        if low in lexicon.ROLE_NOUNS or low in lexicon.ROLE_MODIFIERS:
            kept.insert(0, bare)
        elif kept and bare[:1].isupper() and low not in lexicon.NON_NAME_WORDS:
            kept.insert(0, bare)
        else:
            break
    # Only a role if it ends in a role noun: "state media outlet" is not.
    if not kept or fold(kept[-1]) not in lexicon.ROLE_NOUNS:
        return ""
    return " ".join(kept)


def parse_subject_end(segment: str, offset: int) -> Mention | None:
    """The noun phrase that ends `segment` (text just before a verb), if it
    can be a speaker. `offset` is the segment's position in the article."""
    mention = _parse_subject_end(segment, offset)
    if mention is None:
        # "Even Republicans who have praised him", "those surveyed": the
        # subject before its relative clause, or a group described by a
        # participle.
        m = _SURVEYED_END_RE.search(segment)
        if m:
            return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "collective")
        who = segment.rfind(" who ")
        if who > 0 and segment.count(",", who) == 0:
            mention = _parse_subject_end(segment[:who], offset)
    return mention


# Words that stand alone as a subject, and the kind of speaker each is.
_LONE_SUBJECTS = {"another": "anonymous", **dict.fromkeys("several most many some others both".split(), "collective")}
_COMPANY_ENDINGS = (" Inc.", " Corp.", " Co.", " Ltd.", " Bros.")
_CONTRACTION_ENDS = ("s", "e", "d", "l")
# (Not "it’s": "as it’s written" is no one writing.)
_CONTRACTED_PRONOUN_END_RE = re.compile(r"(?<![\w’'])([Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Yy]ou)[’'](?:s|re|ve|d|ll)\s*$")
_SURVEYED_END_RE = re.compile(
    r"(?<![\w’'])((?:[Tt]hose|[Pp]eople|[Vv]oters|[Rr]espondents|[Aa]dults|[Aa]mericans)\s+"
    r"(?:surveyed|polled|questioned|interviewed|asked))\s*$"
)


def _parse_subject_end(segment: str, offset: int) -> Mention | None:
    seg = _strip_fillers(segment)
    contracted = _CONTRACTED_PRONOUN_END_RE.search(seg) if seg[-1:] in _CONTRACTION_ENDS else None
    if contracted:
        seg = seg[: contracted.end(1)]  # "He’s telling allies", "They’ve said": the pronoun
    if seg.endswith(_COMPANY_ENDINGS):
        seg = seg[:-1]  # "Harbor Foods Inc.": the name, its full stop no end of it
    # "A former fund manager who promised": the subject is before "who".
    if seg.endswith(("who", "which", "that")):
        seg = _RELATIVE_END_RE.sub("", seg)
    # "The state officials whose laws were struck down": the subject is
    # before "whose".
    whose = seg.rfind(" whose ")
    if whose > 0:
        seg = seg[:whose]
    # Only the last words can be the subject; the end-anchored patterns below
    # would otherwise be tried from every position of a long segment.
    if len(seg) > 120:
        cut = seg.find(" ", len(seg) - 120)
        offset += cut + 1
        seg = seg[cut + 1 :]
    words = seg.split()
    if not words:
        return None
    last = words[-1]
    lone = _LONE_SUBJECTS.get(last[:1].lower() + last[1:])  # "Another" or "another", not "ANOTHER"
    if lone and (len(words) == 1 or fold(words[-2]) in _CLAUSE_LEADS):
        # "One lawmaker said ... Another said ...": one more of the same;
        # "Several said ...", "Most argued ...": some of a group named before.
        at = len(seg) - len(last)
        return Mention(last, offset + at, offset + len(seg), lone)
    if fold(last) in lexicon.SUBJECT_PRONOUNS:
        m = _PRONOUN_END_RE.search(seg, _last_words_start(seg, 1))
        if m:
            return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "pronoun")
    if _may_end_anonymous(words):
        m = _ANON_END_RE.search(seg)
        if m and _anon_ok(m.group(1)):
            cut = 5 if m.group(1).startswith("that ") and m.group(1).endswith("s") else 0
            # "a law that critics": "that" opens a relative clause, no
            # determiner of a plural.
            return Mention(m.group(1)[cut:], offset + m.start(1) + cut, offset + m.end(1), "anonymous")
        # "people close to the harbor master", "officials familiar with the
        # talks": a plural source with what qualifies it, and no determiner.
        m = _BARE_ANON_END_RE.search(seg)
        if m and _anon_ok(m.group(1)) and _clause_opening(seg[: m.start(1)]):
            lead = _LEADING_CONNECTIVE_RE.match(m.group(1))  # "But people close to Hale"
            start = m.start(1) + (lead.end() if lead else 0)
            return Mention(seg[start : m.end(1)], offset + start, offset + m.end(1), "anonymous")
    if "some" in seg:
        # "When someone in the crowd yelled": no one the article names.
        m = _SOMEONE_END_RE.search(seg)
        if m and _anon_ok(m.group(1)) and _clause_opening(seg[: m.start(1)]):
            return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "anonymous")
    m = _NAME_END_RE.search(seg) if last[:1].isupper() else None
    if m:
        mention = _name_mention(m.group(1), offset + m.start(1))
        if mention:
            return mention
    m = _COLLECTIVE_END_RE.search(seg, _last_words_start(seg, 3)) if _may_end_group(seg) else None
    if m:
        words = m.group(1).split()
        # "past the pier as aides": the group after a subordinator; "Reyes
        # rebuked critics": after a name and its verb.
        cut = max(
            (
                i + 1
                for i, w in enumerate(words[:-1])
                if w in _SUBORDINATORS or (i and w.endswith("ed") and w.islower() and words[i - 1][:1].isupper())
            ),
            default=0,
        )
        # "at that moment the dockers": the group from its determiner.
        cut = max(cut, max((i for i, w in enumerate(words[:-1]) if i and w in ("the", "The")), default=0))
        words = words[cut:]
        while len(words) > 1 and fold(words[0]) in _NOT_GROUP_START:
            words.pop(0)
        text = " ".join(words)
        start = offset + m.start(1) + m.group(1).find(text)
        while text[:1].isupper() and (lead := _CAPITALISED_BEFORE_RE.search(seg, 0, start - offset)) is not None:
            if fold(lead.group(1)) in lexicon.NON_NAME_WORDS or fold(lead.group(1)) in _CLAUSE_LEADS:
                break
            # "Salem High School fans": the whole name that qualifies the group.
            text = seg[lead.start(1) : start - offset + len(text)]
            start = offset + lead.start(1)
        share = _SHARE_BEFORE_RE.search(seg, 0, start - offset)
        if share is not None:
            # "48 percent of harbor residents": the share speaks, not all of them.
            text = seg[share.start(1) : m.end(1)]
            start = offset + share.start(1)
        return Mention(text, start, start + len(text), "collective")
    # "the minister": the role noun is the last word.
    if fold(last) in lexicon.ROLE_NOUNS or fold(last) in lexicon.ORG_WORDS:
        m = _ROLE_ONLY_RE.search(seg)
        if m:
            return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "role")
    # "the statement", "the 46-year-old", "one user", "Grayson's spokeswoman":
    # any noun phrase right before a cue verb names who (or what) speaks.
    m = _DESCRIPTION_END_RE.search(seg, _last_words_start(seg, 5))
    # Only a phrase that is the whole clause (after a conjunction at most):
    # in "has in the past said" or "after the debate said" it is no subject.
    if m and _describes(m.group(2)) and _clause_opening(seg[: m.start(1)]) and not _OBJECT_PRONOUN_END_RE.search(m.group(1)):
        return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "role")
    m = _SHARE_END_RE.search(seg, _last_words_start(seg, 3))
    if m and _clause_opening(seg[: m.start(1)]):
        return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "collective")  # "26% say"
    # "Ana Ruiz’s campaign", "HWU chief", "Ruiz aide": a name with
    # what it owns or the role it gives.
    m = _NAMED_ROLE_END_RE.search(seg, _last_words_start(seg, 7))
    if m and _describes(m.group(2)):
        # Role words before the name belong to the phrase: "Presidential
        # candidate Ana Ruiz’s campaign".
        lead = list(_WORDS_RE.finditer(seg, 0, m.start(1)))
        start = m.start(1)
        while lead and (lead[-1].group()[:1].isupper() or is_role_noun(fold(lead[-1].group()))):
            if fold(lead[-1].group()) in _CLAUSE_LEADS:
                break
            start = lead.pop().start()
        for word in _WORDS_RE.finditer(seg, start, m.end(1)):
            if fold(word.group()) not in _CLAUSE_LEADS:
                start = word.start()  # "But HWU chief": the phrase after "But"
                break
        if _clause_opening(seg[:start]):
            return Mention(seg[start : m.end(1)], offset + start, offset + m.end(1), "role")
    return None


# "The crowd cheered her": a clause, its object a pronoun; "those around
# him", "most of them" still describe who speaks.
_OBJECT_PRONOUN_END_RE = re.compile(
    r"(?<!\bof)(?<!\baround)(?<!\bwith)(?<!\bnear)(?<!\bbehind)(?<!\bfor)(?<!\bto)(?<!\bbeside)"
    r"\s(?:him|her|them|us|me|it)$"
)
_SHARE_END_RE = re.compile(r"(?<![\w.])((?:[Nn]early |[Oo]nly |[Aa]bout |[Jj]ust )?\d[\d,.]*\s?(?:%|percent))\s*$")
_NAMED_ROLE_END_RE = re.compile(
    rf"(?<![\w’'\-])((?:(?:[a-z\-]+[ \u00a0]+){{0,2}}{NAME_RUN}[’']s[ \u00a0]+(?:[\w\-]+[ \u00a0]+){{0,2}}"
    rf"|{NAME_RUN}[ \u00a0]+)([a-z][\w\-]+))\s*$"
)


_QUANTIFIED_START_RE = re.compile(
    r"^\s*(?:(?:But|And|So|Yet|Still|However|Now|Meanwhile|While|Although|Though|Because|When|As|Even)\s+)?"
    r"((?:(?:[Mm]ost|[Ss]ome|[Mm]any|[Aa]ll|[Nn]one|[Oo]ne|[Tt]wo|[Bb]oth|[Ee]ach|[Ff]ew|[Ss]everal|[Mm]ore)\s+of\s+)?"
    r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ss]ome|[Ss]everal|[Mm]any|[Mm]ost|[Ff]ew|[Aa]ll|[Bb]oth|[Tt]wo|[Tt]hree|[Ff]our|"
    r"[Ff]ive|[Tt]his|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|\d[\d,.]*|[A-Z][a-z]+-[a-z]+|"
    rf"[{_UPPER}][\w\-]*[’']s)\s+(?:[\w\-.’']+\s+){{0,5}}?([\w\-]+))"
    r"(?=\s+(?:familiar|close|with|in|at|from|of|for|on|across|inside|within|who|who['’]d|which|that|briefed|involved)\b)"
)


_AUXILIARIES = frozenset(
    "is are was were be been being has have had will would can could may might must should shall do does did "
    "says said tells told".split()
)


def parse_subject_phrase(segment: str, offset: int) -> Mention | None:
    """A described subject with what qualifies it after: "A law enforcement
    official familiar with the case", "officials in both cities", "Many of
    the local leaders who ...": the phrase up to its qualifier."""
    m = _QUANTIFIED_START_RE.match(segment)
    if m and fold(m.group(2)) in ("percent", "per") and (share := _SHARE_OF_RE.match(segment, m.end(1))):
        # "Some 62 percent of ferry riders polled": the share of whom.
        return Mention(segment[m.start(1) : share.end()], offset + m.start(1), offset + share.end(), "collective")
    if not m or not _describes(m.group(2)):
        return None
    if any(fold(w) in _AUXILIARIES or w.endswith("ed") for w in m.group(1).split()[1:]):
        return None  # "The bridge would reopen in May": a clause, not a speaker
    return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "role")


_CAPITALISED_BEFORE_RE = re.compile(r"(?<![\w’'\-])([A-Z][\w\-]*)[ \u00a0]+$")
_SHARE_BEFORE_RE = re.compile(
    r"(?<![\w.])((?:(?:[Ss]ome|[Aa]bout|[Nn]early|[Oo]nly|[Jj]ust|[Aa]lmost)[ \u00a0]+)?\d[\d,.]*[ \u00a0]?(?:%|percent)"
    r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?)$"
)
_SHARE_OF_RE = re.compile(
    r"(?:[ \u00a0]+cent)?[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?[a-z][\w\-]*(?:[ \u00a0]+[a-z][\w\-]*){0,2}"
    r"(?<!\ball)(?<!\bthem)(?<!\bthose)(?<!\bthese)(?<!\bus)(?=\s*$)"
)


def _clause_opening(lead: str) -> bool:
    """Whether `lead`, the words before a noun phrase, leave the phrase the
    subject of its clause: nothing, a conjunction or a title ("Mrs.")."""
    words = _TURN_LEAD_RE.sub("", lead.strip(" \t\n*_\"'“”‘’")).split()
    return all(fold(w.strip(",")) in _CLAUSE_LEADS or w in ("Mr.", "Mrs.", "Ms.", "Dr.") for w in words)


# "at which point the marchers sang", "Then the crowd roared": a turn of
# events before a subject.
_TURN_LEAD_RE = re.compile(r"(?:^|\s)(?:at (?:which|that|this) (?:point|moment)|whereupon|[Tt]hen)$")
_CLAUSE_LEADS = frozenset("and but or so yet while although though as because if when whereas since".split())


_DESCRIPTION_END_RE = re.compile(
    r"(?<![\w’'\-])((?:(?:[Nn]early|[Aa]lmost|[Oo]nly|[Aa]bout|[Rr]oughly|[Jj]ust|[Mm]ore than|[Aa]t least)\s+)?"
    r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ss]ome|[Tt]his|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|"
    r"[Ee]ach|[Ee]very|[Oo]ther|[Hh]alf|[Aa]ll|[Nn]o|"
    r"[Ss]everal|[Mm]any|[Mm]ost|[Ff]ew|[Bb]oth|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|\d[\d,.]*|[A-Z][a-z]+-[a-z]+|"
    r"[Tt]en|[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Ss]ixty|[Ss]eventy|[Ee]ighty|[Nn]inety|[Hh]alf|[Dd]ozens|[Hh]undreds|"
    # A relative word ends the phrase: in "a law that critics" the speaker
    # is the critics.
    rf"[{_UPPER}][\w\-]*[’']s)\s+(?:(?!(?:that|which|who|whom)\s)[\w\-’']+\s+){{0,4}}?([\w\-]+))\s*$"
)


def parse_description(segment: str, offset: int) -> Mention | None:
    """A noun phrase with its determiner that is the whole of `segment`
    ("the soft-spoken 64-year-old captain")."""
    m = _DESCRIPTION_END_RE.search(segment)
    if m is None or segment[: m.start(1)].strip() or not _describes(m.group(2)):
        return None
    return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "role")


def _describes(head: str) -> bool:
    """Whether the last word of a noun phrase can be its head noun."""
    low = fold(head)
    if head[:1].isupper():
        return low in lexicon.ROLE_WORDS  # "the Wisconsin Republican", "the President"
    return (
        (head[:1].islower() or head[:1].isdigit())
        # "the ad": a document says what its author wrote, however short its name.
        and (is_role_noun(low) or low in lexicon.DOCUMENT_NOUNS)
        and low not in lexicon.SUBJECT_PRONOUNS
        and low not in _TIME_NOUNS
    )


# "this past week said", "one point said": times and places in a clause are
# not who speaks.
_TIME_NOUNS = frozenset(
    "past week weeks day days year years month months time times night morning afternoon evening weekend "
    "point moment hour hours minute minutes decade decades century era season summer winter spring fall".split()
)


def _last_words_start(seg: str, count: int) -> int:
    """Where the last `count` words of `seg` (split at white space) begin, or
    0: a pattern anchored at the end that spans at most `count` words cannot
    match further back, so its search may start there."""
    parts = seg.rsplit(None, count)
    return len(parts[0]) if len(parts) > count else 0


# The first word of what may follow the noun of an anonymous source.
_POSTMOD_HEADS = (
    "familiar", "close", "privy", "with", "briefed", "involved", "aware", "present", "in", "at", "from", "on", "inside", "within", "who",
    "of",
)


def _may_end_anonymous(words: list[str]) -> bool:
    """Whether _ANON_END_RE can match the text split into `words`: its noun
    is a whole word, as written in ANON_NOUNS, either last or followed by the
    first word of a qualifier ("a source familiar with ..."). The end-anchored
    pattern is slow, and most clauses fail this test."""
    last = len(words) - 1
    for i, word in enumerate(words):
        if (word in lexicon.ANON_NOUNS or word.lower() in lexicon.ANON_NOUNS) and (i == last or words[i + 1].startswith(_POSTMOD_HEADS)):
            return True
    return False


# The last letters a group noun can end in ("officials", "police"); the
# end-anchored pattern is slow, and most clauses cannot match it.
_GROUP_NOUN_ENDINGS = frozenset(w[-1] for w in lexicon.COLLECTIVE_NOUNS) | {"s"}


def _may_end_group(seg: str) -> bool:
    last = seg[-1:]
    # Outside ASCII, case-insensitive matching has rarer equivalences (ſ, K).
    return last.lower() in _GROUP_NOUN_ENDINGS or not last.isascii()


_RELATIVE_END_RE = re.compile(r"\s+(?:who|which|that)\s*$")
_DETERMINER_START_RE = re.compile(r"^\s*(?:the|The|its|Its|their|Their|his|His|her|Her)\s+")
_WORDS_RE = re.compile(r"[\w\-’']+")


# Titles that are a whole description after "the": "the prince", "the
# sheriff", "the 46-year-old".
_TITLE_HEADS = frozenset(
    "admiral archbishop cardinal chancellor colonel commissioner councilman councilwoman dean emir king "
    "lieutenant marshal ombudsman patriarch pope premier prince princess provost queen sheikh sheriff speaker "
    "treasurer".split()
)
# Relatives, who are described by whose they are: "the couple’s son", "her
# husband" (a person of known gender, whom "he" or "she" can mean).
_KIN_HEADS = frozenset(lexicon.KIN_NOUNS)


_OF_OFFICE_RE = re.compile(r"\s+(?:state|defense|defence|justice|health|labor|labour|education|energy|commerce|homeland security)\b")


def role_only_start(segment: str, offset: int) -> Mention | None:
    """"the city council", "the minister" at the start of `segment`: a role
    or a generic organisation word instead of a name."""
    m = _DETERMINER_START_RE.match(segment)
    if not m:
        return None
    words: list[re.Match] = []
    for w in _WORDS_RE.finditer(segment, m.end(), min(len(segment), m.end() + 60)):
        low = fold(w.group())
        if low == "of" and words and _OF_OFFICE_RE.match(segment, w.end()):
            # "the former secretary of state": the office is part of the role.
            words.append(w)
            continue
        if low in lexicon.NON_NAME_WORDS or low in lexicon.CUE_VERBS or (low.endswith("ed") and words) or len(words) == 4:
            break
        words.append(w)
        if segment[w.end() : w.end() + 1] in (",", ";", ":", "."):
            break
    # The phrase runs to its last role or organisation noun.
    for i in range(len(words) - 1, -1, -1):
        low = fold(words[i].group())
        if (
            low in lexicon.ROLE_NOUNS
            or low in lexicon.ORG_WORDS
            or (i and low in lexicon.ROLE_WORDS)
            or low in _TITLE_HEADS
            or low in _KIN_HEADS
            or low in lexicon.DOCUMENT_NOUNS
            or _AGE_NOUN_RE.fullmatch(low)
        ):
            start = m.start() + len(segment[m.start() :]) - len(segment[m.start() :].lstrip())
            end = words[i].end()
            return Mention(segment[start:end], offset + start, offset + end, "role")
    return None


def _anon_ok(text: str) -> bool:
    # "the war" is no source; "the officials" is.
    return bool(text.split()) and fold(text.split()[-1].strip(",")) not in {"in", "at", "on", "from"}


def _name_mention(phrase: str, start: int) -> Mention | None:
    """A name run possibly preceded by lower-case role words; `start` is the
    phrase's position in the article."""
    found = _name_in_phrase(phrase)
    if found is None:
        return None
    text, offset, role = found
    return Mention(text, start + offset, start + offset + len(text), "name", role=role)


# Prepositions before a place or language after a name: "Victor Hugo in
# Paris".
_NAME_ENDING_PREPOSITIONS = frozenset("in at from".split())


# Prepositions a title-case headline capitalises; no name holds one ("From"
# may be a surname).
_TITLE_CASE_PREPOSITIONS = frozenset("On About Against Over Upon Into Amid Despite".split())


# The same speakers are named again and again: remember the parses.
@lru_cache(maxsize=16384)
def _name_in_phrase(phrase: str) -> tuple[str, int, str] | None:
    """(name with its role words, its offset in `phrase`, the role words)."""
    words = phrase.split()
    lead: list[str] = []
    while words and not words[0][:1].isupper():
        lead.append(words.pop(0))
    if not words:
        return None
    # "The Courier notes that Reyes": a clause before the name is none of it.
    cut = max((i for i, w in enumerate(words) if w in _CLAUSE_WORDS), default=-1)
    if cut >= 0:
        lead, words = [], words[cut + 1 :]
        while words and not words[0][:1].isupper():
            lead.append(words.pop(0))
        if not words:
            return None
    # "Victor Hugo in Paris": a place or language after the name is none of
    # it; "She quoted Victor Hugo": nor is a verb before it.
    end = next((i for i, w in enumerate(words) if i and w in _NAME_ENDING_PREPOSITIONS and words[i - 1][:1].isupper()), 0)
    if end and all(w[:1].isupper() for w in words[end + 1 :]):
        words = words[:end]
    verb = max((i for i, w in enumerate(words) if i and w.islower() and (w.endswith("ed") or w in lexicon.CUE_VERBS)), default=0)
    if verb and verb < len(words) - 1:
        lead, words = [], words[verb + 1 :]
    if any(w in _TITLE_CASE_PREPOSITIONS for w in words[:-1]):
        return None  # "Harbor Chief On Reyes:": a headline in title case, not a name
    # Only role words may precede the name in lower case.
    if any(fold(w) not in _ROLE_LEAD for w in lead):
        keep = []
        for w in reversed(lead):
            if fold(w) in _ROLE_LEAD:
                keep.insert(0, w)
            else:
                break
        lead = keep
    # "The Courier’s Matt Hale", "Ruiz' adviser Tom Reyes": the person
    # after a possessive, the possessor being their role.
    for i, word in enumerate(words[:-1]):
        if word.endswith(_POSSESSIVE_ENDINGS) and len(words) - i - 1 >= 2 and all(w[:1].isupper() for w in words[i + 1 :]):
            name = " ".join(words[i + 1 :])
            if _name_parts(name)[2]:
                return name, phrase.rfind(name), " ".join([*lead, *words[: i + 1]])
            break
    name = " ".join(words)
    tokens, _, name_tokens = _name_parts(name)
    if not name_tokens and not _known_org(tokens):
        return None
    if len(name_tokens) == 1 and fold(name_tokens[0]) in lexicon.NON_NAME_WORDS:
        return None
    text = " ".join([*lead, name])
    offset = phrase.find(text) if text in phrase else 0
    return text, offset, " ".join(lead)


_POSSESSED_NAME_RE = re.compile(rf"[’']s[ \u00a0]+((?:[a-z\-]+[ \u00a0]+){{0,2}}{NAME_RUN})")


def names_person(run: str) -> bool:
    """Whether the capitalised words of `run` name a person: a given name
    and a surname, not an organisation."""
    _, _, name = _name_parts(" ".join(w for w in run.split() if w[:1].isupper()))
    return len(name) >= 2 and not is_org_name(name)


# Nouns that make a role of the role noun after them: "Ruiz campaign
# manager Tom Reyes", "White House press secretary Dana Shaw".
_ROLE_COMPOUNDS = frozenset("campaign press communications policy security field finance digital political research legal media data".split())
_QUANTIFIERS = frozenset("some many several most few other".split())
_GROUP_START_RE = re.compile(
    r"^\s*((?:some|many|several|most|few|other)\s+(?:[\w\-]+\s+){0,2}?[\w\-]+s)(?=\s*(?:[,.;]|who\b|$))"
)
def _role_noun_next(segment: str) -> bool:
    """"political scientist Ana Ruiz": one or two lower-case words, the
    second or third a role noun, then a capitalised name."""
    words = segment[:80].split(None, 4)
    for i in (1, 2):
        if len(words) > i + 1 and words[i] in lexicon.ROLE_NOUNS and words[i + 1][:1].isupper():
            return all(w.islower() for w in words[:i])
    return False


_THE_ACRONYM_RE = re.compile(r"\s*the\s+([A-Z]{2,6})(?=[\s,.;:])")
_AGE_LEAD_RE = re.compile(r"\s*\d{1,3}-year-old\s+(?=[A-Z])")


def parse_subject_start(segment: str, offset: int) -> Mention | None:
    """The noun phrase opening `segment` (text after a verb, or a sentence)."""
    head = segment[:40].split(None, 1)
    if not head:
        return None
    first = head[0].lower()
    if first in lexicon.SUBJECT_PRONOUNS:
        m = _PRONOUN_START_RE.match(segment)
        return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "pronoun") if m else None
    if first in lexicon.ANON_DETERMINERS and first != "the":
        m = _ANON_START_RE.match(segment)
        if m:
            return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "anonymous")
    if first in _QUANTIFIERS:
        # "..., say some Democrats, who ...": a group after the verb.
        m = _GROUP_START_RE.match(segment)
        if m:
            return Mention(m.group(1), offset + m.start(1), offset + m.end(1), "collective")
    if first[:1].isdigit() and (age := _AGE_LEAD_RE.match(segment)):
        # "62-year-old Tom Reyes, founder of ...": the person after the age.
        return parse_subject_start(segment[age.end() :], offset + age.end())
    if (
        not head[0][:1].isupper()
        and first not in lexicon.ROLE_NOUNS
        and first not in lexicon.ROLE_MODIFIERS
        and not _role_noun_next(segment)
    ):
        if first == "the" and (acronym := _THE_ACRONYM_RE.match(segment)):
            # "the NRA was ...": a body known by its initials.
            return Mention(acronym.group(1), offset + acronym.start(1), offset + acronym.end(1), "name")
        if first in ("the", "its", "his", "her", "their"):
            return role_only_start(segment, offset)
        return None
    m = _NAME_START_RE.match(segment)
    if m:
        phrase = m.group(1)
        # Only worth trying when the next word is a role word.
        lead = _NEXT_LOWER_WORD_RE.match(segment, m.end())
        more = _ROLE_THEN_NAME_RE.match(segment, m.end()) if lead and lead.group(1) in _ROLE_LEAD | _ROLE_COMPOUNDS else None
        if more and all(fold(w) in _ROLE_LEAD or fold(w) in _ROLE_COMPOUNDS for w in more.group(1).split()):
            # "Centre Alliance leader Erik Haugland": the person, not the party.
            phrase = segment[m.start(1) : more.end()]
        elif lead and lead.group(1) in lexicon.ROLE_NOUNS and phrase.startswith(("The ", "the ")):
            # "The Vermont senator": a role described by a place, no name.
            return role_only_start(segment, offset)
        owned = _POSSESSED_NAME_RE.match(segment, m.end())
        if owned and names_person(owned.group(1)):
            # "The Courier’s Matt Hale": the person, not the outlet.
            mention = _name_mention(owned.group(1), offset + owned.start(1))
            if mention:
                owner = phrase.removeprefix("The ").removeprefix("the ").split()
                # "Reyes Praises Courier’s Matt Hale": the outlet after the verb.
                mention.role = _joined(" ".join(_after_headline_verb(owner)), mention.role, " ")
                return mention
        mention = _name_mention(phrase, offset + m.start(1))
        if mention:
            return mention
    return role_only_start(segment, offset)


_FINITE_AUXILIARIES = frozenset("was were is are".split())


def parse_apposition(segment: str) -> str:
    """A role given after a name between commas: "the chair of the NATO
    Military Committee", "Poland’s foreign minister"."""
    m = _APPOSITION_RE.match(segment)
    if not m:
        return ""
    text = m.group(1).strip()
    words = [fold(w.strip("’'")) for w in text.split()]
    if len(words) > 14:
        return ""
    if not any(w in lexicon.ROLE_NOUNS or w in lexicon.ROLE_WORDS or w.endswith("’s") for w in words[:8]):
        return ""
    # A verb makes it a clause, not a role (a relative clause may have one).
    head = words[: words.index("who")] if "who" in words else words
    if any(w in lexicon.CUE_VERBS or w in _FINITE_AUXILIARIES for w in head):
        return ""  # "Reyes’s plan was backed by ...": a clause of its own
    return re.sub(r"^(?:the|a|an)\s+", "", text)


def _strip_fillers(segment: str) -> str:
    """Drop adverbs, auxiliaries and the time of the words between a
    subject and its verb ("Ruiz on Tuesday night warned"), and a verb that
    leads to it ("went on to", "took to Twitter to")."""
    seg = segment.rstrip()
    while True:
        if seg[-4:].lower() in _TIME_WORD_ENDS and (time := _TIME_END_RE.search(seg, max(0, len(seg) - 40))):
            seg = seg[: time.start()].rstrip()
            continue
        start = _last_word_start(seg)
        if start == len(seg) or (fold(seg[start:]) not in _FILLERS and not manner_adverb(seg[start:])):
            if not seg.endswith(" to"):
                return seg
            m = _LEADING_VERB_END_RE.search(seg, max(0, len(seg) - 60))
            if m is None:
                return seg
            start = m.start()
        seg = seg[:start].rstrip()


_WEEKDAY_NAMES = "|".join(day.capitalize() for day in lexicon.WEEKDAYS)
_TIME_END_RE = re.compile(
    rf"\s(?:(?:on\s+)?(?:(?:early|late)\s+)?(?:{_WEEKDAY_NAMES})"
    rf"(?:\s+(?:{'|'.join(lexicon.DAY_PARTS)}))?"
    r"|(?:last|this|earlier this|later this|early this|late last)\s+"
    rf"(?:{'|'.join((*lexicon.PERIODS, *lexicon.DAY_PARTS[:3], *lexicon.SEASONS))})"
    r"|yesterday|today|tonight|last night)$"
)
# The last four letters of the times above: most segments end otherwise,
# and are not searched.
_TIME_WORD_ENDS = frozenset(
    word[-4:]
    for word in (*lexicon.WEEKDAYS, *lexicon.DAY_PARTS, *lexicon.PERIODS, *lexicon.SEASONS, "yesterday", "today", "tonight")
)


def only_fillers(text: str) -> bool:
    """Whether `text` holds nothing but what may stand between a subject and
    its verb: adverbs, auxiliaries, the time of the words."""
    return _strip_fillers("#" + text) == "#"


def manner_adverb(word: str) -> bool:
    """"emphatically", "loudly": a lower-case word in -ly ("Kelly" is a name;
    "only", "early" and the like are fillers or no adverbs of manner)."""
    return len(word) > 5 and word.endswith("ly") and word.islower() and word not in _LY_NOUNS


# Nouns in -ly, which end a subject rather than stand between it and its verb.
_LY_NOUNS = frozenset("family assembly supply monopoly anomaly homily elderly butterfly".split())


# "continued to say", "went on to say", "took to Twitter to say"; not
# "declined to say", which says nothing.
_LEADING_VERB_END_RE = re.compile(
    r"\s(?:went|goes|go) on to$|\s(?:continued|continues|continue|began|begins|started|starts|proceeded|rose|stood up"
    r"|came out|was quick|were quick|(?:took|takes|taking) to [A-Z][\w.]*(?: [A-Z][\w.]*)?) to$"
)


def _last_word_start(text: str) -> int:
    """Where the word (letters, digits, apostrophes, hyphens) ending `text`
    starts; len(text) if it ends in something else. Scanning back from the
    end is linear in the word, where an end-anchored search is linear in the
    text."""
    i = len(text)
    while i and (text[i - 1].isalnum() or text[i - 1] in WORD_PUNCT):
        i -= 1
    return i


# "BuzzFeed", "WikiLeaks", "AZCentral": a capital inside a word after three
# lower-case letters, or after an initialism, names a company or a site; a
# surname's inner capital comes earlier ("McCain", "MacArthur", "DeSantis").
_BRAND_RE = re.compile(r"[A-Z](?:[a-z]{3,}|[A-Z]+)[A-Z][a-z]+\w*")
_LEADING_CONNECTIVE_RE = re.compile(r"^(?:As|But|And|So|Yet|When|While|Although|Though|Because|If|Since|Then|Now)\s+(?=\S)")


class Resolver:
    """Turns mentions into entities and remembers who was salient where."""

    def __init__(self, registry: NameRegistry):
        self.registry = registry
        # Entities that were subjects, each with its (note number, position)
        # list; the dict is kept in order of each entity's latest note, so a
        # look back visits entities, not every note of a long article.
        self._notes: dict[int, tuple[Entity, list[tuple[int, int]]]] = {}
        self._noted = 0
        self._anonymous: dict[str, Entity] = {}

    def note(self, pos: int, entity: Entity | None) -> None:
        if entity is None:
            return
        entry = self._notes.pop(id(entity), None) or (entity, [])
        entry[1].append((self._noted, pos))
        self._notes[id(entity)] = entry
        self._noted += 1

    def resolve(self, mention: Mention, *, salient: bool = True) -> Entity | None:
        entity = self._resolve(mention)
        if salient:
            self.note(mention.start, entity)
        return entity

    def _resolve(self, mention: Mention) -> Entity | None:
        low = fold(mention.text)
        if mention.form == "pronoun":
            return self._pronoun(low, mention.start)
        if mention.form == "anonymous":
            if low == "another":
                one = self._recent(mention.start, lambda e: e.kind == "anonymous" and _singular(e.name))
                noun = one.name.split()[-1] if one is not None and " " in one.name else ""
                return self._anon(f"another {noun}".strip(), "anonymous")
            if mention.text.startswith(("the ", "The ")) and len(mention.text.split()) == 2:
                # "the spokesman": whoever was last in view as one, a person
                # named with the role ("Tom Reyes, the governor's spokesman")
                # or an unnamed source ("a senior spokesman").
                noun = fold(mention.text.split()[1])
                found = self._recent(
                    mention.start,
                    lambda e: _holds_role(e, noun) or _unnamed_as(e, noun),
                )
                if found is not None:
                    return found
            return self._anon(mention.text, "anonymous")
        if mention.form == "collective":
            return self._anon(mention.text, "collective")
        if mention.form == "role":
            return self._role(mention)
        connective = _LEADING_CONNECTIVE_RE.match(mention.text)  # "As The Courier noted"
        text = mention.text[connective.end() :] if connective else mention.text
        after_the = text.startswith(("the ", "The "))
        entity, _ = self.registry.lookup(
            _name_only(text), after_the=after_the, role_prefix=mention.role, apposition=mention.apposition
        )
        return entity

    def source(self, text: str, kind: str) -> Entity:
        """An unnamed speaker as written ("one source", "port data")."""
        return self._anon(text, kind)

    def _anon(self, text: str, kind: str) -> Entity:
        # "a source close to the board." at the end of a sentence.
        text = text.rstrip(" .,;:")
        entity = self._anonymous.get(text)
        if entity is None:
            entity = Entity(name=text, kind=kind, mentions=[text])
            self._anonymous[text] = entity
        return entity

    def _pronoun(self, low: str, pos: int) -> Entity | None:
        if low in ("he", "she", "i"):
            want = {"he": "m", "she": "f"}.get(low)

            def fits(e: Entity) -> bool:
                if e.kind == "anonymous":
                    return _singular(e.name) and _describes_person(e.name) and _description_gender(e.name) in (want, None)
                return e.kind == "person" and (want is None or e.gender in (want, None))

            salient = self._recent(pos, fits)
            if salient is not None and want is not None and salient.kind != "person" and _description_gender(salient.name) is None:
                # "To professor Dana Shaw, the speech sounded tired ...
                # “...,” she said": a person named since, known to be a
                # "she", is likelier than a description of either gender
                # that was the subject before.
                named = self.registry.mentioned_at(pos, lambda e: e.kind == "person" and e.gender == want)
                if named is not None and named[0] > self._last_note(salient):
                    return named[1]
            return salient or self.registry.mentioned_before(
                pos, lambda e: e.kind == "person" and (want is None or e.gender in (want, None))
            )
        if low == "it":
            return self._recent(pos, lambda e: e.kind == "organisation")
        recent = self._recent(pos, lambda e: e.kind in ("collective", "organisation") or (e.kind == "anonymous" and not _singular(e.name)))
        if low == "they" and not self.registry.text[:pos].rstrip().endswith(",") and (group := self._group_before(pos)):
            # "dozens of harbor supporters will picket over what they
            # call ...": the people just named, though no subject. Not
            # in '..., they said': the words before may name anyone.
            if recent is None or self._last_note(recent) < group.start():
                return self._anon(group.group(1), "collective")
        return recent

    def _group_before(self, pos: int) -> re.Match | None:
        """The last group of people ("harbor supporters") named in the
        sentence before `pos`."""
        text = self.registry.text
        window = max(0, pos - 300)
        breaks = [m.end() for m in _SENTENCE_BREAK_RE.finditer(text, window, pos)]
        groups = list(_GROUP_PHRASE_RE.finditer(text, breaks[-1] if breaks else window, pos))
        return groups[-1] if groups else None

    def _last_note(self, entity: Entity) -> int:
        """Where `entity` was last noted as a subject."""
        return self._notes[id(entity)][1][-1][1]

    def _ages(self, pos: int) -> list[tuple[Entity, str]]:
        """The people whose age the article gives before `pos` ("Ann Lee,
        46,"), with that age, in text order."""
        found = []
        for m in _NAME_AND_AGE_RE.finditer(self.registry.text, 0, pos):
            entity = self._resolve(Mention(m.group(1), m.start(1), m.end(1), "name"))
            if entity is not None and entity.kind == "person":
                found.append((entity, m.group(2)))
        return found

    def _in_view(self, pos: int, accept) -> Entity | None:
        """The entity `accept` takes that was last a subject before `pos`,
        else the one last mentioned before it."""
        return self._recent(pos, accept) or self.registry.mentioned_before(pos, accept)

    def _recent(self, pos: int, accept) -> Entity | None:
        """The entity `accept` takes from the latest note made at a position
        before `pos`."""
        best, best_note = None, -1
        for entity, notes in reversed(self._notes.values()):
            if notes[-1][0] < best_note:
                break  # every entity left was noted earlier still
            if not accept(entity):
                continue
            for number, at in reversed(notes):
                if number < best_note:
                    break
                if at < pos:
                    best, best_note = entity, number
                    break
        return best

    def _role(self, mention: Mention) -> Entity | None:
        words = mention.text.split()
        noun = fold(words[-1])
        owner = _POSSESSIVE_OWNER_RE.match(mention.text)
        if noun in lexicon.DOCUMENT_NOUNS and owner:
            # "Gowdy's statement", "the campaign's letter": a document speaks
            # for whoever wrote it.
            written_by = Mention(owner.group(1), mention.start, mention.start + len(owner.group(1)), "name")
            if owner.group(1)[:1].islower():
                written_by.form = "role"
            author = self._resolve(written_by)
            if author is not None:
                return author
        if noun in lexicon.DOCUMENT_NOUNS and len(words) == 3 and fold(words[0]) == "the" and fold(words[1]) in lexicon.ORG_WORDS:
            # "the party statement" after "the Harbor Party": the body
            # named before wrote it.
            body = fold(words[1])

            def named(e: Entity) -> bool:
                return e.kind == "organisation" and body in fold(e.name).split()

            author = self._in_view(mention.start, named)
            if author is not None:
                return author
        named_owner = _NAMED_OWNER_RE.match(mention.text) if noun in lexicon.DOCUMENT_NOUNS else None
        owner_words = named_owner.group(1).split() if named_owner else []
        if owner_words and any(fold(w) in lexicon.ORG_WORDS for w in owner_words):
            # "A Harbor Fund letter", "the Ruiz campaign statement": the
            # body named before the document wrote it; not "the Salem
            # report", a report about a place.
            start = mention.start + named_owner.start(1)
            name = " ".join(owner_words)
            author = self._resolve(Mention(name, start, start + len(name), "name"))
            if author is not None:
                return author
        if noun in lexicon.ORG_WORDS and owner and len(words) == 2:
            # "Ruiz's campaign", "the mayor's office": the body of its
            # owner, not whichever organisation was named last.
            written_by = Mention(owner.group(1), mention.start, mention.start + len(owner.group(1)), "name")
            if owner.group(1)[:1].islower():
                written_by.form = "role"
            head = self._resolve(written_by)
            if head is not None and head.kind in ("person", "organisation"):
                return self._anon(f"{head.name}'s {words[-1]}", "organisation")
        if noun in lexicon.ORG_WORDS and len(words) > 2:
            # "the transport ministry": a body of its own, named as written.
            name = " ".join(words[1:]) if fold(words[0]) in ("the", "its", "their", "his", "her") else mention.text
            named = self._recent(mention.start, lambda e: e.kind == "organisation" and fold(name) in fold(e.name))
            return named or self._anon(name, "organisation")
        if noun in lexicon.ORG_WORDS:
            # "the company", "the agency": the organisation last in view.
            named = self._recent(mention.start, lambda e: e.kind == "organisation" and noun in fold(e.name))
            found = named
            if found is None and noun in _GENERIC_ORG_NOUNS:
                # Only a word any body can be called by: "the ministry" is no
                # port authority named before it.
                def accept(e: Entity) -> bool:
                    # "the group" after "as the Salem Courier reported" is
                    # no newspaper, nor a university it rallied at.
                    return e.kind == "organisation" and (
                        noun not in _ADVOCACY_NOUNS or fold(e.name.split()[-1]) not in _PRESS_AND_SCHOOL_WORDS
                    )

                found = self._in_view(mention.start, accept)
            if found:
                return found
            name = " ".join(words[1:]) if fold(words[0]) in ("the", "its", "their", "his", "her") else mention.text
            return self._anon(name, "organisation")
        if _AGE_NOUN_RE.fullmatch(noun) and fold(words[0]) == "the":
            # "the 46-year-old": the person the article gave that age ("Ann
            # Lee, 46,"), else the person last in view whose age it did not
            # give as another.
            age = noun.split("-", 1)[0]
            ages = self._ages(mention.start)
            found = next((e for e, given in reversed(ages) if given == age), None)
            other = {id(e) for e, given in ages if given != age}
            found = found or self._in_view(mention.start, lambda e: e.kind == "person" and id(e) not in other)
            if found:
                return found
        # "the official" after "a senior official": the same source.
        found = self._recent(mention.start, lambda e: _unnamed_as(e, noun))
        found = found or self._recent(mention.start, lambda e: e.kind == "anonymous" and noun in fold(e.name))
        if found:
            return found
        # "the Oregon governor": the governor whose role names Oregon,
        # if any, before the governor last in view.
        places = [fold(w) for w in words[1:-1] if w[:1].isupper()]
        if places:
            found = self._recent(
                mention.start,
                lambda e: _holds_role(e, noun) and all(p in fold(e.role) for p in places),
            )
            if found:
                return found
        found = self._in_view(mention.start, lambda e: _holds_role(e, noun))
        if found:
            return found
        for entity in self.registry.by_name.values():
            # Anywhere in the article: the role as written ("Sen." is
            # not yet "the senator" someone else was called before).
            if entity.kind == "person" and noun in _role_words(entity.role, written_out=False):
                return entity
        if noun in _PARTY_NOUNS and fold(words[0]) == "the":
            # "The Oregon Republican admitted ...": the politician in
            # view, whose party label the article left out of the name.
            found = self._recent(mention.start, lambda e: e.kind == "person")
            if found:
                return found
        # An unnamed speaker stays a description, never a named person: "the
        # man", "the statement", "one user"; several of them are a group.
        plural = (noun.endswith("s") and not noun.endswith("ss") and fold(words[0]) not in ("a", "an", "one", "another")) or noun in (
            "percent", "majority", "minority", "half", "third"
        )
        return self._anon(mention.text, "collective" if plural else "anonymous")


# Words for any organisation, which "the company" may mean whatever its name.
_GENERIC_ORG_NOUNS = frozenset(
    "company firm group organisation organization corporation business campaign agency body institution network "
    "operator developer consortium coalition alliance outfit chain".split()
)
# Of those, the words for a body that campaigns: never a newspaper that
# reported on it nor a school it rallied at.
_ADVOCACY_NOUNS = frozenset("group organisation organization coalition alliance movement campaign".split())
_PRESS_AND_SCHOOL_WORDS = lexicon.PRESS_WORDS | frozenset("sun-times university college school".split())

# Words a sentence opens with, capitalised, that name no one or a group.
_NOBODY = frozenset("nobody none new research projections rather newspaper".split())
_SOMEONE = frozenset("someone somebody anyone anybody".split())
_GROUP_WORDS = frozenset(
    "others everyone everybody allies friends mourners relatives neighbors neighbours protesters demonstrators supporters opponents "
    "observers residents".split()
)
_PARTY_NOUNS = frozenset("republican democrat independent libertarian".split())
_AGE_NOUN_RE = re.compile(r"\d{1,3}-year-old")
_NAME_AND_AGE_RE = re.compile(rf"([{_UPPER}][\w’'.\-]+(?:[ \u00a0][{_UPPER}][\w’'.\-]+){{0,3}}),[ \u00a0](\d{{1,3}}),")

# Titles as news writes them before a name, and the nouns a later "the
# governor" uses for the same person.
_TITLE_ABBREVIATIONS = {
    "gov.": "governor",
    "sen.": "senator",
    "rep.": "representative congressman congresswoman lawmaker",
    "gen.": "general",
    "adm.": "admiral",
    "lt.": "lieutenant",
    "col.": "colonel",
    "capt.": "captain",
    "sgt.": "sergeant",
    "dr.": "doctor",
    "prof.": "professor",
    "atty.": "attorney",
    "supt.": "superintendent",
}


_SENTENCE_BREAK_RE = re.compile(r"[.!?][”\"’']?\s+|\n")
_GROUP_PHRASE_RE = re.compile(
    r"\b((?:[A-Z][\w’'\-]+\s+){0,3}(?:" + "|".join(sorted(lexicon.COLLECTIVE_NOUNS)) + r"))\b"
)


def _holds_role(entity: Entity, noun: str) -> bool:
    """Whether `entity` is a person whose role the description's noun names."""
    return entity.kind == "person" and noun in _role_words(entity.role)


def _unnamed_as(entity: Entity, noun: str) -> bool:
    """Whether `entity` is an unnamed source described by the noun ("the
    official" after "a senior official")."""
    return entity.kind == "anonymous" and fold(entity.name.split()[-1]) == noun


@lru_cache(maxsize=4096)
def _role_words(role: str, *, written_out: bool = True) -> frozenset[str]:
    """The words of a role a later description may name its holder by,
    folded, with abbreviated titles written out unless `written_out` is
    false (a "Gov." is "the governor" further down). Whole words, and no
    owner: "the mayor's campaign manager" is a manager, never "the mayor",
    nor "the man"."""
    words = [w.strip(",;:()") for w in fold(role).replace("\u2019", "'").split() if not w.endswith("'s")]
    if not written_out:
        return frozenset(words)
    return frozenset(x for w in words for x in _TITLE_ABBREVIATIONS.get(w, w).split())


_FEMALE_NOUNS = frozenset(
    "woman women lady mother daughter wife sister aunt grandmother girl actress spokeswoman chairwoman "
    "congresswoman businesswoman widow queen princess".split()
)
_MALE_NOUNS = frozenset(
    "man men gentleman father son husband brother uncle grandfather boy actor spokesman chairman "
    "congressman businessman widower king prince".split()
)


# Things a description can name that never speak as "he" or "she".
_THING_NOUNS = lexicon.DOCUMENT_NOUNS | lexicon.ORG_WORDS | frozenset(
    "paper newspaper tabloid magazine book video film attack case bill law plan poll survey study event "
    "speech interview debate rally hearing vote election race deal program programme".split()
)


def _describes_person(text: str) -> bool:
    """"a senior official", "the designer": a description of someone who can
    be "he" or "she"; "the paper", "an attack" are things."""
    words = [fold(w.strip(".,;:")) for w in text.split()]
    head = next((w for w in words if w in _THING_NOUNS), None)
    return head is None or any(w in lexicon.ANON_NOUNS or w in lexicon.ROLE_NOUNS for w in words)


def _description_gender(text: str) -> str | None:
    """"the first lady" is a she, "the man" a he; most descriptions are either."""
    words = {fold(w) for w in text.split()}
    if words & _FEMALE_NOUNS:
        return "f"
    if words & _MALE_NOUNS:
        return "m"
    return None


# A name before a document noun, its author: "A Harbor Fund letter".
_NAMED_OWNER_RE = re.compile(r"^(?:[Aa]n?|[Tt]he)\s+((?:[A-Z][\w\-]*\s+){1,4}?(?:campaign\s+)?)[a-z\-]+$")
_POSSESSIVE_OWNER_RE = re.compile(r"^((?:[Tt]he\s+)?[^\s’']+(?:\s+[^\s’']+){0,3}?)[’']s\s")


def _singular(text: str) -> bool:
    """"one source", "a nurse": one person, who may be "he" or "she"."""
    words = text.split()
    if not words:
        return False
    first = fold(words[0])
    if first in ("a", "an", "one", "another"):
        return True
    return first in ("this", "that", "the") and not fold(words[-1]).endswith("s")


def _name_only(text: str) -> str:
    """The capitalised part of a mention, without lower-case role words
    before it ("A teary-eyed Hale") or a time or place after it ("Reyes on
    Wednesday", "Dana Shaw at the Courier")."""
    words = text.split()
    while words and (not words[0][:1].isupper() or (len(words) > 1 and fold(words[0]) in _LEADING_NON_NAMES)):
        words.pop(0)
    for i, word in enumerate(words[1:-1], 1):
        if word == "at" or (word in ("on", "in", "during") and fold(words[i + 1]) in _TIME_WORDS):
            del words[i:]
            break
    return " ".join(words)


_LEADING_NON_NAMES = frozenset("a an the on in at before after where when while since ever even just only shortly".split())
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)
