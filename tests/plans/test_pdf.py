"""The plan PDF: its content, its structure (PDF/UA-1), the DRAFT mark, what it refuses."""

import io
import logging
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from council.demo import load_council_demo
from council.models import User
from council.templatetags.formatting import money_plain
from kpis.demo import load_kpis_demo
from plans.demo import load_plans_demo
from plans.document import plan_document, plan_queryset
from plans.models import Action, OrgChart, Plan
from plans.pdf.fetcher import BASE_URL, RefusedURL, safe_url_fetcher, staticfiles_storage
from plans.pdf.plan import plan_pdf_bytes, plan_pdf_render, printed_document
from plans.pdf.render import RenderResult, compact_html, render_pdf
from risks.demo import load_risks_demo
from risks.models import Risk

HOSTNAME = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""


def pdf_text(data: bytes) -> str:
    """All the text of a PDF with runs of whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def flat(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


@pytest.fixture
def demo(db):
    """The demo council and its customer services plan, with every table filled, and the
    service's indicators and risks."""
    council = load_council_demo()
    plan = load_plans_demo(council)[0]
    load_kpis_demo(council)
    load_risks_demo(council)
    return plan_queryset().get(pk=plan.pk)


def printed_sections(plan: Plan) -> list:
    """The sections the PDF prints: all but those with nothing in them (a draft's version
    control, with no version yet), which it leaves out (tests/plans/test_pdf_content.py)."""
    return [item.section for item in printed_document(plan_document(plan)).sections]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def add_org_chart(plan: Plan, alt_text="The manager leads two team managers.") -> OrgChart:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), "white").save(buffer, format="PNG")
    chart = OrgChart(plan=plan, alt_text=alt_text, uploaded_at=timezone.now(), width=120, height=60)
    chart.image.save("chart.png", ContentFile(buffer.getvalue()), save=False)
    chart.width, chart.height = 120, 60  # reading them back from a ContentFile gives None
    chart.save()
    return chart


@pytest.fixture
def render():
    """Renders a plan as its download does."""

    def render_plan(plan: Plan) -> RenderResult:
        return plan_pdf_render(plan_document(plan_queryset().get(pk=plan.pk)))

    return render_plan


# --- Content ------------------------------------------------------------------------------


