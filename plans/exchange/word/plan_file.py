"""A Word plan as a plan file (docs/plan-export-format.md), so that it is checked and written
exactly as an imported plan file is (plans/exchange/plan_file.py): in one transaction, after
a check that writes nothing.

The file has the template's sections in order, each with the text of the document's parts
matched to it (sections.py): its paragraphs, lists and tables, in the document's order. A
part that matches none is a section of its own after the one before it, or is added to the
one before it with its heading kept as a subheading; what comes before the first heading
goes to the first section. So every paragraph, list and table of the document is in the
plan.

A table that matches a structured part (tables.py) becomes that part's rows in the file
(rows/, with each column mapped as mapping.py says), when the plan has a section that
prints the part; its rows that cannot be read stay in the text under the table's header.
A table kept as text (the person's choice, a part the plan has no section for, a part not
brought in from Word, or no part at all) stays a table in the text of its section.
"""

from contextlib import suppress
from dataclasses import dataclass
from html import escape

from plans.columns import clean_layout, prints
from plans.exchange.format import FORMAT, FORMAT_VERSION
from plans.exchange.word.blocks import Document, Heading, Table, Text
from plans.exchange.word.mapping import IGNORE, TableChoice, cells_of, proposed
from plans.exchange.word.rows import RowContext, TableRows, read_rows
from plans.exchange.word.rows.priorities import council_priorities
from plans.exchange.word.sections import Candidate, Part, SectionMatch, match_sections, split
from plans.exchange.word.tables import YEAR_IN_HEADER
from plans.models import SectionKind
from plans.printed import YEAR

NEW_SECTION_LEVEL = 1


@dataclass
class TableOutcome:
    """What became of a table: its rows taken into its part, or kept as text, and why."""

    choice: TableChoice
    rows: TableRows | None = None  # what its body rows became, when they were read
    reason: str = ""  # why it was kept as text

    @property
    def structured(self) -> int:
        return 0 if self.rows is None or self.reason else self.rows.structured


def word_plan_file(document: Document, template_sections: list, **choices) -> dict:
    """The plan file of a Word plan for a service's template (its TemplateSections)."""
    return word_import_plan(document, template_sections, **choices)[0]


def proposed_tables(document: Document, first_year: int) -> list[TableChoice]:
    """Each table of the document with the part it matched and its columns' mapping."""
    tables = [block for block in document.blocks if isinstance(block, Table)]
    return [proposed(table, first_year) for table in tables]


def word_import_plan(
    document: Document,
    template_sections: list,
    *,
    first_year: int,
    last_year: int,
    places: dict[int, str] | None = None,
    tables: list[TableChoice] | None = None,
) -> tuple[dict, list[TableOutcome]]:
    """The plan file of a Word plan, and what became of each of its tables (in document
    order). `places` overrule where parts go, by their index: "s<index of a template
    section>", "new" or "append"; `tables` the mapping of each table's columns, or keep it
    as text (the preview's choices)."""
    matches = match_sections(split(document), template_sections)
    for index, place in (places or {}).items():
        _overrule(matches[index], place, template_sections)
    placed = _placed(matches, template_sections)
    if tables is None:
        tables = proposed_tables(document, first_year)
    years = list(range(first_year, last_year + 1))
    outcomes = {id(choice.match.table): TableOutcome(choice) for choice in tables}
    part_rows: dict[str, list] = {}
    council_id = template_sections[0].template.council_id if template_sections else None
    priorities = council_priorities(council_id)

    def table_html(table: Table, heading: str) -> str:
        outcome = outcomes.get(id(table))
        if outcome is None:
            return _table_html(table.rows)
        ctx = RowContext(years, heading, priorities=priorities)
        return _structured(outcome, placed, ctx, part_rows)

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
                "body": "".join(_part_html(part, _headed(section), table_html) for part in parts),
                "body_after": "",
                "columns": section["columns"],
            }
        )
    plan_file = {
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
        **part_rows,
    }
    return plan_file, [outcomes[id(choice.match.table)] for choice in tables]


