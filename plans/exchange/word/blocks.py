"""A checked Word package as a list of blocks: headings, text, tables and pictures.

mammoth reads the document's structure (styled headings, paragraphs, lists, tables,
pictures) and never fetches a linked file. Councils style few of their headings, so a
paragraph is also taken as a heading when its text says so, with the reason kept for the
preview, where the person can overrule it:

- "numbered": it starts with a section number ("2.1 Budgets", "3. Risks"); its level is
  the number's depth;
- "capitals": it is written in capitals ("KEY PURPOSE OF THE SERVICE"), or opens with two or
  more words in capitals before a colon or a dash ("WHAT WE DO: Service purpose"), whose
  rest, when long, stays as text under it;
- "bold": all of its text is bold;
- "short line": a short line on its own, starting with a capital, ending without a full
  stop, before something longer ("Scope of the Service").

Tables keep each cell's text (a table inside a cell is read into that cell's text, as
Word shows it); the preview matches their header rows to the plan's structured parts.
"""

import base64
import re
from dataclasses import dataclass, field
from html import escape

import lxml.html
import mammoth

from plans.exchange.word.package import WordPackage

# Word's own "Title" and "Subtitle" styles are headings too.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => h2:fresh
p.Title => h1:fresh
p.Subtitle => h2:fresh
"""
NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>\S.*)$")
SECTION_WORD = re.compile(
    r"^(?:section|part)\s+(?P<number>\d{1,2})\s*[:.–-]\s*(?P<title>\S.*)$", re.I
)
HEADING_MAX_CHARS = 120
MAX_COLUMNS = 63  # Word's own limit: a file claiming a wider cell is not repeated further
SHORT_LINE_MAX_WORDS = 8
# Left where Word's automatic numbering was: ". WHAT WE DO".
LOST_NUMBER = re.compile(r"^[.\u2022·]\s+")
CAPITALS_LEAD = re.compile(
    r"^(?P<lead>[A-Z][A-Z0-9/&'’ ]*[A-Z0-9]+(?: [A-Z0-9/&'’]+)+)\s*(?::|\s[–-])\s*(?P<rest>.*)$",
    re.S,
)


@dataclass
class Heading:
    text: str
    level: int
    number: str = ""
    reason: str = "style"  # or "numbered", "capitals", "bold", "short line"
    written: str = ""  # the whole line as in the document ("SECTION 1: INPUTS")

    def __post_init__(self):
        self.written = self.written or self.text


@dataclass
class Text:
    """A paragraph or a list, as HTML (sanitised again when it is saved)."""

    html: str
    text: str


@dataclass
class Table:
    rows: list[list[str]]

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


@dataclass
class Picture:
    content_type: str
    data: bytes
    alt_text: str = ""


@dataclass
class Document:
    blocks: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]


def read_document(package: WordPackage) -> Document:
    """The package's blocks in document order, with the package's notes."""
    from io import BytesIO

    result = mammoth.convert_to_html(
        BytesIO(package.data), style_map=STYLE_MAP, external_file_access=False
    )
    root = lxml.html.fragment_fromstring(result.value or "<p></p>", create_parent="div")
    elements = list(root)
    blocks = []
    for index, element in enumerate(elements):
        blocks += _blocks_of(element, elements[index + 1] if index + 1 < len(elements) else None)
    return Document(blocks=[block for block in blocks if block is not None], notes=package.notes)


def _blocks_of(element, following) -> list:
    tag = element.tag
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        text = _text(element)
        return [_styled_heading(text, int(tag[1]))] if text else []
    if tag == "table":
        return [_table(element)]
    if tag in {"ul", "ol"}:
        return [Text(html=lxml.html.tostring(element, encoding="unicode"), text=_text(element))]
    pictures = [_picture(image) for image in element.iter("img")]
    text = _text(element)
    if not text:
        return [picture for picture in pictures if picture]
    text = LOST_NUMBER.sub("", text)
    pictures = [picture for picture in pictures if picture]
    if lead := _capitals_lead(text):
        return [*lead, *pictures]
    heading = _unstyled_heading(element, text, following)
    block = heading or Text(html=lxml.html.tostring(element, encoding="unicode"), text=text)
    return [block, *pictures]


def _capitals_lead(text: str) -> list | None:
    """A heading in capitals that opens a paragraph, and the rest of it when long."""
    match = CAPITALS_LEAD.match(text)
    if not match:
        return None
    rest = match["rest"].strip()
    if len(rest) <= HEADING_MAX_CHARS - len(match["lead"]):
        return [Heading(text, 2, reason="capitals")]
    return [
        Heading(match["lead"].strip(), 2, reason="capitals"),
        Text(html=f"<p>{escape(rest)}</p>", text=rest),
    ]


def _styled_heading(text: str, level: int) -> Heading:
    match = NUMBERED.match(text) or SECTION_WORD.match(text)
    if match:
        return Heading(match["title"].strip(), level, match["number"], written=text)
    return Heading(text, level)


def _unstyled_heading(element, text: str, following) -> Heading | None:
    if len(text) > HEADING_MAX_CHARS or text.endswith((".", ",", ";")):
        return None
    if match := NUMBERED.match(text) or SECTION_WORD.match(text):
        title = match["title"].strip()
        if title[:1].isupper() or title[:1].isdigit():
            level = match["number"].count(".") + 1
            return Heading(title, level, match["number"], "numbered", written=text)
    letters = [character for character in text if character.isalpha()]
    if len(letters) >= 3 and all(character.isupper() for character in letters):
        return Heading(text, 2, reason="capitals")
    bold = "".join(_text(part) for part in element.iter("strong", "b"))
    if bold and bold.strip() == text:
        return Heading(text, 2, reason="bold")
    if _is_short_line(text) and _is_longer(following, text):
        return Heading(text, 3, reason="short line")
    return None


def _is_short_line(text: str) -> bool:
    return (
        text[:1].isupper()
        and len(text.split()) <= SHORT_LINE_MAX_WORDS
        and not text.endswith((":", "?", "!"))
    )


def _is_longer(following, text: str) -> bool:
    """Whether what follows a short line is the body it heads, not another short line."""
    if following is None:
        return False
    if following.tag in {"table", "ul", "ol"}:
        return True
    return len(_text(following)) > 2 * len(text)


def _table(element) -> Table:
    """The table's rows of cell texts, one per column: a cell spanning columns is repeated
    in each; a cell merged down several rows (rowspan) leaves its column empty in the rows
    below, as Word shows it, so that the cells after it stay in their own columns."""
    rows = []
    covered: dict[int, int] = {}  # column → rows still covered by a merged cell above
    for row in element.iter("tr"):
        if _nearest_table(row) is not element:
            continue  # a row of a table inside a cell: read into that cell's text
        line: list[str] = []
        for cell in (cell for cell in row if cell.tag in {"td", "th"}):
            _skip_covered(line, covered)
            text = "\n".join(part for paragraph in _cell_lines(cell) if (part := paragraph.strip()))
            down = _span(cell, "rowspan")
            for _ in range(min(_span(cell, "colspan"), MAX_COLUMNS)):
                if down > 1:
                    covered[len(line)] = down - 1
                line.append(text)
        _skip_covered(line, covered)
        rows.append(line)
    return Table(rows=rows)


def _skip_covered(line: list[str], covered: dict[int, int]) -> None:
    while covered.get(len(line), 0) > 0:
        covered[len(line)] -= 1
        line.append("")


def _span(cell, name: str) -> int:
    try:
        return max(1, int(cell.get(name, "1") or 1))
    except ValueError:
        return 1


def _nearest_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cell_lines(cell) -> list[str]:
    blocks = [child for child in cell if child.tag in {"p", "ul", "ol", "table"}]
    if not blocks:
        return [_text(cell)]
    return [_table_text(child) if child.tag == "table" else _text(child) for child in blocks]


def _table_text(table) -> str:
    return " ".join(text for cell in table.iter("td", "th") if (text := _text(cell)))


def _picture(image) -> Picture | None:
    source = image.get("src", "")
    match = re.match(r"^data:(image/[\w.+-]+);base64,(.*)$", source, re.S)
    if not match:
        return None  # a linked picture: never fetched (package.py counts them)
    return Picture(match[1], base64.b64decode(match[2]), image.get("alt", "").strip())


def _text(element) -> str:
    return " ".join(element.text_content().split())
