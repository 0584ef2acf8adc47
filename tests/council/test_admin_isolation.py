"""The Set up admin keeps each council to itself, on every page of every registered model.

A superuser who belongs to one council (an operator of its own copy; leads have no admin)
attacks one record of each registered model in another
council through every URL the admin registry answers (change, delete, history, a past
version and its revert, a user's password; and the list, filtered to that record): every
object page answers 403 or 404, the list shows nothing of it, and no table changes. Models
are read from the registry, so a newly registered model is attacked without a new test;
it fails here until `foreign_objects` makes one of it.
"""

import re
import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.forms import ModelChoiceField, ModelMultipleChoiceField, MultiWidget
from django.test import RequestFactory
from django.urls import reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from council.models import Directorate, FinancialYear, User
from kpis.models import ImportBatch
from plans.models import TemplateSection, TemplateSignOff
from risks.services import appetite_scale, matrix_current
from tests import factories

SITE_WIDE_LABELS = {"auth.Group", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}


@pytest.fixture
def foreign_objects(world) -> dict:
    """One record of each registered model, in the other council (or in no council)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    foreign = world.foreign_council
    service = world.foreign_plan.service
    indicator = factories.IndicatorFactory(service=service)
    factories.ResultFactory(indicator=indicator)
    access = {
        "user_agent": "Firefox",
        "ip_address": "192.0.2.7",
        "username": "foreign",
        "http_accept": "*/*",
        "path_info": "/accounts/login/",
    }
    found = {
        "council.Council": foreign,
        "council.Directorate": Directorate.objects.get(council=foreign),
        "council.Service": service,
        "council.FinancialYear": FinancialYear.objects.filter(council=foreign).first(),
        "council.CorporatePriority": factories.PriorityFactory(council=foreign),
        "council.User": world.foreign_officer,
        "kpis.Indicator": indicator,
        "kpis.ImportBatch": ImportBatch.objects.create(
            council=foreign, uploaded_by=world.foreign_officer, filename="results.csv"
        ),
        "risks.RiskMatrix": matrix_current(foreign),
        "risks.AppetiteLevel": appetite_scale(foreign)[0],
        "risks.ServiceAppetite": factories.ServiceAppetiteFactory(service=service),
        "risks.Risk": factories.RiskFactory(service=service),
        "plans.TemplateSignOff": TemplateSignOff.objects.create(
            template=foreign.templates.get(), position=1, title="Head of Service"
        ),
        "plans.TemplateSection": TemplateSection.objects.filter(template__council=foreign).first(),
        "plans.Template": foreign.templates.get(),
        "plans.Plan": world.foreign_plan,
        "auth.Group": Group.objects.create(name="Elsewhere editors"),
        "axes.AccessAttempt": AccessAttempt.objects.create(
            **access, get_data="", post_data="", failures_since_start=1
        ),
        "axes.AccessLog": AccessLog.objects.create(**access),
        "axes.AccessFailureLog": AccessFailureLog.objects.create(**access),
        "django_tasks_database.DBTaskResult": DBTaskResult.objects.create(
            id=uuid.UUID(int=7),
            args_kwargs={"args": [], "kwargs": {}},
            task_path="plans.tasks.render_plan_pdf",
            backend_name="default",
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        ),
    }
    for obj in found.values():
        if hasattr(obj, "history") and not obj.history.exists():
            obj.save()  # records made in bulk have no version yet; the history form needs one
    return found


@pytest.fixture
def site_wide_superuser(db):
    return factories.UserFactory(
        username="operator", council=None, is_superuser=True, is_staff=True
    )


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def table_contents() -> dict:
    """Every row of every table (sessions aside: signing in writes one)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def url_for(model_admin, pattern, values) -> str:
    """The pattern's URL under the model's admin, its parameters filled in order."""
    opts = model_admin.model._meta
    base = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    if isinstance(pattern.pattern, RoutePattern):
        parts = re.split(r"<[^>]+>", str(pattern.pattern))
    else:
        parts = re.split(r"\([^)]*\)", str(pattern.pattern).lstrip("^").rstrip("$"))
    assert len(parts) == len(values) + 1, f"cannot fill {pattern.pattern} with {values}"
    url = parts[0]
    for value, part in zip(values, parts[1:], strict=True):
        url += f"{value}{part}"
    return base + url


