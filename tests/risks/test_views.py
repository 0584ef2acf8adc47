"""Every risk page: who may see it, who may change it, what it shows and what it refuses."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import User
from risks.forms import RiskForm
from risks.models import AppetiteLevel, Risk, RiskMatrix, ServiceAppetite
from risks.services import BandData, LevelData, matrix_current, matrix_save
from tests import factories


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def risk_data(**overrides):
    data = {
        "reference": "CS10",
        "title": "Loss of accommodation",
        "category": "premises",
        "owner": "Morgan Ellis",
        "description": "",
        "cause": "Fire or flood",
        "consequence": "Office closes",
        "inherent_likelihood": "3",
        "inherent_impact": "4",
        "controls": "Staff can work from home",
        "residual_likelihood": "2",
        "residual_impact": "2",
        "target_likelihood": "",
        "target_impact": "",
        "further_actions": "",
        "review_date": "31/03/2030",
        "status": "open",
        "trend": "stable",
    }
    data.update(overrides)
    return data


@pytest.fixture
def risk(world):
    return factories.RiskFactory(
        service=world.service, reference="CS01", title="Insufficient staff"
    )


# -- Council-wide list ---------------------------------------------------------------------


def test_risk_list_anonymous_is_sent_to_sign_in(client, world):
    assert_login_redirect(client.get(reverse("risks:risk_list")))


def test_risk_list_for_someone_without_a_council_is_404(client_for, db):
    user = User.objects.create_user("nobody", password="x")
    assert client_for(user).get(reverse("risks:risk_list")).status_code == 404


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("officer", {"CS01"}),
        ("officer_b", {"RV01"}),
        ("manager", {"CS01", "WS01"}),
        ("clerk", {"CS01", "WS01", "RV01"}),
        ("lead", {"CS01", "WS01", "RV01"}),
    ],
)
def test_risk_list_shows_the_risks_in_each_roles_scope(client_for, world, who, sees):
    factories.RiskFactory(service=world.service, reference="CS01")
    factories.RiskFactory(service=world.sibling_service, reference="WS01")
    factories.RiskFactory(service=world.other_service, reference="RV01")
    factories.RiskFactory(
        service=world.foreign_plan.service, reference="XX01", title="Foreign risk"
    )
    response = client_for(getattr(world, who)).get(reverse("risks:risk_list"))
    assert response.status_code == 200
    shown = {risk.reference for risk in response.context["object_list"]}
    assert shown == sees
    assert "Foreign risk" not in response.content.decode()


def filtered(client, **params):
    response = client.get(reverse("risks:risk_list"), params)
    assert response.status_code == 200
    return sorted(risk.reference for risk in response.context["object_list"])


def test_risk_list_filters(client_for, world):
    factories.RiskFactory(
        service=world.service,
        reference="A",
        category="ict",
        owner="Sam",
        residual_likelihood=3,
        residual_impact=3,
        review_date=dt.date(2020, 1, 1),
    )
    factories.RiskFactory(service=world.sibling_service, reference="B", owner="Jo")
    factories.RiskFactory(service=world.other_service, reference="C", residual_likelihood=4)
    factories.RiskFactory(service=world.other_service, reference="D", status=Risk.Status.CLOSED)
    client = client_for(world.clerk)
    assert filtered(client) == ["A", "B", "C"]
    assert filtered(client, directorate=world.directorate.pk) == ["A", "B"]
    assert filtered(client, service=world.other_service.pk) == ["C"]
    assert filtered(client, band="High") == ["A", "C"]  # 3×3 = 9 and 4×2 = 8
    assert filtered(client, band="Low") == ["B"]
    assert filtered(client, category="ict") == ["A"]
    assert filtered(client, owner="Jo") == ["B"]
    assert filtered(client, overdue="on") == ["A"]
    assert filtered(client, status="closed") == ["D"]
    assert filtered(client, status="any") == ["A", "B", "C", "D"]


def test_risk_list_flags_risks_past_their_review_date(client_for, world):
    factories.RiskFactory(service=world.service, review_date=dt.date(2020, 1, 1))
    content = client_for(world.clerk).get(reverse("risks:risk_list")).content.decode()
    assert "Review overdue" in content
    assert "High (9)" in content and "Low (4)" in content  # inherent and residual in words


def test_risk_list_bands_work_across_matrix_versions(client_for, world):
    factories.RiskFactory(service=world.service, reference="OLD", residual_likelihood=3)
    matrix_save(
        council=world.council,
        size=5,
        likelihood=[LevelData(f"L{n}") for n in range(1, 6)],
        impact=[LevelData(f"I{n}") for n in range(1, 6)],
        bands=[BandData("Low", "green", 1, 10), BandData("Severe", "red", 11, 25)],
        cells={(1, 1): "Severe"},
        user=None,
    )
    factories.RiskFactory(
        service=world.service, reference="NEW", residual_likelihood=1, residual_impact=1
    )
    client = client_for(world.clerk)
    assert filtered(client, band="Medium") == ["OLD"]  # 3×2 = 6 on version 1
    assert filtered(client, band="Severe") == ["NEW"]  # cell rating on version 2


def make_risks(world, count):
    services = [world.service, world.sibling_service, world.other_service]
    for n in range(count):
        factories.RiskFactory(service=services[n % 3], reference=f"Q{n:03d}", owner=f"Owner {n}")


def test_risk_list_queries_do_not_grow_with_the_data(client_for, world, django_assert_num_queries):
    client = client_for(world.clerk)
    make_risks(world, 3)
    matrix_current(world.council)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("risks:risk_list"), {"category": "workforce"})
    make_risks_more = [
        factories.RiskFactory(service=world.sibling_service, reference=f"M{n:03d}")
        for n in range(30)
    ]
    assert make_risks_more
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("risks:risk_list"), {"category": "workforce"})
    assert len(response.context["object_list"]) == 33


def test_risk_list_kept_for_a_reader_shows_a_changed_risk_at_once(client_for, world, risk):
    """The list is kept between requests; a risk changed changes it on the next one."""
    client = client_for(world.clerk)
    assert "Insufficient staff" in client.get(reverse("risks:risk_list")).content.decode()
    kept = client.get(reverse("risks:risk_list"))
    assert "object_list" not in kept.context  # from the page cache, not loaded again
    assert "Insufficient staff" in kept.content.decode()

    risk.title = "Office flooded"
    risk.save()

    content = client.get(reverse("risks:risk_list")).content.decode()
    assert "Office flooded" in content and "Insufficient staff" not in content


def test_risk_list_kept_is_never_shown_to_a_reader_with_other_services(client_for, world):
    factories.RiskFactory(service=world.other_service, reference="RV01")
    clerk = client_for(world.clerk).get(reverse("risks:risk_list")).content.decode()
    officer = client_for(world.officer).get(reverse("risks:risk_list")).content.decode()
    assert "RV01" in clerk and "RV01" not in officer


def test_risk_list_from_the_page_cache_takes_few_queries(
    client_for, world, django_assert_num_queries
):
    client = client_for(world.clerk)
    make_risks(world, 3)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("risks:risk_list"))
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("risks:risk_list"))
    # Counted now: the log they read is emptied by the next request.
    rendered, kept = len(first.captured_queries), len(again.captured_queries)
    for n in range(30):
        factories.RiskFactory(service=world.sibling_service, reference=f"M{n:03d}")
    client.get(reverse("risks:risk_list"))
    with django_assert_num_queries(kept):
        response = client.get(reverse("risks:risk_list"))
    assert kept < rendered
    assert "33 risks" in response.content.decode()


def test_risk_list_page_past_the_end_is_404(client_for, world, risk):
    client = client_for(world.clerk)
    assert client.get(reverse("risks:risk_list"), {"page": "1"}).status_code == 200
    assert client.get(reverse("risks:risk_list"), {"page": "2"}).status_code == 404
    assert client.get(reverse("risks:risk_list"), {"page": "first"}).status_code == 404


# -- A service's register ------------------------------------------------------------------


def test_register_anonymous_is_sent_to_sign_in(client, world):
    assert_login_redirect(client.get(reverse("risks:register", args=[world.service.pk])))


@pytest.mark.parametrize("who", ["officer_b", "foreign_officer"])
def test_register_out_of_scope_is_404(client_for, world, who):
    response = client_for(getattr(world, who)).get(
        reverse("risks:register", args=[world.service.pk])
    )
    assert response.status_code == 404


def test_register_shows_risks_heat_map_and_appetite(client_for, world, risk):
    factories.ServiceAppetiteFactory(service=world.service, area="Service provision")
    factories.RiskFactory(
        service=world.service, reference="CS02", residual_likelihood=3, residual_impact=3
    )
    response = client_for(world.manager).get(reverse("risks:register", args=[world.service.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Customer Services risk register" in content
    assert "CS01" in content and "Insufficient staff" in content
    assert "Residual risk (with existing controls): 2 risks" in content
    assert "Service provision" in content and "Cautious" in content
    assert "Risks above appetite" in content
    assert "Add a risk" not in content  # managers read the register


def test_register_shows_edit_buttons_to_officers(client_for, world):
    content = (
        client_for(world.officer)
        .get(reverse("risks:register", args=[world.service.pk]))
        .content.decode()
    )
    assert "Add a risk" in content
    assert "There are no open risks on the register." in content


def test_register_queries_do_not_grow(client_for, world, django_assert_num_queries):
    client = client_for(world.officer)
    url = reverse("risks:register", args=[world.service.pk])
    factories.RiskFactory(service=world.service)
    factories.ServiceAppetiteFactory(service=world.service)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        factories.RiskFactory(
            service=world.service, reference=f"N{n}", residual_likelihood=n % 4 + 1
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# -- Adding and changing a risk ------------------------------------------------------------


def test_risk_create_anonymous_is_sent_to_sign_in(client, world):
    assert_login_redirect(client.get(reverse("risks:risk_create", args=[world.service.pk])))


@pytest.mark.parametrize("who", ["manager", "clerk", "lead"])
def test_risk_create_is_403_for_read_only_roles(client_for, world, who):
    url = reverse("risks:risk_create", args=[world.service.pk])
    assert client_for(getattr(world, who)).get(url).status_code == 403
    assert client_for(getattr(world, who)).post(url, risk_data()).status_code == 403
    assert not Risk.objects.exists()


@pytest.mark.parametrize("who", ["officer_b", "foreign_officer"])
def test_risk_create_out_of_scope_is_404(client_for, world, who):
    url = reverse("risks:risk_create", args=[world.service.pk])
    assert client_for(getattr(world, who)).get(url).status_code == 404


def test_risk_create_form_offers_the_matrix_levels(client_for, world):
    response = client_for(world.officer).get(reverse("risks:risk_create", args=[world.service.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "4 – Very likely (80% chance or more)" in content
    assert "1 – Marginal" in content
    assert 'value="CS01"' in content  # a suggested reference


def test_risk_create_saves_against_the_current_matrix(client_for, world):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]), risk_data()
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("risks:register", args=[world.service.pk])
    risk = Risk.objects.get()
    assert (risk.service, risk.matrix) == (world.service, matrix_current(world.council))
    assert (risk.inherent_score, risk.inherent_band.name) == (12, "Very high")
    assert risk.review_date == dt.date(2030, 3, 31)


def test_risk_create_without_an_owner_as_the_register_printed_it(client_for, world):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]),
        risk_data(title="Fraudulent activity", owner=""),
    )
    assert response.status_code == 302
    assert Risk.objects.values_list("title", "owner").get() == ("Fraudulent activity", "")


def test_risk_create_with_a_past_review_date_saves_and_warns(client_for, world):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]),
        risk_data(review_date="01/01/2020"),
        follow=True,
    )
    assert Risk.objects.count() == 1
    assert "The review date of CS10 (01/01/2020) is in the past." in response.content.decode()


def test_risk_create_refuses_a_likelihood_outside_the_matrix(client_for, world):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]),
        risk_data(inherent_likelihood="5", title=""),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Error: Add a risk" in content
    assert "Inherent likelihood must be from 1 to 4 on the 4 × 4 matrix" in content
    assert "Enter the risk" in content
    assert 'value="Morgan Ellis"' in content  # what was typed is kept
    assert not Risk.objects.exists()


def test_risk_create_refuses_a_reference_the_service_has(client_for, world, risk):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]), risk_data(reference="cs01")
    )
    assert response.status_code == 200
    assert "Customer Services already has a risk with reference cs01" in response.content.decode()


CREATORS = 20


def test_simultaneous_creates_with_one_reference_add_one_risk(world, transactional_db, monkeypatch):
    """Twenty people add a risk with the same reference at the same moment: every form passes
    its check before any is saved (a barrier holds them there), one risk is added and the
    others get the form's error, never a server error."""
    barrier = threading.Barrier(CREATORS)
    checked = RiskForm.clean_reference

    def clean_then_wait(form):
        reference = checked(form)
        barrier.wait(timeout=30)
        return reference

    monkeypatch.setattr(RiskForm, "clean_reference", clean_then_wait)
    url = reverse("risks:risk_create", args=[world.service.pk])
    statuses, pages, errors = [], [], []

    def creator():
        try:
            client = Client(raise_request_exception=True)
            client.force_login(world.officer)
            response = client.post(url, risk_data(reference="CS20"))
            statuses.append(response.status_code)
            pages.append(response.content.decode())
        except Exception as error:  # noqa: BLE001 - counted and shown below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=creator) for _ in range(CREATORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(statuses) == [200] * (CREATORS - 1) + [302]
    refused = [page for status, page in zip(statuses, pages, strict=True) if status == 200]
    assert all("Customer Services already has a risk with reference CS20" in p for p in refused)
    assert all('value="Morgan Ellis"' in p for p in refused)  # what was typed is kept
    assert Risk.objects.filter(service=world.service, reference="CS20").count() == 1


