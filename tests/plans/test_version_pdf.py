"""A published version's archival PDF: its print HTML frozen under the publishing lock, the
PDF made from it after the commit (by the worker), 'being prepared' until it is stored."""

import io

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from plans import snapshot
from plans.models import OrgChart, PlanVersion
from plans.pdf.fetcher import ORG_CHART_PATH
from plans.pdf.render import PdfRenderError
from plans.services.editing import section_save
from plans.services.review import plan_publish
from plans.tasks import version_pdf_make
from tests.plans.helpers import FAKE_VERSION_PDF, fake_version_pdfs
from tests.plans.test_pdf import pdf_text
from tests.plans.test_review import approved_plan


def publish(world, django_capture_on_commit_callbacks):
    section = world.plan.sections.get(title="Service overview")
    section_save(
        section=section,
        expected_version=section.version,
        user=world.officer,
        body="<p>We answer the council's calls.</p>",
    )
    plan = approved_plan(world)
    with django_capture_on_commit_callbacks() as callbacks:
        version = plan_publish(plan=plan, user=world.manager, reason="Approved")
    return plan, version, callbacks


def version_url(version, name="version_pdf"):
    return reverse(f"plans:{name}", args=[version.plan_id, version.number])


def test_publishing_freezes_the_print_html_and_renders_nothing_under_the_lock(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    renders = []
    monkeypatch.setattr(snapshot, "archival_pdf", lambda html: renders.append(html) or b"%PDF-")
    plan, version, callbacks = publish(world, django_capture_on_commit_callbacks)
    assert renders == [] and not version.pdf
    assert "We answer the council" in version.print_html
    assert len(callbacks) == 1

    callbacks[0]()  # the commit: the worker's task runs (immediately, in tests)
    version.refresh_from_db()
    assert renders == [version.print_html]
    assert version.pdf.read() == b"%PDF-" and len(version.pdf_sha256) == 64


def test_the_pdf_shows_the_plan_as_published_though_it_changed_before_the_render(
    world, django_capture_on_commit_callbacks
):
    plan, version, callbacks = publish(world, django_capture_on_commit_callbacks)
    # A second after publication, before the worker gets to it, the service is renamed.
    world.service.name = "Renamed Service"
    world.service.save()
    for callback in callbacks:
        callback()
    version.refresh_from_db()
    text = pdf_text(version.pdf.read())
    assert "Customer Services service plan" in text
    assert "Renamed Service" not in text
    assert "We answer the council's calls." in text


def test_the_download_says_it_is_being_prepared_until_the_pdf_is_stored(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    fake_version_pdfs(monkeypatch, at_once=False)
    plan, version, callbacks = publish(world, django_capture_on_commit_callbacks)
    clerk = client_for(world.clerk)
    response = clerk.get(version_url(version))
    assert response.status_code == 202 and response["Retry-After"] == "10"
    page = response.content.decode()
    assert "The PDF of version 1 is being prepared" in page
    assert version_url(version, "version_detail") in page
    # The plan's own PDF link leads there too.
    response = clerk.get(reverse("plans:plan_pdf", args=[plan.pk]))
    assert response.status_code == 302 and response["Location"] == version_url(version)

    for callback in callbacks:
        callback()
    response = clerk.get(version_url(version))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_VERSION_PDF


def test_with_no_worker_the_download_makes_the_pdf_once_the_wait_is_over(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch, settings
):
    fake_version_pdfs(monkeypatch, at_once=False)
    plan, version, _ = publish(world, django_capture_on_commit_callbacks)  # nothing runs it
    settings.VERSION_PDF_WAIT = 0
    response = client_for(world.clerk).get(version_url(version))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_VERSION_PDF
    assert PlanVersion.objects.get(pk=version.pk).pdf


def test_a_pdf_that_cannot_be_made_is_an_error_page_never_a_broken_file(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch, settings
):
    def fails(html):
        raise PdfRenderError("The PDF could not be made.")

    monkeypatch.setattr(snapshot, "archival_pdf", fails)
    plan, version, callbacks = publish(world, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()  # the worker's attempt fails and is logged
    assert not PlanVersion.objects.get(pk=version.pk).pdf
    settings.VERSION_PDF_WAIT = 0
    response = client_for(world.clerk).get(version_url(version))
    assert response.status_code == 500
    assert "Sorry, the PDF could not be made" in response.content.decode()


def test_the_version_pdf_is_made_once_and_a_lost_version_is_no_error(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    fake_version_pdfs(monkeypatch, at_once=False)
    plan, version, _ = publish(world, django_capture_on_commit_callbacks)
    assert snapshot.make_version_pdf(version) is True
    stored = version.pdf.name
    assert snapshot.make_version_pdf(PlanVersion.objects.get(pk=version.pk)) is False
    version_pdf_make.enqueue(version.pk)
    assert PlanVersion.objects.get(pk=version.pk).pdf.name == stored
    version_pdf_make.enqueue(version.pk + 1000)  # deleted meanwhile: nothing to do


def test_only_readers_of_the_plan_get_the_version_or_its_waiting_page(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    fake_version_pdfs(monkeypatch, at_once=False)
    plan, version, _ = publish(world, django_capture_on_commit_callbacks)
    assert client_for(world.officer_b).get(version_url(version)).status_code == 404
    assert client_for(world.officer).get(version_url(version)).status_code == 202
    wrong = reverse("plans:version_pdf", args=[plan.pk, 2])
    assert client_for(world.clerk).get(wrong).status_code == 404


def test_a_stored_version_is_served_in_a_fixed_number_of_queries(
    world,
    client_for,
    django_capture_on_commit_callbacks,
    monkeypatch,
    django_assert_max_num_queries,
):
    fake_version_pdfs(monkeypatch, at_once=False)
    plan, version, callbacks = publish(world, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()
    clerk = client_for(world.clerk)
    with django_assert_max_num_queries(8):
        response = clerk.get(version_url(version))
    assert response.status_code == 200


def test_the_print_html_inlines_the_org_chart_so_a_later_upload_never_shows(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    fake_version_pdfs(monkeypatch, at_once=False)
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(png, format="PNG")
    chart = OrgChart(plan=world.plan, alt_text="Team structure", uploaded_at=timezone.now())
    chart.image.save("chart.png", ContentFile(png.getvalue()), save=False)
    chart.width, chart.height = 40, 30
    chart.save()
    plan, version, _ = publish(world, django_capture_on_commit_callbacks)
    assert "data:image/png;base64," in version.print_html
    assert ORG_CHART_PATH not in version.print_html
