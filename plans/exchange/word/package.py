"""Opening a Word file safely, before anything reads its contents.

An upload is checked for what it really is, whatever its name says: a .docx is a zip
package whose main part is a word-processing document. Refused, each with what to do:
an old .doc or a password-protected file (both OLE compound files), a PDF, any other zip
(an Excel workbook, a folder), a macro-enabled document, and packages that would unpack to
more than the limits below (zip bombs), and documents too long to read within a page's time
(MAX_DOCUMENT_BYTES: the document's own XML is read whole on every preview). Links to files outside the package (a linked
picture, a remote template) are never fetched: the preview says how many were left out.
"""

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from defusedxml import DefusedXmlException, ElementTree

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_PARTS = 5000
# A part that unpacks to more than this many times its packed size, past 10 MB, is a bomb:
# Word's own XML packs about 10 to 1, pictures about 1 to 1.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 10 * 1024 * 1024

# Word's XML of the document itself. Reading it takes about a second a megabyte, and the
# preview reads it on each request, which must end well inside the web server's timeout
# (gunicorn's 30 s); a plan of a few hundred pages is well under it.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
CONTENT_TYPES = "[Content_Types].xml"
TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
WORD_TEMPLATE_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
)

SAVE_AS_DOCX = "Open it in Word and save it as a Word Document (.docx)"


class WordFileError(ValueError):
    """The upload cannot be read as a Word plan; the message says why and what to do."""


@dataclass
class WordPackage:
    """A checked .docx: its bytes, and what the preview must tell the person about it."""

    data: bytes
    notes: list[str] = field(default_factory=list)


def open_package(data: bytes) -> WordPackage:
    """The upload as a checked Word package, or WordFileError saying why it is not one."""
    if not data:
        raise WordFileError("The file is empty. Choose the Word file (.docx) of the plan.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise WordFileError(
            f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. "
            "Make the pictures in it smaller, or remove them, and try again."
        )
    _refuse_other_formats(data)
    try:
        package = zipfile.ZipFile(BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WordFileError(f"The file is damaged and cannot be read. {SAVE_AS_DOCX}.") from error
    _refuse_bombs(parts)
    names = {part.filename for part in parts}
    _refuse_other_packages(package, names)
    _refuse_long_documents(package, parts)
    return WordPackage(data, notes=_notes(package, names))


def _refuse_other_formats(data: bytes) -> None:
    if data.startswith(OLE_SIGNATURE):
        raise WordFileError(
            "This is an older Word file (.doc) or a file protected by a password, which "
            f"cannot be read. {SAVE_AS_DOCX}, without a password, and try again."
        )
    if data.startswith(b"%PDF"):
        raise WordFileError(
            "This is a PDF. Choose the Word file (.docx) that the plan was written in."
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise WordFileError(f"This is not a Word file (.docx). {SAVE_AS_DOCX}.")


def _refuse_bombs(parts: list[zipfile.ZipInfo]) -> None:
    too_big = WordFileError(
        "The file unpacks to far more than a plan could hold, so it was not read. "
        f"{SAVE_AS_DOCX} again, or ask your administrator to look at it."
    )
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise too_big
    for part in parts:
        packed = max(part.compress_size, 1)
        if part.file_size > RATIO_CHECKED_FROM and part.file_size / packed > MAX_RATIO:
            raise too_big


def _refuse_other_packages(package: zipfile.ZipFile, names: set[str]) -> None:
    if CONTENT_TYPES not in names:
        raise WordFileError(f"This is a zip file, not a Word file (.docx). {SAVE_AS_DOCX}.")
    types = {
        element.get("ContentType")
        for element in _xml(package, CONTENT_TYPES).iter(f"{TYPES_NS}Override")
    }
    if WORD_MACRO_MAIN in types or "word/vbaProject.bin" in names:
        raise WordFileError(
            "This Word file contains macros (.docm), which are not accepted. "
            f"{SAVE_AS_DOCX}, without macros, and try again."
        )
    if WORD_MAIN not in types and WORD_TEMPLATE_MAIN not in types:
        raise WordFileError(
            "This is not a Word document: it may be a spreadsheet or a presentation. "
            "Choose the Word file (.docx) of the plan."
        )


def _refuse_long_documents(package: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    main = {
        element.get("PartName", "").lstrip("/")
        for element in _xml(package, CONTENT_TYPES).iter(f"{TYPES_NS}Override")
        if element.get("ContentType") in (WORD_MAIN, WORD_TEMPLATE_MAIN)
    }
    size = sum(part.file_size for part in parts if part.filename in main)
    if size > MAX_DOCUMENT_BYTES:
        raise WordFileError(
            "This document is too long to bring in as one plan: Word keeps its text in "
            f"{size / (1024 * 1024):.1f} MB, and at most {MAX_DOCUMENT_BYTES // (1024 * 1024)} "
            "MB (a plan of a few hundred pages) can be read at once. Bring the plan in "
            "without its appendices, or as one file for each service."
        )


def _notes(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    notes = []
    linked = sum(
        1
        for name in names
        if name.startswith("word/_rels/") and name.endswith(".rels")
        for relationship in _xml(package, name).iter(f"{RELATIONSHIPS_NS}Relationship")
        if relationship.get("TargetMode") == "External"
        and not relationship.get("Type", "").endswith("/hyperlink")
    )
    if linked:
        notes.append(
            f"{linked} linked {'file was' if linked == 1 else 'files were'} left out (a "
            "picture or template kept outside the document): only what is inside the file "
            "is read."
        )
    document = package.read("word/document.xml") if "word/document.xml" in names else b""
    if b"<w:ins " in document or b"<w:del " in document:
        notes.append(
            "The document has tracked changes: it is read as if every change were accepted."
        )
    if "word/comments.xml" in names:
        notes.append("Comments in the document are left out.")
    return notes


def _xml(package: zipfile.ZipFile, name: str):
    try:
        return ElementTree.fromstring(package.read(name))
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise WordFileError(
            f"Part of the file ({name}) is damaged and cannot be read. {SAVE_AS_DOCX}."
        ) from error
