"""The document split at its headings, and each part matched to a section of the council's
template: by its number, then by its title, exactly or nearly ("Budgets" for "Budget",
"Risk Management" for "Risks and opportunities" less so). Each match has a confidence from 0
to 1 and the next-best sections as alternatives, for the preview; a part that matches none
well is proposed as a new section when its heading is a main one, else added to the part
before it, and the person can change either. A heading found only as a short line on its
own must match well to be taken as a template section.
"""

import re
from dataclasses import dataclass, field

from plans.exchange.word.blocks import Document, Heading

# Below this a title is no match; at or above CONFIDENT the preview shows it as matched.
LEAST = 0.45
CONFIDENT = 0.75
ALTERNATIVES = 3
# A word of the same family as one in the other title counts this much.
SYNONYM = 0.8
# Families of words that councils use for the same part of a plan (stemmed as by _stem).
FAMILIES = {
    "overview": "overview introduction summary about background",
    "budget": "budget financ finance financial money cost",
    "workforce": "workforce staff staffing human people team skill hr structure",
    "performance": "performance indicator kpi pi measure target result",
    "action": "action project activity initiative deliverable",
    "contract": "contract procurement supplier",
    "carbon": "carbon climate environment environmental emission footprint",
    "risk": "risk register opportunity",
    "priority": "priority objective aim corporate strategic",
    "equality": "equality diversity inclusion",
    "version": "version history revision",
    "sign": "sign signoff approval approve",
}
FAMILY_NAME = {_word: _name for _name, _family in FAMILIES.items() for _word in _family.split()}
FAMILY = {_word: {_name} for _word, _name in FAMILY_NAME.items()}
# Words that say nothing about which section a heading is.
FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "our",
        "we",
        "with",
        "by",
        "service",
        "services",
        "plan",
        "section",
        "part",
        "this",
        "is",
        "key",
        "off",
        "from",
        "appendix",
    ]
)


@dataclass
class Part:
    """A stretch of the document: a heading (none before the first) and what follows it."""

    heading: Heading | None
    blocks: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else "Before the first heading"


@dataclass
class Candidate:
    section: object  # a template section: anything with `number` and `title`
    confidence: float


@dataclass
class SectionMatch:
    part: Part
    best: Candidate | None
    alternatives: list[Candidate]
    proposal: str  # "match", "new" (a section of its own) or "append" (to the part before)


def split(document: Document) -> list[Part]:
    """The document's parts in order; blocks before the first heading make a part of their
    own (a cover or a preamble), left out when there are none."""
    parts = [Part(heading=None)]
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append(Part(heading=block))
        else:
            parts[-1].blocks.append(block)
    return parts if parts[0].blocks else parts[1:]


def match_sections(parts: list[Part], sections: list) -> list[SectionMatch]:
    """Each part with its best template section, the alternatives and what is proposed."""
    matches = []
    for part in parts:
        ranked = sorted(
            (Candidate(section, confidence(part.heading, section)) for section in sections),
            key=lambda candidate: -candidate.confidence,
        )
        # A short line taken for a heading is the weakest sign: it must match well.
        least = CONFIDENT if part.heading and part.heading.reason == "short line" else LEAST
        best = ranked[0] if ranked and ranked[0].confidence >= least else None
        alternatives = [c for c in ranked[1 if best else 0 :] if c.confidence >= LEAST / 2]
        matches.append(SectionMatch(part, best, alternatives[:ALTERNATIVES], _proposal(part, best)))
    return matches


def _proposal(part: Part, best: Candidate | None) -> str:
    if best is not None:
        return "match"
    heading = part.heading
    if heading is not None and heading.level <= 2 and heading.reason != "short line":
        return "new"
    return "append"


def confidence(heading: Heading | None, section) -> float:
    """How surely a heading is the template section: 1 for the same number and title."""
    if heading is None:
        return 0.0
    title = similarity(heading.text, section.title)
    number = str(getattr(section, "number", "") or "").rstrip(".")
    if heading.number and number:
        if heading.number.rstrip(".") == number:
            return min(1.0, 0.5 + title)  # the same number: a title only roughly alike will do
        title *= 0.8  # another number: the title must carry it
    return round(title, 3)


def similarity(one: str, other: str) -> float:
    """0 to 1: how alike two titles are by their telling words, order set aside: the mean
    of the share of each title's words found in the other, a word of the same family
    ("staffing" for "workforce") counting SYNONYM."""
    words, other_words = _words(one), _words(other)
    if not words or not other_words:
        return 0.0
    return (_covered(words, other_words) + _covered(other_words, words)) / 2


def _covered(words: set[str], other_words: set[str]) -> float:
    found = 0.0
    for word in words:
        if word in other_words:
            found += 1
        elif FAMILY.get(word, {word}) & {FAMILY_NAME.get(each) for each in other_words}:
            found += SYNONYM
    return found / len(words)


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))
    return {_stem(word) for word in words if word not in FILLER and not word.isdigit()}


def _stem(word: str) -> str:
    """Plural and simple endings set aside: "budgets", "budgeting" and "budget" alike."""
    for ending in ("ing", "ies", "s"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)] + ("y" if ending == "ies" else "")
    return word