def test_risk_update_checklist(client, client_for, world, risk):
    url = reverse("risks:risk_update", args=[risk.pk])
    assert_login_redirect(client.get(url))
    assert client_for(world.manager).get(url).status_code == 403
    assert client_for(world.officer_b).get(url).status_code == 404
    assert client_for(world.foreign_officer).get(url).status_code == 404
    officer = client_for(world.officer)
    assert "Insufficient staff" in officer.get(url).content.decode()
    response = officer.post(url, risk_data(reference="CS01", residual_likelihood="3"))
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.title, risk.residual_likelihood) == ("Loss of accommodation", 3)
    response = officer.post(url, risk_data(reference="CS01", title=""))
    assert response.status_code == 200
    assert "Enter the risk" in response.content.decode()


def test_risk_update_keeps_the_old_matrix_and_offers_to_score_again(client_for, world, risk):
    matrix_save(
        council=world.council,
        size=5,
        likelihood=[LevelData(f"L{n}") for n in range(1, 6)],
        impact=[LevelData(f"I{n}") for n in range(1, 6)],
        bands=[BandData("Low", "green", 1, 10), BandData("High", "red", 11, 25)],
        cells={},
        user=None,
    )
    client = client_for(world.officer)
    content = client.get(reverse("risks:risk_update", args=[risk.pk])).content.decode()
    assert "score it against the current matrix" in content
    response = client.post(
        reverse("risks:risk_update", args=[risk.pk]),
        risk_data(reference="CS01", residual_likelihood="5"),
    )
    assert response.status_code == 200
    assert (
        "Residual likelihood must be from 1 to 4 on the 4 × 4 matrix" in response.content.decode()
    )
    risk.refresh_from_db()
    assert risk.matrix.version == 1