def parameters(pattern) -> int:
    if isinstance(pattern.pattern, RoutePattern):
        return len(pattern.pattern.converters)
    return pattern.pattern.regex.groups


def change_form_data(model_admin, obj, user) -> dict:
    """A POST the user's change form would accept for obj: its current values, with any
    drop-down value the user may not choose replaced by one they may."""
    request = RequestFactory().get("/")
    request.user = user
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, ModelMultipleChoiceField):
            allowed = {str(pk) for pk in field.queryset.values_list("pk", flat=True)}
            value = [pk for pk in value or [] if str(pk) in allowed]
        elif (
            isinstance(field, ModelChoiceField)
            and value not in (None, "")
            and not field.queryset.filter(pk=value).exists()
        ):
            first = field.queryset.first()
            value = first.pk if first is not None else ""
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else part
        elif value is not None and value is not False:
            data[name] = value
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def post_data(model_admin, pattern, obj, user) -> dict:
    name = pattern.name or ""
    if name.endswith("_delete"):
        return {"post": "yes"}
    if name.endswith("_password_change"):
        return {"password1": "Taken-Over-2026!", "password2": "Taken-Over-2026!"}
    return change_form_data(model_admin, obj, user)


def attacks(foreign_objects):
    """(model admin, URL pattern, URL, object) for every URL of every registered model."""
    for model, model_admin in registered():
        label = model._meta.label
        assert label in foreign_objects, (
            f"{label} is registered in the admin but foreign_objects makes no record of it "
            "to attack: add one there."
        )
        obj = foreign_objects[label]
        for pattern in model_admin.get_urls():
            count = parameters(pattern)
            if count == 0:
                values = []
            elif count == 1:
                values = [obj.pk]
            elif count == 2 and hasattr(obj, "history"):
                values = [obj.pk, obj.history.latest().history_id]
            else:
                pytest.fail(f"{label}: no way to fill the admin URL {pattern.pattern}")
            yield model_admin, pattern, url_for(model_admin, pattern, values), obj


