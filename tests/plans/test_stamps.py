"""Change stamps and the page cache: every change the app makes shows on the next page,
whoever makes it and however; nothing kept is served to the wrong reader."""

import datetime as dt
import errno
import re
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from council import stamps
from council.models import ChangeStamp, CorporatePriority, User
from kpis.models import Result
from plans.cache.pages import CSRF_MARKER
from plans.models import BudgetAmount, Contract, Section, ServiceObjective
from plans.services.review import plan_reopen
from tests.plans.helpers import plan_page

page = plan_page


def plan_tokens(plan):
    return stamps.tokens(
        [(stamps.PLAN, plan.pk), (stamps.SERVICE, plan.service_id), (stamps.SETUP, 0)]
    )


def test_every_model_is_watched_or_known_not_to_show():
    labels = {
        model._meta.label
        for name in stamps.APPS
        for model in apps.get_app_config(name).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert labels - set(stamps.WATCHED) - stamps.NOT_SHOWN == set()
    assert set(stamps.WATCHED) <= labels
    assert not set(stamps.WATCHED) & stamps.NOT_SHOWN


def test_saving_any_watched_row_stamps_its_plan_service_or_set_up(demo):
    checked = []
    for model in stamps.watched_models():
        instance = model._base_manager.order_by("pk").first()
        if instance is None:
            continue
        newest = ChangeStamp.objects.order_by("-id").values_list("id", flat=True).first() or 0
        instance.save()
        made = set(ChangeStamp.objects.filter(id__gt=newest).values_list("scope", "key"))
        for scope, path in stamps.WATCHED[model._meta.label]:
            if scope == stamps.SETUP:
                expected = {(stamps.SETUP, 0)}
            else:
                lookup = path if "__" in path else path.removesuffix("_id")
                found = model._base_manager.filter(pk=instance.pk).values_list(lookup, flat=True)
                expected = {(scope, key) for key in found if key is not None}
            assert expected <= made, model._meta.label
        checked.append(model._meta.label)
    # The demo has rows of nearly every model: the loop really checked them.
    assert len(checked) >= 35, checked


def test_a_change_rolled_back_leaves_the_tokens_as_they_were(demo):
    before = plan_tokens(demo)
    with pytest.raises(RuntimeError), transaction.atomic():
        Contract.objects.filter(plan=demo).first().save()
        raise RuntimeError

    assert plan_tokens(demo) == before


def test_pruning_keeps_one_row_and_a_token_never_seen_before(demo):
    key = (stamps.PLAN, demo.pk)
    seen = {stamps.tokens([key])[key]}
    for _ in range(stamps.PRUNE_AT + 2):
        stamps.touch_plan(demo.pk)
        seen.add(stamps.tokens([key])[key])
    stamps.prune(*key)

    assert ChangeStamp.objects.filter(scope=key[0], key=key[1]).count() == 1
    assert stamps.tokens([key])[key] not in seen


@pytest.mark.parametrize(
    "change, shown",
    [
        (lambda plan: _save(Contract.objects.filter(plan=plan).first(), title="A new name"),
         "A new name"),
        (lambda plan: _save(BudgetAmount.objects.filter(line__plan=plan).first(),
                            amount=Decimal("4321987")), "4,321,987"),
        (lambda plan: _save(CorporatePriority.objects.filter(council=plan.service.directorate
                                                             .council).first(),
                            title="A renamed priority"), "A renamed priority"),
        (lambda plan: _save(Result.objects.filter(indicator__service=plan.service).order_by("-year", "-period").first(),
                            value=Decimal("12.3")), "12.3"),
        (lambda plan: Contract.objects.filter(plan=plan).first().delete() and None, None),
    ],
)  # fmt: skip
def test_a_change_through_the_models_shows_on_the_next_page(demo, client, change, shown):
    before = page(client, demo)
    contracts = Contract.objects.filter(plan=demo).count()

    change(demo)
    after = page(client, demo)

    assert after != before
    if shown:
        assert shown not in before
        assert shown in after
    else:  # the deleted contract's row is gone
        assert after.count("<tr") < before.count("<tr"), contracts


def _save(instance, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()


def test_linking_an_objective_to_a_priority_shows_on_the_next_page(demo, client):
    objective = ServiceObjective.objects.filter(plan=demo).first()
    priority = CorporatePriority.objects.create(
        council=demo.service.directorate.council, title="Newly linked priority", position=99
    )
    page(client, demo)

    objective.priorities.add(priority)

    assert "Newly linked priority" in page(client, demo)


def test_reopening_a_plan_clears_section_reviews_on_the_page(demo, client):
    """plan_reopen updates sections in bulk, without signals: it stamps the plan itself."""
    manager = User.objects.get(username="manager")
    Section.objects.filter(plan=demo).update(review_status=Section.ReviewStatus.APPROVED)
    stamps.touch_plan(demo.pk)
    demo.status = demo.Status.PUBLISHED
    demo.save()
    assert "Not submitted" not in page(client, demo)

    plan_reopen(plan=demo, user=manager, reason="A new quarter")

    assert "Not submitted" in page(client, demo)


def test_the_kept_body_carries_each_readers_own_csrf_token(demo, client):
    officer = User.objects.get(username="officer")
    demo.status = demo.Status.DRAFT
    demo.save()
    client.force_login(officer)
    url = reverse("plans:plan_detail", args=[demo.pk])
    first = client.get(url).content.decode()
    client.logout()
    client.force_login(officer)  # a new session: a new CSRF secret
    second = client.get(url).content.decode()
    assert len(caches["pages"]._cache) >= 1

    tokens_first = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first))
    tokens_second = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second))
    assert tokens_first and tokens_second and not tokens_first & tokens_second
    assert CSRF_MARKER not in second


