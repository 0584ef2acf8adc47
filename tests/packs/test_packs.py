"""Quarterly performance packs: the form, the task path and its states, files, permissions."""

import datetime as dt
import errno
import io
import re
import time
from unittest import mock

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from packs import services as packs
from packs.models import PackChapter, PackJob, PackStatus
from packs.tasks import packs_tidy
from plans.models import Plan, SectionKind
from plans.pdf.render import PdfRenderError
from tests import factories

URL = reverse("packs:create")


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def ask(client, **data):
    return client.post(URL, {"quarter": "2026-2", "scope": "all", **data})


# --- The form ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_officers_cannot_make_packs(world, client_for):
    response = client_for(world.officer).get(URL)

    assert response.status_code == 403


def test_clerk_sees_the_form_with_every_service(world, client_for):
    response = client_for(world.clerk).get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Make a quarterly performance pack" in page
    for service in (world.service, world.sibling_service, world.other_service):
        assert service.name in page
    assert "Q2 2026/27" in page


def test_manager_is_offered_only_their_directorate(world, client_for):
    response = client_for(world.manager).get(URL)

    page = response.content.decode()
    assert world.service.name in page
    assert world.sibling_service.name in page
    assert world.other_service.name not in page


def test_dashboard_links_to_packs_for_clerks_only(world, client_for, client):
    clerk_page = client_for(world.clerk).get(reverse("dashboard")).content.decode()
    client.logout()
    officer_page = client_for(world.officer).get(reverse("dashboard")).content.decode()

    assert URL in clerk_page
    assert URL not in officer_page


def test_chosen_services_required(world, client_for):
    response = ask(client_for(world.clerk), scope="services")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one service" in page
    assert "<title>Error: " in page
    assert PackJob.objects.count() == 0


def test_directorate_required(world, client_for):
    response = ask(client_for(world.clerk), scope="directorate")

    assert "Select a directorate" in response.content.decode()
    assert PackJob.objects.count() == 0


def test_services_outside_scope_are_refused_by_the_form(world, client_for):
    response = ask(client_for(world.manager), scope="services", services=[world.other_service.pk])

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select services from the list only" in page
    assert re.search(r'value="services"\s+checked', page)  # the answer is kept
    assert PackJob.objects.count() == 0


def test_services_outside_scope_are_refused_by_the_service(world):
    with pytest.raises(ValidationError) as error:
        packs.pack_request(
            user=world.manager,
            year=2026,
            quarter=2,
            services=[world.service, world.other_service],
            scope_label="Chosen",
        )

    assert error.value.message_dict == {
        "services": ["You can only make packs of services you can see"]
    }
    assert PackJob.objects.count() == 0


# --- The task path -------------------------------------------------------------------------


