"""Races the database decides: publishing while someone edits, two managers approving at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from plans.models import Plan, PlanVersion, Section, SectionReview
from plans.services.editing import section_save
from plans.services.review import plan_publish, plan_submit, section_approve
from tests import factories
from tests.plans.helpers import fake_version_pdfs
from tests.plans.test_review import approved_plan, reviewable


@pytest.fixture(autouse=True)
def fake_pdf(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake_version_pdfs(monkeypatch, at_once=False)  # these tests commit


def run_together(*jobs):
    """Start the jobs at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = ("ok", job())
        except Exception as error:  # noqa: BLE001 - the outcome is what is asserted
            outcomes[index] = ("refused", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_publishing_while_someone_edits_never_loses_or_sneaks_in_an_edit(
    world, transactional_db, attempt
):
    plan = approved_plan(world)
    section = plan.sections.get(kind="narrative")
    publish, edit = run_together(
        lambda: plan_publish(plan=plan, user=world.manager, reason="Committee"),
        lambda: section_save(
            section=Section.objects.get(pk=section.pk),
            expected_version=section.version,
            user=world.officer,
            body="<p>Late edit</p>",
        ),
    )
    final = Section.objects.get(pk=section.pk)
    plan.refresh_from_db()
    if edit[0] == "ok":
        # The edit landed first: it withdrew the approval, so nothing was published.
        assert publish[0] == "refused" and isinstance(publish[1], ValidationError)
        assert plan.status == Plan.Status.IN_REVIEW
        assert not PlanVersion.objects.filter(plan=plan).exists()
        assert final.body == "<p>Late edit</p>"
    else:
        # Publishing won: the plan is frozen without the edit, and the edit was refused.
        assert publish[0] == "ok"
        assert isinstance(edit[1], ValidationError)
        assert plan.status == Plan.Status.PUBLISHED
        assert "Late edit" not in PlanVersion.objects.get(plan=plan).snapshot_html
        assert final.body == ""


def test_two_managers_approving_the_same_section_at_once_approve_it_once(world, transactional_db):
    second = factories.UserFactory(council=world.council, username="manager2")
    factories.RoleFactory(user=second, name="manager", directorate=world.directorate)
    plan_submit(plan=world.plan, user=world.officer)
    section = reviewable(world.plan).first()
    outcomes = run_together(
        *[
            (lambda who=who: section_approve(
                section=Section.objects.get(pk=section.pk), user=who, seen_version=section.version
            ))
            for who in (world.manager, second)
        ]
    )  # fmt: skip
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    refused = next(result for kind, result in outcomes if kind == "refused")
    assert "is not waiting for review: it is approved" in refused.messages[0]
    assert SectionReview.objects.filter(section=section, decision="approved").count() == 1
