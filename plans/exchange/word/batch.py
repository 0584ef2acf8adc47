"""Several Word plans at once: the files a person chose, or a .zip of them, read as one entry
per file, each a checked Word package (package.open_package) or the reason it is not one;
and for each file the service it is most likely the plan of.

A zip is checked as a whole before any of it is read: what it really is, how many entries
and how many Word files it holds, how much they unpack to and how far each is compressed
(zip bombs). Then its Word files are read one at a time into memory, never extracted by
their names: a name inside a zip is only shown (its last part), so "../../x.docx" can write
nowhere. Entries that are not Word files are listed with the reason; a zip inside the zip
is not opened; folders, Mac "__MACOSX/" copies and Word's "~$" lock files are passed over
without a word, as a person who zipped a folder would expect.
"""

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePosixPath

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from plans.exchange.word.package import (
    CONTENT_TYPES,
    MAX_UPLOAD_BYTES,
    WordFileError,
    WordPackage,
    open_package,
)
from plans.exchange.word.sections import similarity

# One council's plans fit well within these; a zip past them is refused whole.
MAX_FILES = 60
MAX_ENTRIES = 1000  # everything in one zip, folders and other files included
MAX_BATCH_BYTES = 500 * 1024 * 1024  # what a batch's Word files unpack to, together
# A Word file is itself compressed, so a zip packs it hardly at all: an entry that unpacks
# to this many times its packed size, past 1 MB, is a bomb.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024
# A file is proposed for a service when its name or first line is at least this alike.
PROPOSED_FROM = 0.4

WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
IGNORED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
TOO_MUCH = (
    "The zip file unpacks to far more than {files} plans could hold, so it was not read. "
    "Zip the Word files again, or upload them as they are."
)


@dataclass
class BatchFile:
    """One file of a batch: its name as the person knows it, and either the checked Word
    package with the first line of its text, or why it cannot be read."""

    name: str
    package: WordPackage | None = None
    reason: str = ""
    title: str = ""


