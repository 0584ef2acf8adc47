"""A plan's PDF is kept under its change tokens (plans/pdf/store.py): a second download of an
unchanged plan is served from storage, and any change to what the PDF shows makes a new one."""

from django.urls import reverse

from plans.models import SectionKind
from plans.pdf import store as pdf_store
from tests import factories
from tests.plans.test_pdf import pdf_text


def download(client, plan) -> bytes:
    response = client.get(reverse("plans:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def kept_files(plan, settings) -> list[str]:
    folder = settings.MEDIA_ROOT / pdf_store.FOLDER / f"plan-{plan.pk}"
    return sorted(path.name for path in folder.glob("*.pdf")) if folder.exists() else []


def test_an_unchanged_plan_is_served_as_kept_without_loading_it(
    client_for, world, settings, django_assert_max_num_queries
):
    client = client_for(world.clerk)
    first = download(client, world.plan)
    assert len(kept_files(world.plan, settings)) == 1
    with django_assert_max_num_queries(8):  # session, user, roles, plan, tokens: no rows
        again = download(client, world.plan)
    assert again == first


def test_a_change_makes_a_new_pdf_and_the_old_one_goes(client_for, world, settings):
    client = client_for(world.clerk)
    download(client, world.plan)
    before = kept_files(world.plan, settings)
    factories.KeyContactFactory(plan=world.plan, name="Dana Price")
    text = pdf_text(download(client, world.plan))
    assert "Dana Price" in text
    after = kept_files(world.plan, settings)
    assert len(after) == 1 and after != before


def test_a_change_to_the_service_s_indicators_shows_at_once(client_for, world):
    client = client_for(world.clerk)
    factories.SectionFactory(plan=world.plan, kind=SectionKind.KPIS, title="Indicators")
    factories.IndicatorFactory(service=world.service, title="Calls answered")
    assert "Calls answered" in pdf_text(download(client, world.plan))
    factories.IndicatorFactory(service=world.service, title="Complaints closed")
    assert "Complaints closed" in pdf_text(download(client, world.plan))


def test_a_kept_pdf_that_cannot_be_stored_is_still_downloaded(client_for, world, settings):
    settings.MEDIA_ROOT = "/proc/no-such-place"  # not writable: keeping fails, quietly
    assert pdf_text(download(client_for(world.clerk), world.plan))


def test_another_council_s_plan_is_not_found(client_for, world):
    url = reverse("plans:plan_pdf", args=[world.plan.pk])
    assert client_for(world.foreign_officer).get(url).status_code == 404


def test_clearing_the_page_cache_deletes_the_kept_pdfs_too(client_for, world, settings):
    from io import StringIO

    from django.core.management import call_command

    download(client_for(world.clerk), world.plan)
    out = StringIO()
    call_command("clear_page_cache", stdout=out)
    assert "deleted 1 kept plan PDFs" in out.getvalue()
    assert kept_files(world.plan, settings) == []


def test_a_change_makes_the_pdf_before_anyone_asks_once_per_transaction(
    client_for, world, settings, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    settings.PDF_RENDER_AHEAD = True
    made = []
    original = pdf_store.make_if_missing

    def counting(plan):
        made.append(plan.pk)
        return original(plan)

    from unittest import mock

    with (
        mock.patch.object(pdf_store, "make_if_missing", counting),
        django_capture_on_commit_callbacks(execute=True),
    ):
        factories.KeyContactFactory(plan=world.plan, name="Dana Price")
        factories.KeyContactFactory(plan=world.plan, name="Sam Lee")
    assert made == [world.plan.pk]  # two rows, one transaction: one render
    assert len(kept_files(world.plan, settings)) == 1
    client = client_for(world.clerk)
    with django_assert_max_num_queries(8):
        assert "Sam Lee" in pdf_text(download(client, world.plan))


def test_a_change_to_the_service_s_indicators_makes_its_plans_pdfs(
    world, settings, django_capture_on_commit_callbacks
):
    settings.PDF_RENDER_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        factories.IndicatorFactory(service=world.service, title="Calls answered")
    assert len(kept_files(world.plan, settings)) == 1
    assert kept_files(world.other_plan, settings) == []  # another service's plan
