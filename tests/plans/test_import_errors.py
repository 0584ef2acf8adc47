"""The plan import form's errors: a full disk while a file waits for its preview, and the summary."""

import errno
import io
import json

from django.core.files.storage import default_storage
from django.urls import reverse

from plans.views.exchange import PENDING_KEY


def test_import_preview_on_a_full_disk_is_a_form_error(
    client_for, world, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    exported = client_for(world.clerk).get(reverse("plans:plan_export", args=[world.plan.pk]))
    file = io.BytesIO(exported.content)
    file.name = "plan.json"

    def full_disk(name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(default_storage, "_save", full_disk)
    client = client_for(world.lead)
    response = client.post(
        reverse("plans:plan_import"), {"file": file, "service": world.sibling_service.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert "The plan file could not be kept: the server has run out of space" in page
    assert "Import as a draft plan" not in page  # nothing to confirm
    assert PENDING_KEY not in client.session
    assert json.loads(exported.content)["source"]["plan_id"] == world.plan.pk


def test_import_form_errors_are_in_a_linked_error_summary(client_for, world):
    """The import form's own errors (here a file that is not JSON) are listed in the GOV.UK
    error summary, each linked to its field."""
    file = io.BytesIO(b"\x89PNG not json")
    file.name = "plan.json"
    response = client_for(world.lead).post(
        reverse("plans:plan_import"), {"file": file, "service": world.sibling_service.pk}
    )
    page = response.content.decode()
    summary = page[page.index("govuk-error-summary") :]
    assert (
        '<a href="#id_file">The plan file must be a JSON file exported from a plan</a>' in summary
    )