def test_demo_plan_pdf_has_every_section_title_and_a_value_from_every_table(demo, client):
    client.force_login(User.objects.get(username="clerk"))

    response = client.get(reverse("plans:plan_pdf", args=[demo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "customer-services-service-plan" in response["Content-Disposition"]
    text = pdf_text(response.content)
    printed = printed_sections(demo)
    for section in printed:
        assert flat(f"{section.number} {section.title}") in text
    # The one section with nothing in it: a draft has no published version yet.
    assert [s.title for s in demo.sections.all() if s not in printed] == ["Version control"]
    assert "Version control" not in text
    # A value from every table of the plan.
    line = demo.budgetlines.get(category="revenue")
    assert money_plain(line.amounts.get(year=2026).amount) in text  # 1,615,700
    assert "Total revenue expenditure" in text
    assert money_plain(demo.budgetlines.get(category="savings").amounts.first().amount) in text
    bid = demo.growthbids.first()
    assert flat(bid.details)[:30] in text
    assert demo.singlepointoffailures.first().post in text
    assert demo.skillrequirements.first().job_title in text
    assert flat(demo.prioritycontributions.first().contribution)[:30] in text
    contract = demo.contracts.first()
    assert contract.title[:20] in text
    assert money_plain(contract.value) in text
    assert flat(demo.carboninitiatives.first().initiative)[:30] in text
    assert demo.forwardplanitems.first().item[:20] in text
    assert demo.keycontacts.first().name in text
    # Rich text of a narrative section, including a table inside it.
    assert "Council tax and business rates collection" in text
    indicator = demo.service.indicators.get(code="CS01")
    assert f"CS01 {indicator.title}" in text
    assert "On target" in text or "Near target" in text or "Off target" in text
    risk = Risk.objects.filter(service=demo.service).first()
    assert flat(risk.title)[:30] in text
    assert "Heat map" in text
    action = Action.objects.filter(objective__plan=demo).first()
    assert flat(action.title)[:30] in text


def test_cover_running_header_and_footer(render, demo):
    result = render(demo)

    reader = PdfReader(io.BytesIO(result.pdf))
    first, second = (page.extract_text() for page in reader.pages[:2])
    assert "Oakhurst District Council" in first
    assert demo.period_label in first
    assert "CS/SP/2026" in first  # the version / reference
    assert f"Page 1 of {result.pages}" in flat(first)
    assert "OFFICIAL" in first  # the council's protective marking
    # From page 2 on, the running header names the council and the plan.
    assert "Oakhurst District Council" in second
    assert demo.title in flat(second)
    assert f"Page 2 of {result.pages}" in flat(second)


def test_contents_lists_every_section_with_its_page_number(render, demo):
    result = render(demo)
    reader = PdfReader(io.BytesIO(result.pdf))
    contents = flat(reader.pages[1].extract_text())

    for section in printed_sections(demo):
        title = flat(f"{section.number} {section.title}")
        # The page the contents gives is the page the section's heading is on.
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\b", contents)
        assert match, title
        page = reader.pages[int(match.group(1)) - 1]
        assert title in flat(page.extract_text())


def test_a4_portrait_with_wide_tables_on_landscape_pages(render, demo):
    reader = PdfReader(io.BytesIO(render(demo).pdf))

    sizes = [(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages]
    assert sizes[0] == (595, 842)
    landscape = [i for i, size in enumerate(sizes) if size == (842, 595)]
    assert landscape
    landscape_text = flat(" ".join(reader.pages[i].extract_text() for i in landscape))
    assert "Growth bids" in landscape_text
    assert "Title of agreement" in landscape_text
    assert sizes[-1] == (595, 842)  # back to portrait after the wide tables


def test_a_text_table_of_many_columns_is_printed_landscape_and_whole(render, demo):
    # A Word plan's growth bids table, brought in as text, has 14 columns: on a portrait
    # page its last columns were cut off at the page's edge.
    header = "".join(f"<th>Year {n} £</th>" for n in range(1, 15))
    cells = "".join(f"<td>{n},400</td>" for n in range(1, 15))
    section = demo.sections.order_by("position").first()
    section.body_after = f"<table><tr>{header}</tr><tr>{cells}</tr></table>"
    section.save()
    reader = PdfReader(io.BytesIO(render(demo).pdf))

    page = next(p for p in reader.pages if "Year 14" in p.extract_text())
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)
    assert "13,400 14,400" in flat(page.extract_text())


def test_draft_mark_on_every_page_of_a_draft(render, demo):
    reader = PdfReader(io.BytesIO(render(demo).pdf))

    assert all("DRAFT" in page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("status", [Plan.Status.APPROVED, Plan.Status.PUBLISHED])
def test_no_draft_mark_once_approved(render, demo, status):
    Plan.objects.filter(pk=demo.pk).update(status=status)

    text = pdf_text(render(demo).pdf)

    assert "DRAFT" not in text
    assert "Page 1 of" in text


# --- Structure: PDF/UA-1, PDF/A --------------------------------------------------------------


def struct_roles(node, roles=None) -> list[str]:
    roles = [] if roles is None else roles
    if isinstance(node, pikepdf.Array):
        for child in node:
            struct_roles(child, roles)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        roles.append(str(node.S))
        if "/K" in node:
            struct_roles(node.K, roles)
    return roles


def test_pdf_is_tagged_with_title_language_headings_and_outline(render, demo):
    data = render(demo).pdf

    with pikepdf.open(io.BytesIO(data)) as document:
        root = document.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en-GB"
        assert str(document.docinfo.Title) == demo.title
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with document.open_metadata() as meta:
            assert "pdfuaid:part" in str(meta) or meta.get("pdfuaid:part") == "1"
        roles = struct_roles(root.StructTreeRoot.K)
        assert roles.count("/H1") == 1
        assert "/H2" in roles and "/H3" in roles
        assert roles.index("/H1") < roles.index("/H2") < roles.index("/H3")
        assert "/TH" in roles and "/Table" in roles
        with document.open_outline() as outline:
            titles = [item.title for item in outline.root]
            parts = {item.title: [c.title for c in item.children] for item in outline.root}
    # Sections at the top of the outline, their parts (1.1) under them.
    printed = printed_sections(demo)
    assert titles == [flat(f"{s.number} {s.title}") for s in printed if s.level == 1]
    assert parts["1 Service overview"] == [
        "1.1 Council vision and values",
        "1.2 Service purpose and core functions",
    ]


def figure_alts(data: bytes) -> list[str]:
    """The alternative text of every Figure in the PDF's structure tree."""
    alts = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if str(node.S) == "/Figure" and "/Alt" in node:
                alts.append(str(node.Alt))
            if "/K" in node:
                walk(node.K)

    with pikepdf.open(io.BytesIO(data)) as document:
        walk(document.Root.StructTreeRoot.K)
    return alts


def test_org_chart_is_embedded_with_its_alt_text(render, demo, media):
    add_org_chart(demo, alt_text="The Customer Services Manager leads two team managers.")

    result = render(demo)

    assert result.refused == []
    with pikepdf.open(io.BytesIO(result.pdf)) as document:
        assert [page for page in document.pages if page.get_images()], "the org chart is in"
    assert "The Customer Services Manager leads two team managers." in figure_alts(result.pdf)


def test_each_indicator_with_results_has_a_trend_chart_with_alt_text(render, demo):
    table = next(item.part for item in plan_document(demo).sections if item.section.kind == "kpis")
    charted = table.charted_rows
    assert charted and all(row.latest for row in charted)

    result = render(demo)

    assert result.refused == []
    alts = figure_alts(result.pdf)
    for row in charted:
        indicator = row.indicator
        alt = next(a for a in alts if a.startswith(f"{indicator.code} {indicator.title}"))
        latest = row.trend.alt.split("latest ")[1].split(" ")[0]
        assert f"latest {latest}" in alt
    text = pdf_text(result.pdf)
    assert "Trends" in text
    assert f"{charted[0].indicator.code} {flat(charted[0].indicator.title)}" in text


def test_archival_pdf_is_pdf_a_3a_and_tagged(demo):
    data = plan_pdf_bytes(Plan.objects.get(pk=demo.pk), archival=True)

    with pikepdf.open(io.BytesIO(data)) as document:
        with document.open_metadata() as meta:
            assert meta.pdfa_status == "3A"
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "en-GB"


def test_plan_pdf_bytes_loads_the_plan_itself(demo):
    data = plan_pdf_bytes(Plan.objects.get(pk=demo.pk))

    assert data.startswith(b"%PDF-")
    assert "1 Service overview" in pdf_text(data)


# --- The URL fetcher ---------------------------------------------------------------------------


class CountingHandler(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802 (http.server's name)
        CountingHandler.hits += 1
        self.send_response(302)
        self.send_header("Location", "file:///etc/hostname")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    """A local HTTP server that redirects anything to /etc/hostname, counting requests."""
    CountingHandler.hits = 0
    server = HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


HOSTILE = {
    "file": '<img src="file:///etc/hostname" alt="">',
    "relative to base_url": '<img src="/etc/hostname" alt="">',
    "traversal": '<img src="/static/../../../../etc/hostname" alt="">',
    "encoded traversal": '<img src="/static/pdf/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/hostname" alt="">',
    "https": '<img src="https://example.com/logo.png" alt="">',
    "ftp": '<img src="ftp://example.com/logo.png" alt="">',
    "attachment": '<link rel="attachment" href="file:///etc/hostname">',
    "attachment link": '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "css import": "<style>@import url('file:///etc/hostname');</style>",
    "css url": "<style>body { background: url('/etc/hostname'); }</style>",
    "stylesheet elsewhere": '<link rel="stylesheet" href="file:///etc/hostname">',
    "media file": '<img src="/media/org-charts/plan-1/chart.png" alt="">',
}


@pytest.mark.parametrize("name", HOSTILE)
def test_fetcher_refuses(name, db, caplog):
    html = f"<!DOCTYPE html><html lang='en-GB'><head><title>t</title></head><body><p>Start</p>{HOSTILE[name]}</body></html>"

    with caplog.at_level(logging.WARNING, logger="plans.pdf"):
        result = render_pdf(html)

    assert result.refused, f"{name} was not asked for"
    assert "refused to fetch" in caplog.text
    text = pdf_text(result.pdf)
    assert "Start" in text
    if HOSTNAME:
        assert HOSTNAME not in text
    with pikepdf.open(io.BytesIO(result.pdf)) as document:
        assert len(document.attachments) == 0
        assert "/EmbeddedFiles" not in document.Root.get("/Names", {})


def test_fetcher_refuses_http_and_redirects_without_any_request(db, local_server):
    html = (
        "<!DOCTYPE html><html lang='en-GB'><head><title>t</title>"
        f"<link rel='stylesheet' href='{local_server}/style.css'></head>"
        f"<body><p>Start</p><img src='{local_server}/redirect' alt=''></body></html>"
    )

    result = render_pdf(html)

    assert f"{local_server}/redirect" in result.refused
    assert f"{local_server}/style.css" in result.refused
    assert CountingHandler.hits == 0


def test_fetcher_reads_our_static_files_and_data_uris(db):
    fetcher = safe_url_fetcher()

    css = fetcher.fetch(BASE_URL + "static/pdf/plan.css")
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")

    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    assert data.read() == b"hello"


def test_fetcher_serves_only_the_allowed_org_chart(demo, media):
    chart = add_org_chart(demo)

    with pytest.raises(RefusedURL):
        safe_url_fetcher().fetch(BASE_URL + "org-chart.png")
    allowed = safe_url_fetcher(org_chart=chart).fetch(BASE_URL + "org-chart.png")
    assert allowed.read().startswith(b"\x89PNG")


def test_user_text_cannot_reach_files_through_the_plan(render, demo):
    # Narrative text is sanitised on save; even if hostile HTML got into the database,
    # the fetcher stops it.
    section = demo.sections.get(kind="narrative", number="1")
    section.body = '<p>Overview</p><img src="file:///etc/hostname" alt="x"><link rel="attachment" href="file:///etc/hostname">'
    section.save()

    result = render(demo)

    assert "file:///etc/hostname" in result.refused
    if HOSTNAME:
        assert HOSTNAME not in pdf_text(result.pdf)
    with pikepdf.open(io.BytesIO(result.pdf)) as document:
        assert len(document.attachments) == 0


# --- The view: permissions and failure ----------------------------------------------------


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(reverse("plans:plan_pdf", args=[world.plan.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["officer", "manager", "clerk", "lead"])
def test_anyone_who_can_read_the_plan_gets_its_pdf(world, client_for, who):
    response = client_for(getattr(world, who)).get(reverse("plans:plan_pdf", args=[world.plan.pk]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert world.plan.title in pdf_text(response.content)


@pytest.mark.parametrize("who", ["officer_b", "foreign_officer"])
def test_plan_out_of_scope_is_404(world, client_for, who):
    response = client_for(getattr(world, who)).get(reverse("plans:plan_pdf", args=[world.plan.pk]))

    assert response.status_code == 404


def test_post_is_not_allowed(world, client_for):
    response = client_for(world.clerk).post(reverse("plans:plan_pdf", args=[world.plan.pk]))

    assert response.status_code == 405


def test_failed_render_shows_error_page_and_logs(world, client_for, monkeypatch, caplog):
    import weasyprint

    def broken(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)

    with caplog.at_level(logging.ERROR, logger="plans.pdf"):
        response = client_for(world.clerk).get(reverse("plans:plan_pdf", args=[world.plan.pk]))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "Sorry, the PDF could not be made" in response.content.decode()
    assert "PDF render failed" in caplog.text
    assert "layout exploded" in caplog.text


def test_plan_page_links_to_the_pdf(world, client_for):
    response = client_for(world.clerk).get(world.plan.get_absolute_url())

    assert reverse("plans:plan_pdf", args=[world.plan.pk]) in response.content.decode()


def test_pdf_view_queries_do_not_grow_with_rows(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(User.objects.get(username="clerk"))
    url = reverse("plans:plan_pdf", args=[demo.pk])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    for index in range(30):
        demo.keycontacts.create(name=f"Contact {index}", position=100 + index)
        line = demo.budgetlines.create(category="revenue", description=f"Line {index}")
        line.amounts.create(year=demo.first_year, amount=index)
    assert count() == before
    assert before <= 47  # with the kept-PDF lookup first: the plan alone and its tokens


# --- Print HTML ---------------------------------------------------------------------------


def test_compact_html_drops_white_space_only_next_to_block_tags():
    html = (
        "<body>\n  <section>\n    <h2>Budget </h2>\n    <p>Net <strong>£1</strong> <em>m</em></p>\n"
        "  <table>\n <tr> <td> 5 </td>\n </tr></table>\n</section>\n</body>"
    )

    assert compact_html(html) == (
        "<body><section><h2>Budget</h2><p>Net <strong>£1</strong> <em>m</em></p>"
        "<table><tr><td>5</td></tr></table></section></body>"
    )
    # Words in attributes and text that only look like tags are not touched.
    assert compact_html('<p title="a  b">x &lt;p&gt; y</p>') == '<p title="a  b">x &lt;p&gt; y</p>'


def test_fetcher_refuses_a_static_path_on_another_host(db):
    # The same path the test above reads from our own host: only the host differs.
    fetcher = safe_url_fetcher()

    with pytest.raises(RefusedURL, match="only the project's own files"):
        fetcher.fetch("https://attacker.example/static/pdf/plan.css")
    assert fetcher.refused == ["https://attacker.example/static/pdf/plan.css"]


def test_fetcher_refuses_a_symlink_in_the_static_root_that_leads_out(db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    secret = tmp_path / "secret.css"
    secret.write_text("the contents of a file outside the static folders")
    (settings.STATIC_ROOT / "leak.css").symlink_to(secret)
    assert staticfiles_storage.exists("leak.css")  # the storage would serve it

    with pytest.raises(RefusedURL, match="outside the static folders"):
        safe_url_fetcher().fetch(BASE_URL + "static/leak.css")