def test_risk_detail_checklist(client, client_for, world, risk):
    url = reverse("risks:risk_detail", args=[risk.pk])
    assert_login_redirect(client.get(url))
    assert client_for(world.officer_b).get(url).status_code == 404
    assert client_for(world.foreign_officer).get(url).status_code == 404
    response = client_for(world.clerk).get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "CS01 Insufficient staff" in content
    assert "Likelihood 3 (Likely) × impact 3 (Critical)" in content
    assert "History" in content and "Created" in content
    assert "Change this risk" not in content


def test_risk_reassess_checklist(client, client_for, world, risk):
    url = reverse("risks:risk_reassess", args=[risk.pk])
    assert_login_redirect(client.get(url))
    assert client_for(world.clerk).get(url).status_code == 403
    assert client_for(world.officer_b).get(url).status_code == 404
    officer = client_for(world.officer)
    # Already on the current matrix: nothing to do.
    assert officer.get(url)["Location"] == risk.get_absolute_url()
    new, _ = matrix_save(
        council=world.council,
        size=5,
        likelihood=[LevelData(f"L{n}") for n in range(1, 6)],
        impact=[LevelData(f"I{n}") for n in range(1, 6)],
        bands=[BandData("Low", "green", 1, 10), BandData("High", "red", 11, 25)],
        cells={},
        user=None,
    )
    content = officer.get(url).content.decode()
    assert "5 – L5" in content and "5 × 5 risk matrix, version 2" in content
    response = officer.post(url, {"inherent_likelihood": "5"})
    assert response.status_code == 200
    assert "Select the inherent impact" in response.content.decode()
    scores = {
        "inherent_likelihood": "5",
        "inherent_impact": "5",
        "residual_likelihood": "5",
        "residual_impact": "3",
    }
    assert officer.post(url, scores).status_code == 302
    risk.refresh_from_db()
    assert (risk.matrix_id, risk.residual_score) == (new.pk, 15)
    assert risk.residual_band.name == "High"