def test_clerk_pack_of_all_services_is_made_and_downloaded(world, client_for):
    client = client_for(world.clerk)

    response = ask(client)

    job = PackJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == PackStatus.DONE
    assert (job.services_done, job.services_total) == (3, 3)
    assert job.scope_label == "All services"
    assert job.file.name.endswith("performance-pack-2026-q2.pdf")
    assert not any(c.file for c in job.chapters.all())  # chapter files are cleaned up

    detail = client.get(job.get_absolute_url())
    assert "Your pack is ready" in detail.content.decode()
    assert "Refresh" not in detail
    download = client.get(reverse("packs:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    data = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == job.pages
    text = text_of(data)
    assert "Quarterly performance pack Q2 2026/27" in text
    assert "Summary: Plans and budgets" in text
    assert world.plan.title in text
    assert world.other_plan.title in text
    assert "No plan covers 2026/27" in text  # Waste has no plan
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == ["Summary", "1. Customer Services", "3. Revenues"]
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == "Testshire District Council: performance pack Q2 2026/27"


def test_summary_contents_gives_each_chapters_first_page(world):
    job = packs.pack_request(
        user=world.clerk,
        year=2026,
        quarter=1,
        services=[world.service, world.other_service],
        scope_label="Chosen",
    )
    job.refresh_from_db()
    reader = PdfReader(job.file.open("rb"))

    contents = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    match = re.search(r"2 Revenues Resources (\d+)", contents)
    assert match
    first_page = reader.pages[int(match.group(1)) - 1].extract_text()
    assert world.other_plan.title in re.sub(r"\s+", " ", first_page)


def test_pages_are_numbered_across_the_whole_pack_once(world):
    job = packs.pack_request(
        user=world.clerk,
        year=2026,
        quarter=1,
        services=[world.service, world.other_service],
        scope_label="Chosen",
    )
    job.refresh_from_db()
    reader = PdfReader(job.file.open("rb"))
    total = len(reader.pages)

    for number, page in enumerate(reader.pages, start=1):
        numbers = re.findall(r"Page (\d+) of (\d+)", re.sub(r"\s+", " ", page.extract_text()))
        # One number per page, the pack's own: chapters do not restart at 1.
        assert numbers == [(str(number), str(total))], (number, numbers)
    # Drawn as an artifact over the tagged page: the structure tree is unchanged by it.
    with pikepdf.open(job.file.open("rb")) as document:
        assert "/StructTreeRoot" in document.Root
        page = document.pages[-1]
        page.contents_coalesce()  # the number is drawn by streams added around the page's own
        content = page.Contents.read_bytes()
        assert b"/Artifact BMC" in content and b"Do Q EMC" in content


def test_directorate_pack_has_only_that_directorates_services(world, client_for):
    ask(client_for(world.manager), scope="directorate", directorate=world.directorate.pk)

    job = PackJob.objects.get()
    assert job.status == PackStatus.DONE
    assert [c.service for c in job.chapters.all()] == [world.service, world.sibling_service]
    assert job.scope_label == "Services of Community"


def test_chapter_uses_the_plan_covering_the_quarters_year(world):
    later = Plan.objects.create(service=world.other_service, first_year=2027, last_year=2027)

    chosen = packs.current_plans([world.service, world.other_service], 2027)

    assert chosen == {world.service.pk: world.plan, world.other_service.pk: later}


def test_progress_moves_through_running_to_done(world, monkeypatch):
    seen = []
    render = packs.chapter_render

    def watch(chapter):
        job = PackJob.objects.get(pk=chapter.job_id)
        seen.append((job.status, job.services_done))
        render(chapter)

    monkeypatch.setattr(packs, "chapter_render", watch)

    job = packs.pack_request(
        user=world.clerk,
        year=2026,
        quarter=3,
        services=[world.service, world.sibling_service, world.other_service],
        scope_label="All services",
    )

    job.refresh_from_db()
    assert seen == [("running", 0), ("running", 1), ("running", 2)]
    assert (job.status, job.services_done, job.percent_done) == ("done", 3, 100)
    assert job.started_at <= job.finished_at


def test_queued_and_running_packs_refresh_themselves(world, client_for):
    job = PackJob.objects.create(
        council=world.council,
        requested_by=world.clerk,
        year=2026,
        quarter=2,
        scope_label="All services",
        status=PackStatus.RUNNING,
        services_total=4,
        services_done=1,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    PackChapter.objects.create(job=job, position=1, service=world.service)

    response = client_for(world.clerk).get(job.get_absolute_url())

    page = response.content.decode()
    assert response["Refresh"] == "3"
    assert "1 of 4 services done (25%)" in page
    assert "refresh the page" in page
    assert reverse("packs:download", args=[job.pk]) not in page
    assert client_for(world.clerk).get(reverse("packs:download", args=[job.pk])).status_code == 404


def test_a_chapter_that_cannot_be_printed_fails_the_pack(world, client_for, monkeypatch):
    real = packs.plan_pdf_render

    def fail_revenues(document, **kwargs):
        if document.plan.service_id == world.other_service.pk:
            raise PdfRenderError("The PDF could not be made.")
        return real(document, **kwargs)

    monkeypatch.setattr(packs, "plan_pdf_render", fail_revenues)
    client = client_for(world.clerk)

    ask(client)

    job = PackJob.objects.get()
    assert job.status == PackStatus.FAILED
    assert "the plan of Revenues could not be printed" in job.message
    assert not job.file
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The pack could not be made" in page
    assert "the plan of Revenues could not be printed" in page
    assert client.get(reverse("packs:download", args=[job.pk])).status_code == 404


def test_a_failed_stitch_fails_the_pack(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(packs, "summary_render", broken)

    job = packs.pack_request(
        user=world.clerk, year=2026, quarter=2, services=[world.service], scope_label="x"
    )

    job.refresh_from_db()
    assert job.status == PackStatus.FAILED
    assert "the summary or the final file could not be made" in job.message


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("stage", ["chapter", "stitch"])
def test_a_pack_failed_by_a_full_disk_says_so_and_blames_no_service(
    world, client_for, monkeypatch, stage
):
    """Storing a chapter or the final file fails for want of space: the clerk is told that
    the server is out of space, not that a service's plan went wrong."""
    storage = PackChapter._meta.get_field("file").storage
    real_save = storage._save

    def save(name, content):
        if stage == "chapter" or not name.split("/")[-1].startswith("chapter-"):
            full_disk()
        return real_save(name, content)

    monkeypatch.setattr(storage, "_save", save)
    client = client_for(world.clerk)

    ask(client)

    job = PackJob.objects.get()
    assert job.status == PackStatus.FAILED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "the server ran out of space to store the pack" in page
    assert "went wrong with" not in job.message
    assert "Customer Services" not in job.message


def test_a_pack_whose_worker_died_is_shown_as_failed(world, client_for):
    long_ago = timezone.now() - dt.timedelta(minutes=20)
    job = PackJob.objects.create(
        council=world.council,
        requested_by=world.clerk,
        year=2026,
        quarter=2,
        scope_label="All services",
        status=PackStatus.RUNNING,
        services_total=2,
        services_done=1,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )

    response = client_for(world.clerk).get(job.get_absolute_url())

    job.refresh_from_db()
    assert job.status == PackStatus.FAILED
    assert job.message == packs.STALE_MESSAGE
    assert "the process making it stopped responding" in response.content.decode()
    assert "Refresh" not in response


def running_job(world, *, heartbeat):
    job = PackJob.objects.create(
        council=world.council,
        requested_by=world.clerk,
        year=2026,
        quarter=2,
        scope_label="All services",
        status=PackStatus.RUNNING,
        services_total=2,
        started_at=heartbeat,
        heartbeat_at=heartbeat,
    )
    return job


def test_a_chapter_whose_lease_lapsed_fails_the_pack_before_the_job_timeout(world, settings):
    settings.PACK_LEASE_SECONDS = 150
    now = timezone.now()
    lost = running_job(world, heartbeat=now - dt.timedelta(minutes=3))
    PackChapter.objects.create(
        job=lost, position=1, service=world.service, heartbeat_at=now - dt.timedelta(minutes=3)
    )
    alive = running_job(world, heartbeat=now - dt.timedelta(minutes=3))
    PackChapter.objects.create(
        job=alive, position=1, service=world.service, heartbeat_at=now - dt.timedelta(minutes=2)
    )
    # A chapter still waiting for a worker holds no lease: queues can be long.
    waiting = running_job(world, heartbeat=now - dt.timedelta(minutes=10))
    PackChapter.objects.create(job=waiting, position=1, service=world.service)

    assert packs.pack_mark_stale(now=now) == 1

    statuses = dict(PackJob.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: "failed", alive.pk: "running", waiting.pk: "running"}


def test_the_lease_is_renewed_while_a_chapter_renders(world, settings, transactional_db):
    settings.PACK_HEARTBEAT_SECONDS = 0.05
    job = running_job(world, heartbeat=timezone.now() - dt.timedelta(minutes=10))
    chapter = PackChapter.objects.create(job=job, position=1, service=world.service)
    beats = []

    with packs.chapter_lease(chapter):
        deadline = timezone.now() + dt.timedelta(seconds=30)
        while len(set(beats)) < 3 and timezone.now() < deadline:
            beats.append(PackChapter.objects.get(pk=chapter.pk).heartbeat_at)
            time.sleep(0.01)

    job.refresh_from_db()
    assert len(set(beats)) >= 3  # renewed over and over, not only at the start
    assert job.heartbeat_at >= max(beats) - dt.timedelta(seconds=1)


def test_a_pack_whose_finishing_lease_lapsed_fails_before_the_job_timeout(world, settings):
    settings.PACK_LEASE_SECONDS = 150
    now = timezone.now()
    three_minutes_ago = now - dt.timedelta(minutes=3)
    lost = running_job(world, heartbeat=three_minutes_ago)
    PackJob.objects.filter(pk=lost.pk).update(finishing_at=three_minutes_ago)
    alive = running_job(world, heartbeat=three_minutes_ago)
    PackJob.objects.filter(pk=alive.pk).update(finishing_at=now - dt.timedelta(minutes=1))

    assert packs.pack_mark_stale(now=now) == 1

    lost.refresh_from_db()
    assert (lost.status, lost.message) == (PackStatus.FAILED, packs.STALE_MESSAGE)
    assert PackJob.objects.get(pk=alive.pk).status == PackStatus.RUNNING


def test_the_finishing_lease_is_renewed_while_the_file_is_made(world, settings, transactional_db):
    settings.PACK_HEARTBEAT_SECONDS = 0.05
    job = running_job(world, heartbeat=timezone.now() - dt.timedelta(minutes=10))
    beats = []

    with packs.job_lease(job):
        deadline = timezone.now() + dt.timedelta(seconds=30)
        while len(set(beats)) < 3 and timezone.now() < deadline:
            beats.append(PackJob.objects.get(pk=job.pk).finishing_at)
            time.sleep(0.01)

    assert len({beat for beat in beats if beat}) >= 3


def test_a_pack_no_worker_took_is_failed_but_a_recent_one_waits(world):
    now = timezone.now()
    old = PackJob.objects.create(
        council=world.council, requested_by=world.clerk, year=2026, quarter=2, scope_label="a"
    )
    recent = PackJob.objects.create(
        council=world.council, requested_by=world.clerk, year=2026, quarter=2, scope_label="b"
    )
    PackJob.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(hours=3))

    assert packs.pack_mark_stale(now=now) == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == PackStatus.FAILED
    assert old.message == packs.QUEUE_MESSAGE
    assert recent.status == PackStatus.QUEUED


def test_purge_deletes_packs_past_retention(world, settings):
    settings.PACK_RETENTION_DAYS = 30
    old = packs.pack_request(
        user=world.clerk, year=2026, quarter=2, services=[world.service], scope_label="old"
    )
    new = packs.pack_request(
        user=world.clerk, year=2026, quarter=3, services=[world.service], scope_label="new"
    )
    old.refresh_from_db()
    old_file = old.file.path
    PackJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    out = io.StringIO()

    call_command("purge_packs", stdout=out)

    assert "1 pack older than 30 days deleted" in out.getvalue()
    assert list(PackJob.objects.all()) == [new]
    assert not __import__("os").path.exists(old_file)
    new.refresh_from_db()
    assert new.file.storage.exists(new.file.name)


def test_the_daily_task_deletes_packs_past_retention(world, settings):
    """packs_tidy, queued daily by the scheduler, does what purge_packs does."""
    settings.PACK_RETENTION_DAYS = 30
    old = packs.pack_request(
        user=world.clerk, year=2026, quarter=2, services=[world.service], scope_label="old"
    )
    PackJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    assert packs_tidy.enqueue().status == TaskResultStatus.SUCCESSFUL
    assert not PackJob.objects.exists()


# --- Whose packs ---------------------------------------------------------------------------


def test_someone_elses_pack_is_404(world, client_for):
    job = packs.pack_request(
        user=world.clerk, year=2026, quarter=2, services=[world.service], scope_label="x"
    )
    client = client_for(world.lead)

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("packs:download", args=[job.pk])).status_code == 404


def test_pack_with_a_service_the_user_can_no_longer_see_is_404(world, client_for):
    job = packs.pack_request(
        user=world.manager, year=2026, quarter=2, services=[world.service], scope_label="x"
    )
    world.manager.roles.all().delete()
    # A new role elsewhere: the manager can no longer see Customer Services.
    world.manager.roles.create(name="manager", directorate=world.other_directorate)
    client = client_for(world.manager)

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("packs:download", args=[job.pk])).status_code == 404


def test_pack_stays_tagged_with_every_chapters_structure(world):
    import pikepdf

    # Something in the first two sections: a section with nothing in it is not printed.
    world.plan.sections.filter(kind=SectionKind.NARRATIVE).update(body="<p>We answer.</p>")
    factories.BudgetLineFactory(plan=world.plan)
    job = packs.pack_request(
        user=world.clerk,
        year=2026,
        quarter=2,
        services=[world.service, world.other_service],
        scope_label="Chosen",
    )
    job.refresh_from_db()

    with pikepdf.open(job.file.open("rb")) as document:
        root = document.Root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en-GB"
        assert str(document.docinfo.Title).endswith("performance pack Q2 2026/27")
        pages = {page.obj.objgen for page in document.pages}
        roles, orphans = [], []

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                roles.append(str(node.S))
                if "/Pg" in node and node.Pg.objgen not in pages:
                    orphans.append(node)
                if "/K" in node:
                    walk(node.K)

        walk(root.StructTreeRoot.K)
        # The summary and two chapters, each a Part with its own title heading.
        assert roles.count("/Part") == 3
        assert roles.count("/H1") == 3
        assert orphans == []
        keys = [key for key, _ in pikepdf.NumberTree(root.StructTreeRoot.ParentTree).items()]
        structparents = [int(page.obj.StructParents) for page in document.pages]
        assert len(set(structparents)) == len(structparents)
        assert set(structparents) <= set(keys)
        with document.open_outline() as outline:
            top = [item.title for item in outline.root]
            chapter = outline.root[1]
            assert [child.title for child in chapter.children][:2] == [
                "1 Service overview",
                "2 Budget",
            ]
    assert top == ["Summary", "1. Customer Services", "2. Revenues"]


def test_summary_keeps_facts_not_the_plans_rows(world):
    job = packs.pack_request(
        user=world.clerk,
        year=2026,
        quarter=1,
        services=[world.service, world.other_service],
        scope_label="Chosen",
    )

    pack = packs.pack_context(job)

    assert set(pack.facts) == {world.plan.pk, world.other_plan.pk}
    for facts in pack.facts.values():
        # The plan's tables were read for the totals and then let go.
        assert not facts.plan._prefetched_objects_cache
        assert facts.sections and set(facts.budget) == {"revenue", "income", "savings"}


@pytest.mark.parametrize(
    "today, chosen",
    [
        (dt.date(2026, 8, 14), "2026-1"),  # in Q2 2026/27: Q1 has ended
        (dt.date(2026, 4, 2), "2025-4"),  # in Q1: last year's Q4
        (dt.date(2027, 1, 1), "2026-3"),
    ],
)
def test_the_pack_form_offers_the_last_complete_quarter(world, client_for, today, chosen):
    with mock.patch("packs.forms.timezone.localdate", return_value=today):
        page = client_for(world.clerk).get(URL).content.decode()

    assert f'<option value="{chosen}" selected>' in page
