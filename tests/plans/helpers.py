"""Building POST data for a section's edit page, as the browser would send it; reading a
plan page as a demo user."""

from django.urls import reverse

from council.models import User


def formset_data(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """Management form plus rows; each row dict holds field names without the prefix."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def empty_tables(*prefixes: str) -> dict:
    data = {}
    for prefix in prefixes:
        data |= formset_data(prefix, [])
    return data


def plan_page(client, plan, username="clerk") -> str:
    """The plan page's HTML as the named demo user gets it."""
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


FAKE_VERSION_PDF = b"%PDF-1.7 a published version"


def fake_version_pdfs(monkeypatch, *, at_once: bool = True) -> None:
    """A few bytes stand in for published versions' PDFs (the renderer is tested on its
    own). `at_once`: made when published rather than after the commit, which a test's
    transaction never reaches (tests/plans/test_version_pdf.py tests the real way)."""
    from plans import snapshot
    from plans.services import review

    monkeypatch.setattr(snapshot, "archival_pdf", lambda html: FAKE_VERSION_PDF)
    if at_once:
        monkeypatch.setattr(review, "make_pdf_after_commit", snapshot.make_version_pdf)