# -- A service's appetite ------------------------------------------------------------------


def appetite_post(rows, existing=()):
    data = {
        "appetite-TOTAL_FORMS": str(len(existing) + len(rows)),
        "appetite-INITIAL_FORMS": str(len(existing)),
        "appetite-MIN_NUM_FORMS": "0",
        "appetite-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate([*existing, *rows]):
        for key, value in row.items():
            data[f"appetite-{index}-{key}"] = value
    return data


def test_appetite_edit_checklist(client, client_for, world):
    url = reverse("risks:appetite_edit", args=[world.service.pk])
    assert_login_redirect(client.get(url))
    assert client_for(world.manager).get(url).status_code == 403
    assert client_for(world.officer_b).get(url).status_code == 404
    assert client_for(world.foreign_officer).get(url).status_code == 404
    officer = client_for(world.officer)
    content = officer.get(url).content.decode()
    assert "Exploratory" in content and "Risk appetite" in content
    cautious = AppetiteLevel.objects.get(council=world.council, name="Cautious")
    response = officer.post(
        url,
        appetite_post([{"area": "Service provision", "level": cautious.pk, "reason": "Statutory"}]),
    )
    assert response.status_code == 302
    appetite = ServiceAppetite.objects.get()
    assert (appetite.service, appetite.level, appetite.reason) == (
        world.service,
        cautious,
        "Statutory",
    )


def test_appetite_edit_refuses_a_missing_level_and_a_repeated_area(client_for, world):
    url = reverse("risks:appetite_edit", args=[world.service.pk])
    officer = client_for(world.officer)
    officer.get(url)  # creates the default scale
    cautious = AppetiteLevel.objects.get(council=world.council, name="Cautious")
    response = officer.post(
        url,
        appetite_post(
            [
                {"area": "Service provision", "level": cautious.pk},
                {"area": "service provision", "level": ""},
            ]
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Error: Risk appetite" in content
    assert "Area 2: Select the risk appetite" in content
    assert not ServiceAppetite.objects.exists()


def test_appetite_edit_refuses_another_councils_level(client_for, world):
    url = reverse("risks:appetite_edit", args=[world.service.pk])
    client_for(world.foreign_officer).get(
        reverse("risks:register", args=[world.foreign_plan.service.pk])
    )
    from risks.services import appetite_scale

    foreign_level = appetite_scale(world.foreign_council)[0]
    response = client_for(world.officer).post(
        url, appetite_post([{"area": "X", "level": foreign_level.pk}])
    )
    assert response.status_code == 200
    assert "Select a risk appetite from the list" in response.content.decode()


# -- The council's matrix and appetite scale -----------------------------------------------


def test_matrix_detail_checklist(client, client_for, world):
    url = reverse("risks:matrix_detail")
    assert_login_redirect(client.get(url))
    response = client_for(world.clerk).get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "4 × 4 risk matrix, version 1" in content
    assert "Very likely" in content and "80% chance or more" in content
    assert "Catastrophic" in content and "Very high" in content
    assert "Minimal" in content and "Seeking" in content
    assert "Change the matrix" not in content
    assert "Change the matrix" in client_for(world.lead).get(url).content.decode()


def matrix_post(size=4, bands=None, cells=None, likelihood=None, impact=None, axes=None):
    likelihood = likelihood or ["Remote", "Unlikely", "Likely", "Very likely", ""]
    impact = impact or ["Marginal", "Significant", "Critical", "Catastrophic", ""]
    bands = bands or [
        ("Low", "green", 1, 4),
        ("Medium", "yellow", 5, 6),
        ("High", "orange", 7, 9),
        ("Very high", "red", 10, 16),
    ]
    data = {"size": str(size)}
    for prefix, title in (("likelihood", "Likelihood"), ("impact", "Impact")):
        data.update(
            {f"{prefix}_axis-title": title, f"{prefix}_axis-low": "", f"{prefix}_axis-high": ""}
        )
    data.update(axes or {})
    for prefix, labels in (("likelihood", likelihood), ("impact", impact)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "5",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "5",
                f"{prefix}-MAX_NUM_FORMS": "5",
            }
        )
        for index, label in enumerate(labels):
            data[f"{prefix}-{index}-label"] = label
            data[f"{prefix}-{index}-description"] = ""
    data.update(
        {
            "bands-TOTAL_FORMS": str(len(bands)),
            "bands-INITIAL_FORMS": "0",
            "bands-MIN_NUM_FORMS": "0",
            "bands-MAX_NUM_FORMS": "1000",
        }
    )
    for index, (name, colour, low, high) in enumerate(bands):
        data.update(
            {
                f"bands-{index}-name": name,
                f"bands-{index}-colour": colour,
                f"bands-{index}-min_score": str(low),
                f"bands-{index}-max_score": str(high),
            }
        )
    for (row, column), band in (cells or {}).items():
        data[f"cell-{row}_{column}"] = band
    return data


def test_matrix_edit_checklist(client, client_for, world):
    url = reverse("risks:matrix_edit")
    assert_login_redirect(client.get(url))
    for who in ("officer", "manager", "clerk"):
        assert client_for(getattr(world, who)).get(url).status_code == 403
        assert client_for(getattr(world, who)).post(url, matrix_post()).status_code == 403
    lead = client_for(world.lead)
    content = lead.get(url).content.decode()
    assert 'value="Very likely"' in content and 'value="Catastrophic"' in content
    response = lead.post(
        url, matrix_post(likelihood=["Rare", "Unlikely", "Possible", "Likely", ""])
    )
    assert response.status_code == 302
    matrix = matrix_current(world.council)
    assert [lvl.label for lvl in matrix.likelihood_levels] == [
        "Rare",
        "Unlikely",
        "Possible",
        "Likely",
    ]
    assert (
        not RiskMatrix.objects.filter(council=world.foreign_council)
        .exclude(levels__label="Remote")
        .filter(levels__label="Rare")
        .exists()
    )


def test_matrix_edit_refuses_gaps_and_overlaps(client_for, world):
    lead = client_for(world.lead)
    response = lead.post(
        reverse("risks:matrix_edit"),
        matrix_post(bands=[("Low", "green", 1, 5), ("High", "red", 5, 12)]),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Error: Change the risk matrix" in content
    assert "Low and High overlap: score 5 is in both." in content
    assert "Scores 13 to 16 are in no band: every score from 1 to 16 needs a band." in content
    assert [b.name for b in matrix_current(world.council).band_list] == [
        "Low",
        "Medium",
        "High",
        "Very high",
    ]


def test_matrix_edit_needs_a_label_per_level(client_for, world):
    response = client_for(world.lead).post(
        reverse("risks:matrix_edit"),
        matrix_post(size=5, bands=[("All", "green", 1, 25)]),
    )
    assert response.status_code == 200
    assert "Enter a label for likelihood level 5" in response.content.decode()


def test_matrix_edit_gives_one_error_for_a_score_that_is_not_a_number(client_for, world):
    data = matrix_post(bands=[("Low", "green", 1, 8), ("High", "red", 9, 16)])
    data["bands-0-min_score"] = "five"
    data["bands-1-max_score"] = ""
    content = client_for(world.lead).post(reverse("risks:matrix_edit"), data).content.decode()
    assert "Band 1: Lowest score must be a whole number, like 5" in content
    assert "Enter the lowest score of Low" not in content
    assert "Band 2: Enter the highest score of High" in content


def test_matrix_edit_on_a_matrix_in_use_makes_a_new_version(client_for, world, risk):
    lead = client_for(world.lead)
    assert (
        "1 risk is scored against version 1"
        in lead.get(reverse("risks:matrix_edit")).content.decode()
    )
    response = lead.post(
        reverse("risks:matrix_edit"),
        matrix_post(cells={(4, 1): "High"}),
        follow=True,
    )
    content = response.content.decode()
    assert "The matrix has been saved as version 2." in content
    risk.refresh_from_db()
    assert risk.matrix.version == 1
    assert matrix_current(world.council).band_for(4, 1).name == "High"


def appetite_scale_post(levels):
    data = {
        "levels-TOTAL_FORMS": str(len(levels)),
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
    }
    for index, (name, tolerance) in enumerate(levels):
        data.update(
            {
                f"levels-{index}-name": name,
                f"levels-{index}-description": f"{name} means",
                f"levels-{index}-tolerance": str(tolerance),
            }
        )
    return data


def test_appetite_scale_edit_checklist(client, client_for, world):
    url = reverse("risks:appetite_scale_edit")
    assert_login_redirect(client.get(url))
    assert client_for(world.officer).get(url).status_code == 403
    assert client_for(world.clerk).post(url, appetite_scale_post([("A", 1)])).status_code == 403
    lead = client_for(world.lead)
    assert 'value="Exploratory"' in lead.get(url).content.decode()
    levels = [("Averse", 2), ("Minimal", 4), ("Cautious", 6), ("Open", 9), ("Eager", 16)]
    assert lead.post(url, appetite_scale_post(levels)).status_code == 302
    assert list(
        AppetiteLevel.objects.filter(council=world.council).values_list("name", flat=True)
    ) == ["Averse", "Minimal", "Cautious", "Open", "Eager"]
    response = lead.post(url, appetite_scale_post([("High", 9), ("Low", 2), ("Bad", "")]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Error: Change the risk appetite scale" in content
    assert "Level 3: Enter the highest residual score Bad accepts" in content
    response = lead.post(url, appetite_scale_post([("High", 9), ("Low", 2)]))
    assert "Each level must accept the same or a higher residual score" in response.content.decode()


def test_header_has_a_risks_item(client_for, world):
    content = client_for(world.officer).get(reverse("risks:risk_list")).content.decode()
    assert 'href="/risks/" aria-current="page"' in content


def test_matrix_edit_saving_the_page_unchanged_keeps_the_version(client_for, world, risk):
    response = client_for(world.lead).post(reverse("risks:matrix_edit"), matrix_post(), follow=True)
    assert "The risk matrix has been saved." in response.content.decode()
    assert RiskMatrix.objects.filter(council=world.council).count() == 1
    assert [b.name for b in matrix_current(world.council).band_list] == [
        "Low",
        "Medium",
        "High",
        "Very high",
    ]


def test_admin_shows_only_the_operators_councils_risks_read_only(
    client_for, world, risk, council_operator
):
    factories.RiskFactory(service=world.foreign_plan.service, reference="XX01", title="Foreign")
    client = client_for(council_operator)
    response = client.get("/admin/risks/risk/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Insufficient staff" in content and "Foreign" not in content
    assert client.get(f"/admin/risks/risk/{risk.pk}/change/").status_code == 200
    assert client.post("/admin/risks/risk/add/", {}).status_code == 403
