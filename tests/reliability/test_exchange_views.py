"""Export and import of a plan in the browser."""

import io
import json

from django.urls import reverse

from plans.models import Plan
from tests import factories


def export_url(plan):
    return reverse("plans:plan_export", args=[plan.pk])


def test_export_is_a_download_for_readers_only(client, client_for, world):
    anonymous = client.get(export_url(world.plan))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    response = client_for(world.clerk).get(export_url(world.plan))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["source"]["plan_id"] == world.plan.pk
    assert client_for(world.foreign_officer).get(export_url(world.plan)).status_code == 404
    assert client_for(world.officer).get(export_url(world.other_plan)).status_code == 404


def test_plan_page_links_to_the_download(client_for, world):
    page = client_for(world.clerk).get(world.plan.get_absolute_url()).content.decode()
    assert export_url(world.plan) in page


def upload(data, name="plan.json"):
    file = io.BytesIO(data if isinstance(data, bytes) else json.dumps(data).encode())
    file.name = name
    return file


def test_import_is_for_the_performance_lead_only(client_for, world):
    url = reverse("plans:plan_import")
    for who in (world.officer, world.manager, world.clerk):
        assert client_for(who).get(url).status_code == 403
    assert client_for(world.lead).get(url).status_code == 200


def test_import_preview_confirm_creates_a_draft(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = json.loads(client_for(world.clerk).get(export_url(world.plan)).content)
    client = client_for(world.lead)
    preview = client.post(
        reverse("plans:plan_import"),
        {"file": upload(data), "service": world.sibling_service.pk},
    )
    assert preview.status_code == 200
    assert b"Import as a draft plan" in preview.content
    assert not Plan.objects.filter(service=world.sibling_service).exists()  # nothing yet
    response = client.post(reverse("plans:plan_import_confirm"))
    plan = Plan.objects.get(service=world.sibling_service)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.status == Plan.Status.DRAFT and plan.created_by == world.lead
    assert list(tmp_path.glob("imports/*")) == []  # the waiting file is gone
    # Confirming again has nothing waiting.
    again = client.post(reverse("plans:plan_import_confirm"))
    assert again.status_code == 302 and again["Location"] == reverse("plans:plan_import")


def test_import_preview_lists_every_problem_and_writes_nothing(
    client_for, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = json.loads(client_for(world.clerk).get(export_url(world.plan)).content)
    data["plan"]["reference"] = "x" * 60
    data["sections"][0]["kind"] = "nonsense"
    before = Plan.objects.count()
    response = client_for(world.lead).post(
        reverse("plans:plan_import"), {"file": upload(data), "service": world.sibling_service.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "this file has 2 problems" in page
    assert "sections[0].kind: Value &#x27;nonsense&#x27; is not a valid choice." in page
    assert "plan: Ensure this value has at most 50 characters (it has 60)." in page
    assert Plan.objects.count() == before
    assert "Import as a draft plan" not in page


def test_import_refuses_a_file_that_is_not_json_or_a_foreign_service(client_for, world):
    client = client_for(world.lead)
    response = client.post(
        reverse("plans:plan_import"),
        {"file": upload(b"\x89PNG not json"), "service": world.sibling_service.pk},
    )
    assert b"The plan file must be a JSON file exported from a plan" in response.content
    foreign = factories.ServiceFactory(directorate=world.foreign_plan.service.directorate)
    response = client.post(
        reverse("plans:plan_import"), {"file": upload({}), "service": foreign.pk}
    )
    assert b"Select a service from the list" in response.content
