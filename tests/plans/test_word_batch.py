"""Bringing several Word plans in at once (plans/views/word_batch.py): several files or a
.zip uploaded, the batch page with each file's proposed service, each file's own preview
and confirmation, and back to the batch; nothing written before a confirmation, nobody
outside their scope, and no file left in storage once made or removed."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from council.models import Role
from plans.models import Plan, PlanTransition
from tests import factories
from tests.conftest import person
from tests.plans.test_word_reading import SEEDS, docx, paragraph

pytestmark = pytest.mark.django_db
UPLOAD = reverse("plans:word_import")
BATCH = reverse("plans:word_batch")
EAST_CAMBS = "east-cambs-customer-services-2015-16.docx"
SPELTHORNE = "spelthorne-customer-services-2024-25.docx"
THREE_RIVERS = "three-rivers-customer-services-2021-24.docx"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def seeds_zip(names=(EAST_CAMBS, SPELTHORNE, THREE_RIVERS)) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "plans.zip", zipped({f"plans/{name}": (SEEDS / name).read_bytes() for name in names})
    )


def word_file(name: str, as_name: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(as_name or name, (SEEDS / name).read_bytes())


def upload(client, files, first_year=2027, last_year=2029, service=""):
    data = {"file": files, "service": service, "first_year": first_year, "last_year": last_year}
    return client.post(UPLOAD, data)


def tokens(client) -> dict[str, str]:
    return {entry["name"]: entry["token"] for entry in client.session["word_import_batch"]["files"]}


def choices(client, services: dict[str, object], check: str = "") -> dict:
    """The batch page's form data: each named file's service, and the file to check."""
    by_name = tokens(client)
    data = {f"service_{by_name[name]}": service.pk for name, service in services.items()}
    return data | ({"check": by_name[check]} if check else {"save": "1"})


def preview_url(token: str) -> str:
    return reverse("plans:word_batch_preview", args=[token])


def confirm(client, token: str):
    form = client.get(preview_url(token)).context["form"]
    return client.post(preview_url(token), {name: f.initial for name, f in form.fields.items()})


def kept_files() -> list[str]:
    return default_storage.listdir("imports")[1] if default_storage.exists("imports") else []


def test_a_zip_of_three_word_plans_makes_three_plans_one_preview_each(client_for, world):
    client = client_for(world.lead)
    response = upload(client, seeds_zip())
    assert response.url == BATCH
    page = client.get(BATCH).content.decode()
    assert page.count("Waiting") == 3 and "Plans for 2027/28 to 2029/30" in page
    assert len(kept_files()) == 3
    assert Plan.objects.count() == 3  # the world's own: nothing written yet

    services = {EAST_CAMBS: world.service, SPELTHORNE: world.sibling_service}
    services[THREE_RIVERS] = world.other_service
    for name, service in services.items():
        token = tokens(client)[name]
        response = client.post(BATCH, choices(client, services, check=name))
        assert response.url == preview_url(token)
        preview = client.get(preview_url(token))
        assert preview.status_code == 200 and name in preview.content.decode()
        assert f"for <strong>{service.name}</strong>" in preview.content.decode()
        assert "Back to the files" in preview.content.decode()
        assert confirm(client, token).url == BATCH
        services = {key: value for key, value in services.items() if key != name}

    made = {plan.service: plan for plan in Plan.objects.filter(first_year=2027)}
    assert set(made) == {world.service, world.sibling_service, world.other_service}
    assert PlanTransition.objects.get(plan=made[world.sibling_service]).comment == (
        f"Made from the Word file {SPELTHORNE}"
    )
    page = client.get(BATCH).content.decode()
    assert page.count(">Made<") == 3 and "Waiting" not in page
    for plan in made.values():
        assert f'href="{plan.get_absolute_url()}"' in page
    assert kept_files() == []


def test_several_word_files_chosen_at_once_make_a_batch(client_for, world):
    client = client_for(world.lead)
    response = upload(
        client,
        [word_file(THREE_RIVERS), word_file(SPELTHORNE), SimpleUploadedFile("b.pdf", b"%PDF-1")],
    )
    assert response.url == BATCH
    page = client.get(BATCH).content.decode()
    assert THREE_RIVERS in page and SPELTHORNE in page
    assert page.count("Waiting") == 2
    assert "Could not be read" in page and "This is a PDF" in page


def test_each_file_is_proposed_a_service_from_its_name_or_first_line(client_for, world):
    client = client_for(world.lead)
    upload(
        client,
        [
            word_file(THREE_RIVERS),  # by its name, and by its first line
            SimpleUploadedFile("plan-2.docx", docx(paragraph("Waste and Recycling Plan"))),
            SimpleUploadedFile("revenues-2024.docx", docx(paragraph("Introduction"))),
            SimpleUploadedFile("appendix.docx", docx(paragraph("Contents"))),
        ],
    )
    form = client.get(BATCH).context["form"]
    proposed = {form.files_named[name]: form[name].value() for name in form.files_named}
    assert proposed == {
        THREE_RIVERS: str(world.service.pk),
        "plan-2.docx": str(world.sibling_service.pk),
        "revenues-2024.docx": str(world.other_service.pk),
        "appendix.docx": "",
    }
    page = client.get(BATCH).content.decode()
    assert "Customer Services (Community)" in page and "Revenues (Resources)" in page


def test_a_service_is_proposed_for_the_likeliest_file_only(client_for, world):
    client = client_for(world.lead)
    # Both say Customer Services; Spelthorne's first line says nothing else.
    upload(client, [word_file(THREE_RIVERS), word_file(SPELTHORNE, as_name="plan.docx")])
    form = client.get(BATCH).context["form"]
    proposed = {form.files_named[name]: form[name].value() for name in form.files_named}
    assert proposed == {THREE_RIVERS: "", "plan.docx": str(world.service.pk)}


def test_two_files_for_one_service_is_an_error_and_the_choices_are_kept(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip())
    services = {EAST_CAMBS: world.service, SPELTHORNE: world.service}
    services[THREE_RIVERS] = world.other_service
    response = client.post(BATCH, choices(client, services, check=EAST_CAMBS))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "<title>Error: " in page
    assert (
        f"Customer Services is already chosen for {EAST_CAMBS}: choose another service "
        "for one of them, or remove one of them" in page
    )
    form = response.context["form"]
    assert form[f"service_{tokens(client)[THREE_RIVERS]}"].value() == str(world.other_service.pk)
    assert f'<option value="{world.other_service.pk}" selected>' in page


def test_a_file_whose_plan_is_made_keeps_its_service(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    client.post(BATCH, choices(client, {EAST_CAMBS: world.service}, check=EAST_CAMBS))
    confirm(client, tokens(client)[EAST_CAMBS])
    response = client.post(BATCH, choices(client, {SPELTHORNE: world.service}, check=SPELTHORNE))
    assert "A plan for Customer Services has already been made from this batch" in (
        response.content.decode()
    )


def test_checking_a_file_without_a_service_is_an_error(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    data = choices(client, {}, check=SPELTHORNE) | {
        f"service_{token}": "" for token in tokens(client).values()
    }
    response = client.post(BATCH, data)
    assert response.status_code == 200
    assert f"Select the service of {SPELTHORNE}" in response.content.decode()
    assert f"Select the service of {EAST_CAMBS}" not in response.content.decode()


def test_saving_the_services_keeps_them_for_the_next_visit(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS,)))
    response = client.post(BATCH, choices(client, {EAST_CAMBS: world.sibling_service}))
    assert response.url == BATCH
    form = client.get(BATCH).context["form"]
    assert form[f"service_{tokens(client)[EAST_CAMBS]}"].value() == str(world.sibling_service.pk)


def test_a_file_is_removed_from_the_batch_and_from_storage(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    token = tokens(client)[EAST_CAMBS]
    response = client.post(reverse("plans:word_batch_drop", args=[token]))
    assert response.url == BATCH
    assert list(tokens(client)) == [SPELTHORNE]
    assert len(kept_files()) == 1
    assert client.get(preview_url(token)).status_code == 404


def test_a_new_upload_replaces_the_batch_and_its_files(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    upload(client, seeds_zip((THREE_RIVERS,)))
    assert list(tokens(client)) == [THREE_RIVERS]
    assert len(kept_files()) == 1


def test_names_inside_the_zip_write_nowhere_but_our_own_names(client_for, world, settings):
    client = client_for(world.lead)
    data = (SEEDS / SPELTHORNE).read_bytes()
    evil = zipped({"../../evil.docx": data, "/tmp/abs.docx": data})
    upload(client, SimpleUploadedFile("plans.zip", evil))
    assert list(tokens(client)) == ["evil.docx", "abs.docx"]
    kept = kept_files()
    assert len(kept) == 2 and all(len(name) == len("0" * 32 + ".docx") for name in kept)
    media = settings.MEDIA_ROOT
    assert not (media.parent / "evil.docx").exists() and not (media / "evil.docx").exists()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"bomb.docx": b"\0" * (30 * 1024 * 1024)}, "unpacks to far more than 60 plans"),
        ({}, "The zip file holds no Word files (.docx)."),
        ({"plan.pdf": b"%PDF-1.7"}, "None of its files can be brought in. plan.pdf: Not a"),
    ],
)
def test_a_zip_refused_whole_is_an_error_and_keeps_the_choices(client_for, world, entries, message):
    client = client_for(world.lead)
    response = upload(client, SimpleUploadedFile("plans.zip", zipped(entries)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert 'value="2027" selected' in page
    assert "word_import_batch" not in client.session and kept_files() == []


def test_one_word_file_without_a_service_is_an_error(client_for, world):
    response = upload(client_for(world.lead), [word_file(THREE_RIVERS)])
    assert response.status_code == 200
    assert "Select the service the plan is for" in response.content.decode()


def test_the_batch_page_s_queries_do_not_grow_with_its_files(
    client_for, world, django_assert_max_num_queries
):
    """One file made and one waiting with its service (whose plan is looked for, in case
    another tab made it), then many more files and services: the same queries."""
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    services = {EAST_CAMBS: world.service, SPELTHORNE: world.sibling_service}
    client.post(BATCH, choices(client, services, check=EAST_CAMBS))
    confirm(client, tokens(client)[EAST_CAMBS])
    with django_assert_max_num_queries(20) as one:
        assert client.get(BATCH).status_code == 200
    counted = len(one.captured_queries)  # now: the next request empties the log it reads
    for number in range(5):
        factories.ServiceFactory(directorate=world.directorate, name=f"Service {number}")
    upload(client, [seeds_zip(), SimpleUploadedFile("x.pdf", b"%PDF")])
    client.post(BATCH, choices(client, {EAST_CAMBS: world.service}, check=EAST_CAMBS))
    confirm(client, tokens(client)[EAST_CAMBS])
    with django_assert_max_num_queries(counted):
        assert client.get(BATCH).status_code == 200


# Who may do what


def test_anonymous_people_are_sent_to_sign_in(client):
    assert client.get(BATCH).url.startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["manager", "clerk"])
def test_managers_and_clerks_may_not(client_for, world, who):
    lead = Client()
    lead.force_login(world.lead)
    upload(lead, seeds_zip((EAST_CAMBS,)))
    token = tokens(lead)[EAST_CAMBS]
    client = client_for(getattr(world, who))
    assert client.get(BATCH).status_code == 403
    assert client.get(preview_url(token)).status_code == 403
    assert client.post(reverse("plans:word_batch_drop", args=[token])).status_code == 403


def test_another_person_s_token_is_not_found(client_for, world):
    lead = Client()
    lead.force_login(world.lead)
    upload(lead, seeds_zip((EAST_CAMBS,)))
    lead.post(BATCH, choices(lead, {EAST_CAMBS: world.service}))
    token = tokens(lead)[EAST_CAMBS]
    foreign_lead = person(world.foreign_council, "foreign-lead", Role.Name.PERFORMANCE_LEAD)
    for user in (world.officer, foreign_lead):
        client = client_for(user)
        assert client.get(preview_url(token)).status_code == 404
        assert client.post(reverse("plans:word_batch_drop", args=[token])).status_code == 404
    assert len(kept_files()) == 1


def test_an_officer_is_offered_only_their_own_services(client_for, world):
    client = client_for(world.officer)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    page = client.get(BATCH).content.decode()
    assert "Customer Services (Community)" in page and "Revenues" not in page
    response = client.post(BATCH, choices(client, {EAST_CAMBS: world.other_service}))
    assert response.status_code == 200
    assert "Select a service from the list" in response.content.decode()


def test_a_service_out_of_scope_in_the_session_is_not_found(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS,)))
    client.post(BATCH, choices(client, {EAST_CAMBS: world.service}))
    session = client.session
    session["word_import_batch"]["files"][0]["service"] = world.foreign_plan.service_id
    session.save()
    assert client.get(preview_url(tokens(client)[EAST_CAMBS])).status_code == 404


def test_a_file_made_or_without_a_service_has_no_preview(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    client.post(BATCH, choices(client, {EAST_CAMBS: world.service}, check=EAST_CAMBS))
    token = tokens(client)[EAST_CAMBS]
    confirm(client, token)
    assert client.get(preview_url(token)).status_code == 404  # made
    assert client.post(reverse("plans:word_batch_drop", args=[token])).status_code == 404
    assert client.get(preview_url(tokens(client)[SPELTHORNE])).status_code == 404  # no service


def test_without_a_batch_the_page_sends_the_person_to_upload(client_for, world):
    assert client_for(world.lead).get(BATCH).url == UPLOAD


def test_a_plan_made_in_another_tab_shows_as_made_whatever_the_session_kept(client_for, world):
    """Two tabs confirming at once each save the session; the last to save does not know of
    the other's plan. The batch page finds it by the note in the plan's history."""
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    client.post(BATCH, choices(client, {EAST_CAMBS: world.service}, check=EAST_CAMBS))
    token = tokens(client)[EAST_CAMBS]
    before = client.session["word_import_batch"]  # as the other tab had it
    confirm(client, token)
    session = client.session
    session["word_import_batch"] = before
    session.save()

    page = client.get(BATCH).content.decode()

    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert page.count(">Made<") == 1 and f'href="{plan.get_absolute_url()}"' in page
    assert client.session["word_import_batch"]["files"][0]["state"] == "made"
    response = client.get(preview_url(token))
    assert response.status_code == 404  # made: no preview


def test_a_file_no_longer_in_storage_sends_the_person_back_to_the_batch(client_for, world):
    client = client_for(world.lead)
    upload(client, seeds_zip((EAST_CAMBS, SPELTHORNE)))
    client.post(BATCH, choices(client, {EAST_CAMBS: world.service}, check=EAST_CAMBS))
    token = tokens(client)[EAST_CAMBS]
    default_storage.delete(client.session["word_import_batch"]["files"][0]["file"])
    response = client.get(preview_url(token))
    assert response.url == BATCH
