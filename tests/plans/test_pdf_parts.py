"""A plan's download rendered in parts by the web process and its helper, then joined: it
must be the same document as the plan rendered whole (plans/pdf_parts.py)."""

import io
import logging
from concurrent.futures import Future

import pikepdf
import pytest
from django.urls import reverse
from pypdf import PdfReader

from council.models import User
from plans import pdf, pdf_helper, pdf_parts
from plans.document import plan_document, plan_queryset


@pytest.fixture
def helper(settings):
    settings.PDF_HELPER = True
    pdf_helper.wait_until_ready()


def render(plan) -> pdf.RenderResult:
    return pdf.plan_pdf_render(plan_document(plan_queryset().get(pk=plan.pk)))


def page_words(data: bytes) -> list[list[str]]:
    """Each page's words, sorted: a joined page draws its number last."""
    reader = PdfReader(io.BytesIO(data))
    return [sorted((page.extract_text() or "").split()) for page in reader.pages]


# --- Where to cut and who renders what ------------------------------------------------------


def test_cuts_only_where_the_orientation_changes():
    sections = ["<p>a</p>", "<p>b</p>", '<table class="app-wide-table">', "<p>c</p>", "<p>d</p>"]
    assert pdf_parts.cut_points(sections) == [2, 3]


def test_no_split_without_a_cut_or_when_it_would_not_save_time():
    assert pdf_parts.best_split([50_000, 50_000], []) is None
    # A tiny section apart costs another render's start for nothing.
    assert pdf_parts.best_split([100_000, 100], [1]) is None


def test_split_evens_out_the_two_sides():
    costs = [10_000, 10_000, 60_000, 10_000, 10_000]
    split = pdf_parts.best_split(costs, [1, 2, 3, 4])
    # The big run goes one way, the rest the other.
    assert split.helper == [range(2, 3)]
    assert split.here == [range(0, 2), range(3, 5)]


# --- The joined PDF is the whole plan's ---------------------------------------------------


def test_parts_give_the_same_pages_links_and_outline_as_the_whole(helper, demo, settings):
    in_parts = render(demo)
    settings.PDF_HELPER = False
    whole = render(demo)

    assert in_parts.parts > 1 and whole.parts == 1
    # Page for page the same words: same breaks, same running header and footer.
    assert page_words(in_parts.pdf) == page_words(whole.pdf)
    marks = outline(in_parts.pdf)
    assert marks == outline(whole.pdf)
    # One bookmark a printed section (a section with nothing in it is left out of both),
    # at its section's level (1.1 under 1).
    printed = pdf.printed_document(plan_document(demo)).sections
    assert [depth for _, _, depth in marks] == [item.section.level for item in printed]
    assert 2 in [depth for _, _, depth in marks]
    with pikepdf.open(io.BytesIO(in_parts.pdf)) as joined:
        # Each contents link leads to the page its section starts on.
        destinations = pikepdf.NameTree(joined.Root.Names.Dests)
        # (An entry's words and its page number are two boxes: a link rectangle each.)
        names = dict.fromkeys(str(link.Dest) for link in joined.pages[1].obj.Annots)
        pages = [page_index(joined, destinations[name][0]) for name in names]
        assert pages == [start for _title, start, _depth in marks]
        # One Document element, as in the whole plan, holding every section.
        document = joined.Root.StructTreeRoot.K[0]
        assert document.S == "/Document"
        assert sum(1 for kid in document.K if kid.get("/S") == "/Sect") >= len(marks)


def page_index(document, page) -> int:
    return document.pages.index(pikepdf.Page(page))


def outline(data: bytes) -> list[tuple[str, int, int]]:
    """(title, page index, depth) of each bookmark, a bookmark's children after it."""
    with pikepdf.open(io.BytesIO(data)) as document, document.open_outline() as tree:

        def walk(items, depth):
            for item in items:
                yield item.title, page_index(document, item.destination[0]), depth
                yield from walk(item.children, depth + 1)

        return list(walk(tree.root, 1))


def test_the_download_uses_the_helper(helper, demo, client, monkeypatch):
    joined = []
    real = pdf_parts.join_parts
    monkeypatch.setattr(pdf_parts, "join_parts", lambda *a: joined.append(1) or real(*a))
    client.force_login(User.objects.get(username="clerk"))

    response = client.get(reverse("plans:plan_pdf", args=[demo.pk]))

    assert response.status_code == 200
    assert joined == [1]
    assert response.content.startswith(b"%PDF-")


# --- When the helper cannot help ----------------------------------------------------------


def test_a_busy_helper_leaves_the_download_to_the_web_process(helper, demo):
    with pdf_helper.reserve() as first:
        assert first is not None
        with pdf_helper.reserve() as second:
            assert second is None
        assert render(demo).parts == 1


def test_a_helper_that_dies_is_replaced_and_its_parts_rendered_here(helper, demo, caplog):
    for process in pdf_helper._pool._processes.values():
        process.kill()

    with caplog.at_level(logging.ERROR, logger="plans.pdf_helper"):
        result = render(demo)

    assert "PDF helper failed" in caplog.text
    assert result.parts > 1  # rendered in parts all the same, all of them here
    assert "Page 1 of" in PdfReader(io.BytesIO(result.pdf)).pages[0].extract_text()
    pdf_helper.wait_until_ready()  # a new one starts
    assert render(demo).parts > 1


def test_a_part_that_cannot_be_rendered_fails_the_download():
    failed = Future()
    failed.set_exception(pdf.PdfRenderError("The PDF could not be made."))
    helper = pdf_helper.Helper(pool=None)
    helper._future = failed

    with pytest.raises(pdf.PdfRenderError):
        helper.results()


def test_a_cut_that_does_not_turn_the_page_falls_back_to_the_whole_plan(
    helper, demo, monkeypatch, caplog
):
    # Sections 1 and 2 share a page: a cut between them would add a page break.
    monkeypatch.setattr(pdf_parts, "cut_points", lambda sections: [1])
    monkeypatch.setattr(pdf_parts, "WORTH_CUTTING", 10)

    with caplog.at_level(logging.WARNING, logger="plans.pdf_parts"):
        result = render(demo)

    assert result.parts == 1
    assert "did not start a new page" in caplog.text


def test_parts_that_cannot_be_joined_fall_back_to_the_whole_plan(helper, demo, monkeypatch, caplog):
    def broken(front, parts):
        raise ValueError("damaged part")

    monkeypatch.setattr(pdf_parts, "join_parts", broken)

    with caplog.at_level(logging.ERROR, logger="plans.pdf_parts"):
        result = render(demo)

    assert result.parts == 1 and result.pdf.startswith(b"%PDF-")
    assert "Joining a plan's parts failed" in caplog.text