@dataclass
class Batch:
    """The checked uploads, read file by file so that only one is in memory at a time."""

    sources: list[tuple[str, Callable[[], bytes] | None, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sources)

    def files(self) -> Iterator[BatchFile]:
        for name, read, reason in self.sources:
            if read is None:
                yield BatchFile(name, reason=reason)
                continue
            try:
                package = open_package(read())
            except WordFileError as error:
                yield BatchFile(name, reason=str(error))
            else:
                yield BatchFile(name, package, title=first_line(package.data))


def is_zip_of_files(upload) -> bool:
    """A zip that is not itself a Word package (a .docx is a zip too): a folder zipped."""
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        upload.seek(0)
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return CONTENT_TYPES not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def open_batch(uploads: list) -> Batch:
    """The uploads as a batch: each a Word file, or a zip of them opened here; WordFileError
    when the whole upload must be refused."""
    if sum(upload.size for upload in uploads) > MAX_BATCH_BYTES:
        raise WordFileError(
            f"The files are larger than {MAX_BATCH_BYTES // (1024 * 1024)} MB together: bring "
            "them in a few at a time."
        )
    batch = Batch()
    for upload in uploads:
        if is_zip_of_files(upload):
            batch.sources += _zip_sources(upload)
        elif upload.size > MAX_UPLOAD_BYTES:
            batch.sources.append((_shown(upload.name), None, _too_large()))
        else:
            batch.sources.append((_shown(upload.name), upload.read, ""))
    readable = [source for source in batch.sources if source[1] is not None]
    if len(readable) > MAX_FILES:
        raise WordFileError(
            f"There are {len(readable)} Word files: bring in at most {MAX_FILES} at once."
        )
    if not batch.sources:
        raise WordFileError("The zip file holds no Word files (.docx).")
    if not readable:
        name, _, reason = batch.sources[0]
        others = len(batch.sources) - 1
        more = f" (And {others} other{'s' if others > 1 else ''}.)" if others else ""
        raise WordFileError(f"None of its files can be brought in. {name}: {reason}{more}")
    return batch


def _zip_sources(upload) -> list:
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WordFileError("The zip file is damaged and cannot be read.") from error
    if len(entries) > MAX_ENTRIES:
        raise WordFileError(
            f"The zip file holds more than {MAX_ENTRIES} files and folders. Zip only the "
            "folder of the plans' Word files."
        )
    words = [entry for entry in entries if _kind(entry) == "word"]
    if sum(entry.file_size for entry in words) > MAX_BATCH_BYTES or any(
        entry.file_size > RATIO_CHECKED_FROM
        and entry.file_size / max(entry.compress_size, 1) > MAX_RATIO
        for entry in entries
    ):
        raise WordFileError(TOO_MUCH.format(files=MAX_FILES))
    sources = []
    for entry in entries:
        kind = _kind(entry)
        name = _shown(entry.filename)
        if kind == "ignored":
            continue
        if kind == "word":
            sources.append(_entry_source(archive, entry, name))
        elif kind == "zip":
            reason = "A zip inside the zip is not opened: put its Word files in this zip."
            sources.append((name, None, reason))
        else:
            reason = f"Not a Word file ({kind}): only Word files (.docx) are read."
            sources.append((name, None, reason))
    return sources


def _kind(entry: zipfile.ZipInfo) -> str:
    """What an entry of a zip is, by its name: "ignored", "word", "zip" or its extension."""
    path = PurePosixPath(entry.filename.replace("\\", "/"))
    base = path.name.lower()
    if (
        entry.is_dir()
        or "__MACOSX" in path.parts
        or base.startswith(("~$", "."))
        or base in IGNORED_NAMES
    ):
        return "ignored"
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return "word"
    if suffix == ".zip":
        return "zip"
    return suffix or "no extension"


def _entry_source(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> tuple:
    if entry.flag_bits & 0x1:
        return (name, None, "The file is protected by a password in the zip: zip it without one.")
    if entry.file_size > MAX_UPLOAD_BYTES:
        return (name, None, _too_large())

    def read() -> bytes:
        try:
            with archive.open(entry) as opened:
                data = opened.read(MAX_UPLOAD_BYTES + 1)
        except (zipfile.BadZipFile, NotImplementedError, OSError, RuntimeError) as error:
            raise WordFileError(
                "The file is damaged in the zip and cannot be read. Zip it again."
            ) from error
        if len(data) > MAX_UPLOAD_BYTES:  # more than the zip said: never read past the limit
            raise WordFileError(_too_large())
        return data

    return (name, read, "")


def _too_large() -> str:
    return (
        f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Make the pictures "
        "in it smaller, or remove them, and try again."
    )


def _shown(name: str) -> str:
    """The last part of a name, for showing only: never a path to write to."""
    return (PurePosixPath(name.replace("\\", "/")).name or "unnamed")[:100]


def first_line(data: bytes) -> str:
    """The first paragraph of the document with text in it: most plans start with their
    title ("Customer Services Service Plan 2024/25")."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as package, package.open("word/document.xml") as xml:
            for _event, element in iterparse(xml, forbid_dtd=True):
                if element.tag == f"{WORD_NS}p":
                    text = "".join(t.text or "" for t in element.iter(f"{WORD_NS}t")).strip()
                    if text:
                        return " ".join(text.split())[:200]
                    element.clear()
    except (KeyError, zipfile.BadZipFile, OSError, SyntaxError, DefusedXmlException):
        return ""
    return ""


def propose_services(files: list[tuple[str, str]], services: list[tuple[int, str]]) -> list:
    """For each (file name, first line), the pk of the service whose name is most alike, or
    None. Best pairs first, each service to one file only: two files for one service is an
    error the person would otherwise have to undo."""
    scored = sorted(
        (
            (max(similarity(_words_of(name), service), similarity(title, service)), i, pk)
            for i, (name, title) in enumerate(files)
            for pk, service in services
        ),
        key=lambda score: -score[0],
    )
    proposed: list = [None] * len(files)
    taken = set()
    for score, index, pk in scored:
        if score < PROPOSED_FROM:
            break
        if proposed[index] is None and pk not in taken:
            proposed[index] = pk
            taken.add(pk)
    return proposed


def _words_of(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9&]+", " ", PurePosixPath(name).stem)