def test_readers_with_different_rights_get_their_own_body(demo, client):
    demo.status = demo.Status.DRAFT
    demo.save()
    edit = re.compile(r"/sections/\d+/edit/")

    assert edit.search(page(client, demo, "officer"))
    assert not edit.search(page(client, demo, "clerk"))
    assert edit.search(page(client, demo, "officer"))


def test_the_page_cache_on_files_as_in_production_keeps_and_renews_the_body(
    demo, client, settings, tmp_path
):
    """Production keeps pages in files shared by the web processes (settings._page_cache)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
            "KEY_PREFIX": "test",
        },
    }
    first = page(client, demo)
    assert len(list((tmp_path / "pages").glob("*.djcache"))) == 1
    assert page(client, demo).count("Contracts") == first.count("Contracts")

    _save(Contract.objects.filter(plan=demo).first(), title="Renamed on file")

    assert "Renamed on file" in page(client, demo)
    assert len(list((tmp_path / "pages").glob("*.djcache"))) == 2


def test_the_code_fingerprint_changes_with_any_template_or_module(tmp_path):
    from council.code_version import fingerprint

    (tmp_path / "templates").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "requirements.txt").write_text("Django==6.1\n")
    (tmp_path / "templates" / "page.html").write_text("<p>{{ plan }}</p>")
    (tmp_path / "plans" / "views.py").write_text("x = 1\n")
    before = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == before

    (tmp_path / "templates" / "page.html").write_text("<p>{{ plan.title }}</p>")
    after_template = fingerprint(tmp_path)
    (tmp_path / "plans" / "views.py").write_text("x = 2\n")

    assert len({before, after_template, fingerprint(tmp_path)}) == 3


def file_caches(settings, tmp_path) -> dict:
    """The page and part caches on files, as production keeps them, with their lifetimes."""
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / alias),
            "KEY_PREFIX": "test",
            "TIMEOUT": settings.CACHES[alias]["TIMEOUT"],
        }
        for alias in ("pages", "parts")
    }


def test_a_change_made_with_sql_shows_within_the_hour(demo, client, settings, tmp_path):
    """SQL by hand adds no change stamp: only the caches' lifetime bounds how long the kept
    page and table show the old text (README, "Running in production")."""
    settings.CACHES = {**settings.CACHES, **file_caches(settings, tmp_path)}
    # The clock at 10:00 today: date.today() reads it too, and the keys carry the date, so an
    # hour later must still be the same day.
    now = [dt.datetime.combine(dt.date.today(), dt.time(10)).timestamp()]
    with mock.patch("time.time", lambda: now[0]):
        contract = Contract.objects.filter(plan=demo).first()
        assert contract.title in page(client, demo)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE plans_contract SET title = %s WHERE id = %s", ["Set by SQL", contract.pk]
            )
        now[0] += 60 * 60 - 60
        assert "Set by SQL" not in page(client, demo)  # kept, as the README says

        now[0] += 61
        assert "Set by SQL" in page(client, demo)


def test_clear_page_cache_empties_every_kept_page_and_part(demo, client, settings, tmp_path):
    settings.CACHES = {**settings.CACHES, **file_caches(settings, tmp_path)}
    contract = Contract.objects.filter(plan=demo).first()
    page(client, demo)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE plans_contract SET title = %s WHERE id = %s", ["By SQL", contract.pk]
        )
    assert "By SQL" not in page(client, demo)
    older_code = FileBasedCache(str(tmp_path / "pages"), {"KEY_PREFIX": "older-code"})
    older_code.set("plan:kept-by-the-code-before", "<p>Old</p>")
    kept = {alias: list((tmp_path / alias).glob("*.djcache")) for alias in ("pages", "parts")}
    assert len(kept["pages"]) == 2 and len(kept["parts"]) >= 5
    out = StringIO()

    call_command("clear_page_cache", stdout=out)

    assert list(tmp_path.rglob("*.djcache")) == []
    assert out.getvalue() == "Emptied the page caches: pages, parts; deleted 0 kept plan PDFs.\n"
    assert "By SQL" in page(client, demo)  # rendered afresh from the database


def test_a_full_disk_under_the_caches_costs_a_render_not_the_page(
    demo, client, settings, tmp_path, monkeypatch
):
    """The page caches are files in production: when their disk is full the page is still
    shown (rendered afresh each time), and the failure is logged."""
    settings.CACHES = {**settings.CACHES, **file_caches(settings, tmp_path)}

    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileBasedCache, "set", full_disk)
    first = page(client, demo)
    assert first.count("Contracts") >= 1
    _save(Contract.objects.filter(plan=demo).first(), title="Renamed on a full disk")
    assert "Renamed on a full disk" in page(client, demo)
    assert list(tmp_path.glob("*/*.djcache")) == []