def _structured(outcome: TableOutcome, placed: list, ctx: RowContext, part_rows: dict) -> str:
    """The table's rows into its part, and what stays in the text: the whole table, or the
    rows above its header and the rows that could not be read, under the header. The
    section that prints the part takes the table's headers as its columns' labels, unless
    the template labels them already."""
    choice = outcome.choice
    rows = choice.match.table.rows
    part = choice.part
    printer = _printer(part, placed) if part else None
    if choice.match.target is None:
        outcome.reason = "It is like none of the plan's tables"
    elif choice.match.is_set_up:
        outcome.reason = "It is your council's set-up, the same in every plan"
    elif choice.match.target == "sign_off":
        outcome.reason = (
            "A plan is signed off in the app, by a manager: the signatures written in Word "
            "stay as text"
        )
    elif part is None:
        outcome.reason = f"Rows of “{choice.match.title}” are not brought in from Word yet"
    elif choice.as_text:
        outcome.reason = "You chose to keep it as text"
    elif printer is None:
        outcome.reason = f"The plan has no section that prints “{choice.match.title}”"
    if outcome.reason:
        return _table_html(rows)
    made = part_rows.setdefault(part.file_key, [])
    ctx.position = len(made)  # risks numbered on from another table's
    ctx.made = list(made)  # a contribution to a priority another table gave is refused
    result = read_rows(part, cells_of(choice), choice.match.body_rows, ctx)
    outcome.rows = result  # its problems are listed even when none of its rows was read
    if not result.structured:
        outcome.reason = "None of its rows could be read"
        return _table_html(rows)
    made.extend(result.rows)
    target, labelled = choice.match.target, printer.setdefault("labelled", set())
    first = target not in printer["columns"]
    if first:
        layout = {**printer["columns"], target: _labels(choice)}
        with suppress(ValueError):  # labels a layout cannot hold (too long): defaults print
            printer["columns"].update(clean_layout(layout))
            labelled.add(target)
    for position, row in enumerate(made, start=1):
        if "position" in row:
            row["position"] = position
    header = choice.match.header_row
    # Another table of the part labelled its columns first: these headers stay as text.
    other_headers = not first and target in labelled
    if result.left or other_headers:
        return _table_html(rows[: header + 1] + result.left)
    above = dict.fromkeys(cell for row in rows[:header] for cell in row if cell)
    return "".join(f"<p>{_cell_html(text)}</p>" for text in above)


def _printer(part, placed: list) -> dict | None:
    """The plan's first section that prints the part."""
    for section, _ in placed:
        if section["kind"] != part.section_kind:
            continue
        if not part.printed_as or any(prints(section["columns"], p) for p in part.printed_as):
            return section
    return None


def _labels(choice: TableChoice) -> list[dict]:
    """The table's columns in the document's order, each labelled with its header; the
    headers of a column shown per year joined by '|', with {year} for the year."""
    entries: dict[str, list[str]] = {}
    within: dict[str, list[str]] = {}
    for mapping, value in zip(choice.match.columns, choice.values, strict=True):
        if value == IGNORE:
            continue
        key = value.partition("@")[0]
        header = " ".join(mapping.header.split())
        if key in choice.part.within:
            within.setdefault(choice.part.within[key][1], []).append(header)
            continue
        entries.setdefault(key, []).append(YEAR_IN_HEADER.sub(YEAR, header, count=1))
    for key, headers in within.items():
        if key in entries:  # "Service Area / Service Contact"
            entries[key] = [" / ".join([" | ".join(entries[key]), *headers])]
    return [
        {"key": key, "label": " | ".join(labels)} if any(labels) else {"key": key}
        for key, labels in entries.items()
    ]


def _overrule(match: SectionMatch, place: str, template_sections: list) -> None:
    if place in {"new", "append"}:
        match.proposal = place
    else:
        section = template_sections[int(place.removeprefix("s"))]
        match.best, match.proposal = Candidate(section, 1.0), "match"


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
        "columns": dict(section.columns or {}),  # a copy: a table's headers may go in
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


def _part_html(part: Part, section_titles: set[str], table_html) -> str:
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
            html.append(table_html(block, part.title))
        elif isinstance(block, Heading):  # not made by split(), kept for completeness
            html.append(f"<h3>{escape(block.written)}</h3>")
    return "".join(html)


def _table_html(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    head, *body = rows
    cells = "".join(f"<th>{escape(cell)}</th>" for cell in head)
    rows = [f"<tr>{cells}</tr>"]
    for row in body:
        rows.append("<tr>" + "".join(f"<td>{_cell_html(cell)}</td>" for cell in row) + "</tr>")
    return f"<table><tbody>{''.join(rows)}</tbody></table>"


def _cell_html(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))
