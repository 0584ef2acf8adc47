"""Reading several Word files, or a .zip of them, as a batch (plans/exchange/word/batch.py):
what is read, what is listed with a reason, what is passed over, what refuses the whole zip;
and which service each file is proposed for."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.exchange.word import batch
from plans.exchange.word.batch import first_line, open_batch, propose_services
from plans.exchange.word.package import WordFileError
from tests.plans.test_word_reading import SEEDS, docx, paragraph

THREE_RIVERS = "three-rivers-customer-services-2021-24.docx"


def seed(name: str = THREE_RIVERS) -> bytes:
    return (SEEDS / name).read_bytes()


def zipped(entries: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read(data: bytes, name: str = "plans.zip") -> list:
    return list(open_batch([SimpleUploadedFile(name, data)]).files())


def refusal(data: bytes) -> str:
    with pytest.raises(WordFileError) as error:
        open_batch([SimpleUploadedFile("plans.zip", data)])
    return str(error.value)


def test_a_zip_of_the_three_seeds_is_three_word_files_with_their_first_lines():
    files = read(zipped({path.name: path.read_bytes() for path in sorted(SEEDS.glob("*.docx"))}))
    assert [(file.name, file.reason) for file in files] == [
        ("east-cambs-customer-services-2015-16.docx", ""),
        ("spelthorne-customer-services-2024-25.docx", ""),
        (THREE_RIVERS, ""),
    ]
    assert all(file.package.data == (SEEDS / file.name).read_bytes() for file in files)
    assert [file.title for file in files] == [
        "Customer services – Service Delivery Plan 2015-2016",
        "CUSTOMER SERVICES SERVICE PLAN 2024/25",
        "CUSTOMER SERVICES CENTRE SERVICE PLAN 2021 - 2024",
    ]


def test_several_uploads_are_read_one_by_one_whatever_their_names_say():
    uploads = [
        SimpleUploadedFile("a.docx", seed()),
        SimpleUploadedFile("b.docx", b"%PDF-1.7 ..."),
    ]
    files = list(open_batch(uploads).files())
    assert files[0].name == "a.docx" and files[0].package is not None
    assert files[1].package is None and files[1].reason.startswith("This is a PDF")


def test_entries_that_are_not_word_files_are_listed_with_the_reason():
    files = read(
        zipped(
            {
                "plans/report.pdf": b"%PDF-1.7 ...",
                "plans/old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                "plans/renamed.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                "plans/more.zip": zipped({"x.docx": seed()}),
                "plans/README": b"hello",
                "plans/good.docx": seed(),
            }
        )
    )
    reasons = {file.name: file.reason for file in files}
    assert reasons["report.pdf"] == "Not a Word file (.pdf): only Word files (.docx) are read."
    assert reasons["old.doc"] == "Not a Word file (.doc): only Word files (.docx) are read."
    assert reasons["renamed.docx"].startswith("This is an older Word file (.doc)")
    assert reasons["more.zip"] == (
        "A zip inside the zip is not opened: put its Word files in this zip."
    )
    assert reasons["README"] == "Not a Word file (no extension): only Word files (.docx) are read."
    assert reasons["good.docx"] == ""


def test_folders_mac_copies_and_word_lock_files_are_passed_over_without_a_word():
    files = read(
        zipped(
            {
                "plans/": b"",
                "__MACOSX/plans/._good.docx": b"\0\5\26\7",
                "plans/~$good.docx": b"\0" * 162,
                "plans/.DS_Store": b"\0" * 20,
                "plans/Thumbs.db": b"\0" * 20,
                "plans/good.docx": seed(),
            }
        )
    )
    assert [file.name for file in files] == ["good.docx"]


def test_a_name_inside_the_zip_is_shown_by_its_last_part_only():
    files = read(
        zipped({"../../evil.docx": seed(), "/etc/abs.docx": seed(), "..\\..\\win.docx": seed()})
    )
    assert [(file.name, file.reason) for file in files] == [
        ("evil.docx", ""),
        ("abs.docx", ""),
        ("win.docx", ""),
    ]


def test_a_damaged_word_file_in_the_zip_is_listed_and_the_others_go_on():
    files = read(zipped({"bad.docx": b"PK\x03\x04 not really", "good.docx": seed()}))
    assert files[0].reason.startswith("The file is damaged and cannot be read.")
    assert files[1].package is not None


def test_an_entry_protected_by_a_password_is_listed():
    data = bytearray(zipped({"good.docx": seed(), "locked.docx": b"scrambled"}))
    # Python writes no encrypted zips: mark the entry's directory record as one.
    record = data.rindex(b"PK\x01\x02")
    data[record + 8] |= 0x1
    reasons = [file.reason for file in read(bytes(data))]
    assert reasons == ["", "The file is protected by a password in the zip: zip it without one."]


def test_a_zip_bomb_is_refused_whole():
    bomb = zipped({"bomb.docx": b"\0" * (30 * 1024 * 1024), "good.docx": seed()})
    assert len(bomb) < 200_000
    assert refusal(bomb).startswith("The zip file unpacks to far more than 60 plans could hold")


def test_word_files_unpacking_to_more_than_a_batch_may_are_refused_whole(monkeypatch):
    monkeypatch.setattr(batch, "MAX_BATCH_BYTES", 30_000)
    message = refusal(zipped({"a.docx": b"\0" * 20_000, "b.docx": b"\0" * 20_000}))
    assert message.startswith("The zip file unpacks to far more")


def test_uploads_larger_than_a_batch_may_be_together_are_refused(monkeypatch):
    monkeypatch.setattr(batch, "MAX_BATCH_BYTES", 30_000)
    uploads = [SimpleUploadedFile("a.docx", seed()), SimpleUploadedFile("b.docx", seed())]
    with pytest.raises(WordFileError, match="The files are larger than 0 MB together"):
        open_batch(uploads)


def test_an_entry_larger_than_a_word_file_may_be_is_listed(monkeypatch):
    monkeypatch.setattr(batch, "MAX_UPLOAD_BYTES", 20_000)
    big = seed("east-cambs-customer-services-2015-16.docx")
    files = read(zipped({"big.docx": big, "small.docx": seed()}))
    assert files[0].reason.startswith("The file is larger than 0 MB")
    assert files[1].reason == ""


def test_more_than_sixty_word_files_are_refused_whole():
    small = docx(paragraph("Overview"))
    message = refusal(zipped({f"plan-{n}.docx": small for n in range(61)}))
    assert message == "There are 61 Word files: bring in at most 60 at once."


def test_sixty_word_files_are_read():
    small = docx(paragraph("Overview"))
    assert len(read(zipped({f"plan-{n}.docx": small for n in range(60)}))) == 60


def test_too_many_entries_of_any_kind_are_refused_whole(monkeypatch):
    monkeypatch.setattr(batch, "MAX_ENTRIES", 5)
    message = refusal(zipped({f"note-{n}.txt": b"x" for n in range(6)}))
    assert message.startswith("The zip file holds more than 5 files and folders.")


@pytest.mark.parametrize("entries", [{}, {"plans/": b"", "__MACOSX/._x.docx": b"x"}])
def test_a_zip_with_no_files_is_refused(entries):
    assert refusal(zipped(entries)) == "The zip file holds no Word files (.docx)."


def test_a_zip_with_no_word_file_that_can_be_read_is_refused_with_the_first_reason():
    assert refusal(zipped({"notes.txt": b"x", "b.pdf": b"%PDF"})) == (
        "None of its files can be brought in. notes.txt: Not a Word file (.txt): only Word "
        "files (.docx) are read. (And 1 other.)"
    )


def test_a_word_file_is_not_taken_for_a_zip_of_files():
    upload = SimpleUploadedFile("plans.zip", seed())
    assert not batch.is_zip_of_files(upload)
    assert upload.read(4) == b"PK\x03\x04"  # read from the start again


def test_the_first_line_of_a_document_without_text_is_empty():
    assert first_line(docx("")) == ""
    assert first_line(b"not a zip") == ""


SERVICES = [(1, "Customer Services"), (2, "Revenues and Benefits"), (3, "Waste"), (4, "Planning")]


def test_each_file_is_proposed_the_service_most_like_its_name_or_first_line():
    files = [
        ("three-rivers-customer-services-2021-24.docx", "SERVICE PLAN 2021 - 2024"),
        ("plan-2.docx", "Waste and Recycling Service Plan 2024/25"),
        ("revenues_2024.docx", ""),
        ("appendix.docx", "Contents"),
    ]
    assert propose_services(files, SERVICES) == [1, 3, 2, None]


def test_a_service_is_proposed_for_one_file_only_the_likeliest():
    files = [
        ("customer-services-and-complaints-2021.docx", "Plan"),
        ("customer-services.docx", "Customer Services"),
    ]
    assert propose_services(files, SERVICES) == [None, 1]
