"""A Word plan's parts matched to the council's template sections (plans/exchange/word/
sections.py), checked on the demo template and two councils' real plans."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from plans.exchange.word.blocks import Heading, Text, read_document
from plans.exchange.word.package import open_package
from plans.exchange.word.sections import Part, confidence, match_sections, similarity, split
from tests.plans.test_word_reading import SEEDS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = [
    SimpleNamespace(number=section["number"], title=section["title"])
    for section in json.loads((ROOT / "fixtures/demo/template.json").read_text())["sections"]
]


def matches_of(name: str) -> dict[str, tuple[str | None, str]]:
    document = read_document(open_package((SEEDS / f"{name}.docx").read_bytes()))
    return {
        match.part.title: (match.best.section.title if match.best else None, match.proposal)
        for match in match_sections(split(document), TEMPLATE)
    }


def test_the_document_is_split_at_its_headings_with_what_comes_before_them():
    intro, budget = Text("<p>Cover</p>", "Cover"), Heading("Budget", 1)
    document = SimpleNamespace(blocks=[intro, budget, Text("<p>£1m</p>", "£1m")])
    parts = split(document)
    assert [(part.title, len(part.blocks)) for part in parts] == [
        ("Before the first heading", 1),
        ("Budget", 1),
    ]
    assert [part.title for part in split(SimpleNamespace(blocks=[budget]))] == ["Budget"]


@pytest.mark.parametrize(
    ("one", "other", "least", "most"),
    [
        ("Budgets", "Budget and growth bids", 0.6, 0.7),
        ("Contracts", "Procurement and contracts", 0.9, 1.0),
        ("Contracts", "Key contacts", 0.0, 0.0),  # one letter apart, not the same thing
        ("Risk Management", "Risk register", 0.6, 0.8),
        ("Human Resource Management", "Workforce", 0.5, 0.6),
        ("CLIMATE CHANGE", "Carbon footprint", 0.5, 0.7),
        ("EQUALITY and DIVERSITY", "Equality and diversity", 1.0, 1.0),
        ("GDPR", "Version control", 0.0, 0.0),
    ],
)
def test_titles_are_alike_by_their_telling_words_and_families_of_words(one, other, least, most):
    assert least <= similarity(one, other) <= most


def test_the_same_number_makes_a_rough_title_enough_and_another_number_counts_against():
    section = SimpleNamespace(number="2.3", title="Procurement and contracts")
    assert confidence(Heading("Contracts register", 2, "2.3"), section) == 1.0
    assert confidence(Heading("Contracts register", 2, "4.1"), section) < confidence(
        Heading("Contracts register", 2), section
    )
    assert confidence(None, section) == 0.0


def test_three_rivers_parts_go_to_the_template_sections_a_person_would_choose():
    matches = matches_of("three-rivers-customer-services-2021-24")
    assert matches["INTRODUCTION"] == ("Service overview", "match")
    assert matches["Budgets"] == ("Budget and growth bids", "match")
    assert matches["Human Resource Management"] == ("Workforce", "match")
    assert matches["Performance indicators"] == ("Performance indicators", "match")
    assert matches["Project Management"] == ("Actions and projects", "match")
    assert matches["Contracts"] == ("Procurement and contracts", "match")
    assert matches["Risk Management"] == ("Risk register", "match")
    assert matches["Version Control"] == ("Version control", "match")
    # Nothing in the template is like these: proposed as sections of their own.
    assert matches["CONTENTS"] == (None, "new")
    assert matches["OUTPUTS AND OUTCOMES"] == (None, "new")
    # Short lines taken for headings stay with the part before them unless sure.
    assert matches["Job title of SPOF: Customer Services Team Manager"] == (None, "append")


def test_spelthorne_parts_go_to_the_template_sections_a_person_would_choose():
    matches = matches_of("spelthorne-customer-services-2024-25")
    assert matches["SERVICE OVERVIEW"] == ("Service overview", "match")
    assert matches["WHAT WE DO: Service Purpose and Core Business Functions"] == (
        "Service purpose and core functions",
        "match",
    )
    assert matches["KEY ACTIVITIES/PROJECTS FOR 2024/25"] == ("Actions and projects", "match")
    assert matches["CLIMATE CHANGE"] == ("Carbon footprint", "match")
    assert matches["EQUALITY and DIVERSITY"] == ("Equality and diversity", "match")
    assert matches["KEY CONTACTS"] == ("Key contacts", "match")
    assert matches["GDPR"] == (None, "new")


def test_each_match_offers_the_next_best_sections_as_alternatives():
    part = Part(heading=Heading("Risks", 1))
    [match] = match_sections([part], TEMPLATE)
    assert match.best.section.title == "Risk register"
    assert [candidate.section.title for candidate in match.alternatives][:1] == [
        "Key issues and risks"
    ]
    assert all(c.confidence <= match.best.confidence for c in match.alternatives)
