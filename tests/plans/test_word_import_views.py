"""Bringing a Word plan in through the browser (plans/views/word_import.py): upload, the
preview of where each part goes, a changed choice, and the draft plan made on confirmation;
nothing before it, and nobody outside their scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Plan, PlanTransition
from tests.plans.test_word_reading import SEEDS, docx, paragraph

pytestmark = pytest.mark.django_db
UPLOAD = reverse("plans:word_import")
PREVIEW = reverse("plans:word_import_preview")


def word_file(name="three-rivers-customer-services-2021-24"):
    return SimpleUploadedFile(f"{name}.docx", (SEEDS / f"{name}.docx").read_bytes())


def upload(client, service, file=None, first_year=2027, last_year=2029):
    data = {"file": file or word_file(), "service": service.pk}
    data |= {"first_year": first_year, "last_year": last_year}
    return client.post(UPLOAD, data)


@pytest.mark.parametrize("who", ["lead", "officer"])
def test_the_lead_and_an_officer_may_bring_a_plan_in(client_for, world, who):
    assert client_for(getattr(world, who)).get(UPLOAD).status_code == 200


@pytest.mark.parametrize("who", ["manager", "clerk"])
def test_managers_and_clerks_may_not(client_for, world, who):
    client = client_for(getattr(world, who))
    assert client.get(UPLOAD).status_code == 403
    assert client.get(PREVIEW).status_code == 403


def test_an_officer_is_offered_only_their_own_service(client_for, world):
    client = client_for(world.officer)
    page = client.get(UPLOAD).content.decode()
    assert "Customer Services (Community)" in page and "Revenues" not in page
    response = upload(client, world.other_service)
    assert response.status_code == 200
    assert "Select a service from the list" in response.content.decode()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("plan.docx", b"%PDF-1.7 ..."), "This is a PDF"),
        (SimpleUploadedFile("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "older Word file (.doc)"),
        (SimpleUploadedFile("plan.docx", b""), "The submitted file is empty"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_word_plan_is_an_error_and_keeps_the_choices(
    client_for, world, file, message
):
    response = upload(client_for(world.lead), world.service, file=file)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert 'value="2027" selected' in page  # what was chosen is kept
    assert Plan.objects.filter(service=world.service).count() == 1


def test_the_preview_shows_each_part_with_its_proposed_section_and_writes_nothing(
    client_for, world
):
    client = client_for(world.officer)
    assert upload(client, world.service).url == PREVIEW
    page = client.get(PREVIEW).content.decode()
    assert "Check where each part goes" in page
    assert "KEY PURPOSE OF THE SERVICE" in page and "Budgets" in page
    assert "Heading found by its short line" in page
    assert "like the table “Performance indicators”" in page
    assert Plan.objects.filter(service=world.service).count() == 1


def test_confirming_makes_the_draft_with_a_changed_choice_and_a_note_of_the_file(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service)
    preview = client.get(PREVIEW)
    form = preview.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    budgets = next(name for name, field in form.fields.items() if field.label == "Budgets")
    workforce = next(
        value for value, label in form.fields[budgets].choices if label.endswith("Workforce")
    )
    data[budgets] = workforce  # the person moves the budgets part
    response = client.post(PREVIEW, data)
    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert response.url == plan.get_absolute_url()
    sections = {section.title: section.body for section in plan.sections.all()}
    assert "<h3>1.1 Budgets</h3>" in sections["Workforce"]
    assert "2020/21" in sections["Workforce"]
    # Numbered 1.2 where the template's Workforce is 3: not sure enough, so its own section,
    # titled as written.
    assert sections["1.2 Human Resource Management"].startswith("<p>Business Continuity")
    transition = PlanTransition.objects.get(plan=plan)
    assert (
        transition.comment == "Made from the Word file three-rivers-customer-services-2021-24.docx"
    )
    assert transition.by == world.officer
    # The file is gone with the session's note of it.
    assert client.get(PREVIEW).url == UPLOAD


def test_a_choice_not_in_the_list_is_an_error_and_nothing_is_made(client_for, world):
    client = client_for(world.lead)
    upload(client, world.service)
    form = client.get(PREVIEW).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["part_0"] = "s999"
    response = client.post(PREVIEW, data)
    assert response.status_code == 200
    assert "Select where this part goes from the list" in response.content.decode()
    assert not Plan.objects.filter(service=world.service, first_year=2027).exists()


def test_a_plan_the_service_already_has_is_refused_at_confirmation(client_for, world):
    client = client_for(world.lead)
    upload(client, world.service, first_year=2026, last_year=2026)
    form = client.get(PREVIEW).context["form"]
    response = client.post(PREVIEW, {name: field.initial for name, field in form.fields.items()})
    page = response.content.decode()
    assert "Nothing was made" in page and "already has a plan starting in 2026/27" in page


def test_a_service_out_of_scope_in_the_session_is_not_found(client_for, world):
    client = client_for(world.lead)
    upload(client, world.service)
    session = client.session
    session["word_import_pending"]["service"] = world.foreign_plan.service_id
    session.save()
    assert client.get(PREVIEW).status_code == 404


def test_without_an_upload_the_preview_sends_the_person_back(client_for, world):
    response = client_for(world.lead).get(PREVIEW)
    assert response.url == UPLOAD


def test_a_minimal_word_file_comes_in_whole(client_for, world):
    client = client_for(world.officer)
    body = paragraph("1. Service overview", style="Heading1") + paragraph("We answer calls.")
    upload(client, world.service, file=SimpleUploadedFile("p.docx", docx(body)))
    form = client.get(PREVIEW).context["form"]
    client.post(PREVIEW, {name: field.initial for name, field in form.fields.items()})
    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert plan.sections.get(title="Service overview").body == "<p>We answer calls.</p>"


def initial_data(form) -> dict:
    return {name: field.initial for name, field in form.fields.items()}


def table_number(preview, target: str) -> int:
    return next(
        n for n, outcome, *_ in preview.context["tables"] if outcome.choice.match.target == target
    )


def test_the_preview_shows_each_table_s_part_its_columns_and_the_rows_it_cannot_read(
    client_for, world
):
    client = client_for(world.officer)
    upload(client, world.service, first_year=2027, last_year=2029)
    preview = client.get(PREVIEW)
    page = preview.content.decode()
    assert "Like the table “Contracts”: 1 of its 1 row will come in as rows of it." in page
    assert "Like the table “Skills and qualifications”: 2 of its 7 rows will come in" in page
    assert "Row 2: It goes on from the header row" in page
    contracts = table_number(preview, "contracts")
    assert f'name="table_{contracts}_column_0"' in page and "Ignore this column" in page
    assert f'name="table_{contracts}_text"' in page
    # Indicators: the world's template has no section that prints them.
    assert "The plan has no section that prints “Performance indicators”" in page


def test_an_invalid_column_choice_is_an_error_and_keeps_the_other_choices(client_for, world):
    client = client_for(world.lead)
    upload(client, world.service)
    preview = client.get(PREVIEW)
    data = initial_data(preview.context["form"])
    contracts, skills = table_number(preview, "contracts"), table_number(preview, "skills")
    data[f"table_{contracts}_column_0"] = "not-a-column"
    data[f"table_{skills}_text"] = "on"
    response = client.post(PREVIEW, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "<title>Error: " in page
    assert "Select what column “Title of Agreement” holds from the list" in page
    assert response.context["form"][f"table_{skills}_text"].value() is True  # kept
    assert not Plan.objects.filter(service=world.service, first_year=2027).exists()


def test_two_columns_mapped_to_one_field_is_an_error(client_for, world):
    client = client_for(world.lead)
    upload(client, world.service)
    preview = client.get(PREVIEW)
    data = initial_data(preview.context["form"])
    contracts = table_number(preview, "contracts")
    data[f"table_{contracts}_column_1"] = "title"  # "Service Area" as the title too
    response = client.post(PREVIEW, data)
    assert response.status_code == 200
    assert (
        "Column “Title of Agreement” is already the title of agreement: choose something else "
        "for this column, or ignore it" in response.content.decode()
    )
    assert not Plan.objects.filter(service=world.service, first_year=2027).exists()


def test_confirming_makes_rows_with_a_changed_mapping_and_a_table_kept_as_text(client_for, world):
    client = client_for(world.officer)
    upload(client, world.service, first_year=2027, last_year=2029)
    preview = client.get(PREVIEW)
    data = initial_data(preview.context["form"])
    contracts, skills = table_number(preview, "contracts"), table_number(preview, "skills")
    data[f"table_{contracts}_text"] = "on"  # the contracts table stays as text
    data[f"table_{skills}_column_2"] = ""  # the CPD column is ignored
    response = client.post(PREVIEW, data)
    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert response.url == plan.get_absolute_url()
    assert not plan.contracts.exists()
    assert "None specific" in plan.sections.get(kind="contracts").body
    assert [(s.job_title, s.cpd_required) for s in plan.skillrequirements.order_by("position")] == [
        ("Customer Service Manager", ""),
        ("Customer Service Team Managers", ""),
    ]
    assert plan.singlepointoffailures.count() == 2


def test_a_plan_made_by_another_confirmation_meanwhile_is_refused_not_a_500(
    client_for, world, monkeypatch
):
    """A double click or a second tab: both pass the preview's check, the other makes the
    plan first; this one is checked again under the service's lock and told so."""
    from plans.exchange import plan_file
    from plans.services.editing import plan_create

    def check_then_the_other_tab_confirms(**kwargs):
        check = plan_file.plan_import_check(**kwargs)
        plan_create(service=world.service, first_year=2027, last_year=2029, user=world.lead)
        return check

    monkeypatch.setattr(
        "plans.views.word_import.plan_import_check", check_then_the_other_tab_confirms
    )
    client = client_for(world.lead)
    upload(client, world.service)
    form = client.get(PREVIEW).context["form"]
    response = client.post(PREVIEW, {name: field.initial for name, field in form.fields.items()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was made" in page and "already has a plan starting in 2027/28" in page
    assert Plan.objects.filter(service=world.service, first_year=2027).count() == 1