def test_operator_reaches_no_page_of_another_council_s_records(
    client_for, world, foreign_objects, council_operator
):
    """The crawl: GET and POST every object URL of every registered model as a superuser of
    another council; the list pages of their own council filtered to the record."""
    council_operator.user_permissions.set(Permission.objects.all())
    client = client_for(council_operator)
    before = table_contents()
    reached = []
    for model_admin, pattern, url, obj in attacks(foreign_objects):
        label = model_admin.model._meta.label
        council_scoped = label not in SITE_WIDE_LABELS and not label.startswith("django_tasks")
        if parameters(pattern) == 0 and council_scoped:
            if pattern.name and pattern.name.endswith("_changelist"):
                pk_name = model_admin.model._meta.pk.attname
                response = client.get(url, {pk_name: obj.pk})
                if response.status_code != 200 or response.context["cl"].result_count != 0:
                    reached.append(f"GET {url}?{pk_name}={obj.pk} → {response.status_code}")
                client.post(
                    url,
                    {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
                )
                client.post(
                    url,
                    {
                        "form-TOTAL_FORMS": "1",
                        "form-INITIAL_FORMS": "1",
                        "form-0-id": obj.pk,
                        "_save": "Save",
                    },
                )
            continue  # the add page makes a record in the operator's own council
        response = client.get(url, follow=True)
        if response.status_code not in (403, 404):
            reached.append(f"GET {url} → {response.status_code}")
        data = post_data(model_admin, pattern, obj, council_operator)
        response = client.post(url, data, follow=True)
        if response.status_code not in (403, 404):
            reached.append(f"POST {url} → {response.status_code}")

    assert reached == [], "An operator reached another council's records:\n" + "\n".join(reached)
    assert changed_tables(before, table_contents()) == []


def test_the_crawl_reaches_every_page_as_a_site_wide_superuser(
    client_for, site_wide_superuser, foreign_objects
):
    """The same URLs do answer for a superuser of no council, and the change forms save the
    POST the crawl sends: the 404s above are the scoping at work, not broken URLs or
    payloads."""
    client = client_for(site_wide_superuser)
    refused = []
    for model_admin, pattern, url, obj in attacks(foreign_objects):
        name = pattern.name or ""
        if name.endswith(("_change", "_history", "_simple_history", "_changelist")):
            response = client.get(url)
            if response.status_code != 200:
                refused.append(f"GET {url} → {response.status_code}")
        request = RequestFactory().get(url)
        request.user = site_wide_superuser
        if name.endswith("_change") and model_admin.has_change_permission(request, obj):
            data = post_data(model_admin, pattern, obj, site_wide_superuser)
            response = client.post(url, data)
            if response.status_code != 302:
                refused.append(f"POST {url} → {response.status_code}")
    assert refused == []


def test_operator_cannot_revert_another_council_s_user_to_take_over_the_account(
    client_for, world, council_operator
):
    """The reported exploit: change the e-mail of council B's officer through a past version."""
    officer = world.foreign_officer
    version = officer.history.latest()
    client = client_for(council_operator)
    url = f"/admin/council/user/{officer.pk}/history/{version.history_id}/"
    data = change_form_data(admin.site._registry[User], officer, council_operator)
    data["email"] = "attacker@example.org"

    assert client.get(f"/admin/council/user/{officer.pk}/history/").status_code == 404
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    officer.refresh_from_db()
    assert officer.email != "attacker@example.org"


def test_operator_cannot_move_another_council_s_indicator_into_their_service(
    client_for, world, council_operator
):
    indicator = factories.IndicatorFactory(service=world.foreign_plan.service)
    version = indicator.history.latest()
    data = change_form_data(admin.site._registry[type(indicator)], indicator, council_operator)
    data["service"] = world.service.pk
    url = f"/admin/kpis/indicator/{indicator.pk}/history/{version.history_id}/"

    assert client_for(council_operator).post(url, data).status_code == 404
    indicator.refresh_from_db()
    assert indicator.council == world.foreign_council


def test_operator_reads_their_own_council_s_history_but_cannot_revert(
    client_for, world, council_operator
):
    """Revert is off (SIMPLE_HISTORY_REVERT_DISABLED): the setting only hides the button,
    so the admin refuses the POST too."""
    officer = world.officer
    officer.email = "old@example.org"
    officer.save()
    officer.email = "new@example.org"
    officer.save()
    old = officer.history.earliest()
    client = client_for(council_operator)
    url = f"/admin/council/user/{officer.pk}/history/{old.history_id}/"

    assert client.get(f"/admin/council/user/{officer.pk}/history/").status_code == 200
    page = client.get(url)
    assert page.status_code == 200
    assert b"Revert" not in page.content
    data = change_form_data(admin.site._registry[User], officer, council_operator)
    assert client.post(url, data).status_code == 403
    officer.refresh_from_db()
    assert officer.email == "new@example.org"


def test_deleted_record_s_history_is_shown_to_its_own_council_only(
    client_for, world, council_operator
):
    """A deleted record's history is scoped by the council of its past versions."""
    own = TemplateSignOff.objects.create(template=world.council.templates.get(), title="Director")
    foreign = TemplateSignOff.objects.create(
        template=world.foreign_council.templates.get(), title="Director"
    )
    own_pk, foreign_pk = own.pk, foreign.pk
    own.delete()
    foreign.delete()
    client = client_for(council_operator)

    assert client.get(f"/admin/plans/templatesignoff/{own_pk}/history/").status_code == 200
    assert client.get(f"/admin/plans/templatesignoff/{foreign_pk}/history/").status_code == 404


def test_operator_is_not_offered_site_wide_records(client_for, world, council_operator):
    """Sign-in logs, task results and groups belong to no council: a superuser who belongs
    to one gets none of them."""
    council_operator.user_permissions.set(Permission.objects.all())
    client = client_for(council_operator)
    index = client.get("/admin/").content.decode()
    assert "/admin/council/service/" in index
    for url in [
        "/admin/auth/group/",
        "/admin/axes/accessattempt/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
        "/admin/django_tasks_database/dbtaskresult/",
    ]:
        assert url not in index
        assert client.get(url).status_code == 403
