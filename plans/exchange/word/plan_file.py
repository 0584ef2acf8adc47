"""A Word plan as a plan file (docs/plan-export-format.md), so that it is checked and written
exactly as an imported plan file is (plans/exchange/plan_file.py): in one transaction, after
a check that writes nothing.

The file has the template's sections in order, each with the text of the document's parts
matched to it (sections.py): its paragraphs, lists and tables, in the document's order. A
part that matches none is a section of its own after the one before it, or is added to the
one before it with its heading kept as a subheading; what comes before the first heading
goes to the first section. So every paragraph, list and table of the document is in the
plan. A table is kept as a table in the text; taking the tables that match a structured
part (tables.py) as rows of that part is the next step of the Word import.
"""

from html import escape

from plans.exchange.format import FORMAT, FORMAT_VERSION
from plans.exchange.word.blocks import Document, Heading, Picture, Table, Text
from plans.exchange.word.sections import Candidate, Part, SectionMatch, match_sections, split
from plans.models import SectionKind

NEW_SECTION_LEVEL = 1


def word_plan_file(
    document: Document,
    template_sections: list,
    *,
    first_year: int,
    last_year: int,
    places: dict[int, str] | None = None,
) -> dict:
    """The plan file of a Word plan for a service's template (its TemplateSections).
    `places` overrule where parts go, by their index: "s<index of a template section>",
    "new" or "append" (the preview's choices)."""
    matches = match_sections(split(document), template_sections)
    for index, place in (places or {}).items():
        _overrule(matches[index], place, template_sections)
    placed = _placed(matches, template_sections)
    sections = []
    for position, (section, parts) in enumerate(placed, start=1):
        sections.append(
            {
                "position": position,
                "number": section["number"],
                "title": section["title"],
                "guidance": section["guidance"],
                "required": section["required"],
                "kind": section["kind"],
                "level": section["level"],
                "body": "".join(_part_html(part, _headed(section)) for part in parts),
                "body_after": "",
                "columns": section["columns"],
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "plan": {
            "first_year": first_year,
            "last_year": last_year,
            "status": "draft",
            "reference": "",
            "title": "",
            "budget_unit": "£",
            "budget_prior_years": 0,
            "budget_prior_columns": "",
            "budget_year_column": "",
            "bid_later_years": 0,
        },
        "sections": sections,
    }


def _overrule(match: SectionMatch, place: str, template_sections: list) -> None:
    if place in {"new", "append"}:
        match.proposal = place
    else:
        section = template_sections[int(place.removeprefix("s"))]
        match.best, match.proposal = Candidate(section, 1.0), "match"


def pictures_left_out(document: Document) -> int:
    """Pictures are not taken into the plan yet: the preview says how many."""
    return sum(1 for block in document.blocks if isinstance(block, Picture))


def _placed(matches: list[SectionMatch], template_sections: list) -> list[tuple[dict, list]]:
    """The plan's sections in order, each with the document's parts that go in it."""
    placed = [(_from_template(section), []) for section in template_sections]
    titles = {entry["title"].casefold() for entry, _ in placed}
    last = 0  # the index in `placed` of the section the part before went to
    for match in matches:
        if match.proposal == "match":
            last = next(
                index
                for index, (entry, _) in enumerate(placed)
                if entry.get("source") is match.best.section
            )
        elif match.proposal == "new" or not placed:
            heading = match.part.heading
            title = _new_title(heading.written if heading else match.part.title, titles)
            titles.add(title.casefold())
            last = last + 1 if placed else 0
            placed.insert(last, (_new_section(title), []))
        placed[last][1].append(match.part)
    return placed


def _from_template(section) -> dict:
    return {
        "source": section,
        "number": section.number,
        "title": section.title,
        "guidance": section.guidance,
        "required": section.required,
        "kind": section.kind,
        "level": section.level,
        "columns": section.columns or {},
    }


def _headed(section: dict) -> set[str]:
    """How a heading that needs no repeating under the section reads."""
    number, title = section["number"], section["title"]
    return {title, f"{number} {title}", f"{number}. {title}"} if number else {title}


def _new_section(title: str) -> dict:
    return {
        "number": "",
        "title": title,
        "guidance": "",
        "required": False,
        "kind": SectionKind.NARRATIVE,
        "level": NEW_SECTION_LEVEL,
        "columns": {},
    }


def _new_title(title: str, taken: set[str]) -> str:
    """The part's heading, made unique among the plan's section titles."""
    title = title[:200]
    candidate, number = title, 2
    while candidate.casefold() in taken:
        candidate = f"{title[:190]} ({number})"
        number += 1
    return candidate


def _part_html(part: Part, section_titles: set[str]) -> str:
    """The part's blocks as HTML, under its heading as written unless the section is
    headed exactly so (its title, or its number and title)."""
    html = []
    heading = part.heading
    if heading is not None and heading.written not in section_titles:
        html.append(f"<h3>{escape(heading.written)}</h3>")
    for block in part.blocks:
        if isinstance(block, Text):
            html.append(block.html)
        elif isinstance(block, Table):
            html.append(_table_html(block))
        elif isinstance(block, Heading):  # not made by split(), kept for completeness
            html.append(f"<h3>{escape(block.written)}</h3>")
    return "".join(html)


def _table_html(table: Table) -> str:
    if not table.rows:
        return ""
    head, *body = table.rows
    cells = "".join(f"<th>{escape(cell)}</th>" for cell in head)
    rows = [f"<tr>{cells}</tr>"]
    for row in body:
        rows.append("<tr>" + "".join(f"<td>{_cell_html(cell)}</td>" for cell in row) + "</tr>")
    return f"<table><tbody>{''.join(rows)}</tbody></table>"


def _cell_html(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))
