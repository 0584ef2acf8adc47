"""The performance lead's set-up pages: who may use them, what they show and save, and
what they refuse."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Directorate, Role, Service, User
from setup.services import person_invite
from tests import factories

PAGES = [
    ("setup:task_list", []),
    ("setup:council_profile", []),
    ("setup:directorate_list", []),
    ("setup:directorate_add", []),
    ("setup:service_add", []),
    ("setup:person_list", []),
    ("setup:person_add", []),
]


def object_pages(world) -> list[str]:
    return [
        reverse("setup:directorate_change", args=[world.directorate.pk]),
        reverse("setup:service_change", args=[world.service.pk]),
        reverse("setup:person_change", args=[world.officer.pk]),
    ]


def all_pages(world) -> list[str]:
    return [reverse(name, args=args) for name, args in PAGES] + object_pages(world)


def test_anonymous_is_sent_to_sign_in(client, world):
    for url in all_pages(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_the_lead_sees_every_page(client_for, world):
    client = client_for(world.lead)
    for url in all_pages(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, role):
    client = client_for(getattr(world, role))
    for url in all_pages(world):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only the performance lead can set up the council." in response.text
    response = client.post(reverse("setup:person_deactivate", args=[world.officer_b.pk]))
    assert response.status_code == 403
    world.officer_b.refresh_from_db()
    assert world.officer_b.is_active


def test_another_councils_lead_finds_none_of_this_councils_records(client_for, world):
    foreign_lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=foreign_lead, name=Role.Name.PERFORMANCE_LEAD)
    client = client_for(foreign_lead)
    for url in object_pages(world):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Taken over"}).status_code == 404, url
    response = client.post(reverse("setup:person_deactivate", args=[world.officer.pk]))
    assert response.status_code == 404
    world.officer.refresh_from_db()
    assert world.officer.is_active
    # Their own lists show their own council only.
    page = client.get(reverse("setup:directorate_list")).text
    assert "Resources" not in page
    assert world.officer.get_full_name() not in client.get(reverse("setup:person_list")).text


def test_nav_links_the_lead_to_set_up_and_no_one_else(client_for, world):
    setup_url = reverse("setup:task_list")
    assert f'href="{setup_url}"' in client_for(world.lead).get(reverse("dashboard")).text
    assert f'href="{setup_url}"' not in client_for(world.officer).get(reverse("dashboard")).text


# -- Task list ---------------------------------------------------------------------------------


def test_task_list_shows_statuses_from_the_data(client_for, world):
    page = client_for(world.lead).get(reverse("setup:task_list")).text
    assert "govuk-task-list" in page
    # Every directorate has a service, and each service an officer? Revenues and Customer
    # Services have, Waste has not: people are incomplete.
    assert f'href="{reverse("setup:directorate_list")}"' in page
    assert f'href="{reverse("setup:person_list")}"' in page
    assert "Cannot start yet" not in page
    assert "Financial years" in page


def test_task_statuses(world):
    from setup.checklist import (
        COMPLETED,
        INCOMPLETE,
        NOT_STARTED,
        people_status,
        profile_status,
        structure_status,
    )

    council = world.council
    assert structure_status(council) == COMPLETED
    assert people_status(council) == INCOMPLETE  # Waste has no officer
    factories.RoleFactory(user=world.officer, name=Role.Name.OFFICER, service=world.sibling_service)
    assert people_status(council) == COMPLETED
    factories.DirectorateFactory(council=council, name="Place")
    assert structure_status(council) == INCOMPLETE
    assert profile_status(council) == INCOMPLETE
    council.vision, council.values, council.protective_marking = "<p>A</p>", "<p>B</p>", "OFFICIAL"
    assert profile_status(council) == COMPLETED

    empty = factories.CouncilFactory(name="Empty Council")
    lead = factories.UserFactory(council=empty, username="empty-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    assert structure_status(empty) == NOT_STARTED
    assert people_status(empty) == NOT_STARTED


# -- Council profile ---------------------------------------------------------------------------


def profile_data(**changes):
    data = {
        "name": "Testshire District Council",
        "short_name": "Testshire",
        "protective_marking": "OFFICIAL",
        "vision_heading": "Our vision",
        "vision": "A greener district.",
        "values_heading": "Our values",
        "values": "Respect",
    }
    return {**data, **changes}


def test_profile_saves_and_sanitises(client_for, world):
    response = client_for(world.lead).post(
        reverse("setup:council_profile"),
        profile_data(vision="<p>A greener district.</p><script>alert(1)</script>"),
    )
    assert response.status_code == 302
    world.council.refresh_from_db()
    assert world.council.protective_marking == "OFFICIAL"
    assert world.council.vision == "<p>A greener district.</p>"


def test_profile_refuses_a_blank_or_taken_name(client_for, world):
    client = client_for(world.lead)
    response = client.post(reverse("setup:council_profile"), profile_data(name=""))
    assert response.status_code == 200
    assert "Enter the council&#x27;s name" in response.text
    assert "<title>Error: " in response.text
    response = client.post(
        reverse("setup:council_profile"), profile_data(name="elsewhere borough council")
    )
    assert "Another council already uses this name" in response.text
    world.council.refresh_from_db()
    assert world.council.name == "Testshire District Council"


# -- Directorates and services -----------------------------------------------------------------


def test_add_and_change_a_directorate(client_for, world):
    client = client_for(world.lead)
    response = client.post(reverse("setup:directorate_add"), {"name": "Place", "director": "Jo"})
    assert response.status_code == 302
    place = Directorate.objects.get(name="Place")
    assert place.council == world.council
    response = client.post(
        reverse("setup:directorate_change", args=[place.pk]), {"name": "Place and Growth"}
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.name == "Place and Growth"


def test_a_duplicate_directorate_is_a_form_error(client_for, world):
    response = client_for(world.lead).post(reverse("setup:directorate_add"), {"name": "resources"})
    assert response.status_code == 200
    assert "There is already a directorate called resources" in response.text
    assert Directorate.objects.filter(council=world.council).count() == 2
    # Another council's directorate of that name is no clash.
    foreign_lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=foreign_lead, name=Role.Name.PERFORMANCE_LEAD)
    response = client_for(foreign_lead).post(
        reverse("setup:directorate_add"), {"name": "Resources"}
    )
    assert response.status_code == 302


def service_data(world, **changes):
    return {"directorate": world.other_directorate.pk, "name": "Licensing", "code": "", **changes}


def test_add_a_service_makes_its_code_from_the_name(client_for, world):
    response = client_for(world.lead).post(reverse("setup:service_add"), service_data(world))
    assert response.status_code == 302
    service = Service.objects.get(name="Licensing")
    assert service.directorate == world.other_directorate
    assert service.code == "licensing"


def test_a_duplicate_service_name_in_a_directorate_is_a_form_error(client_for, world):
    client = client_for(world.lead)
    data = service_data(world, directorate=world.directorate.pk, name="Waste", code="waste-2")
    response = client.post(reverse("setup:service_add"), data)
    assert response.status_code == 200
    assert "Community already has a service called Waste" in response.text
    assert Service.objects.filter(name="Waste").count() == 1
    # The same name in another directorate is allowed.
    data["directorate"] = world.other_directorate.pk
    assert client.post(reverse("setup:service_add"), data).status_code == 302


def test_a_duplicate_service_code_is_a_form_error(client_for, world):
    data = service_data(world, code=world.service.code)
    response = client_for(world.lead).post(reverse("setup:service_add"), data)
    assert f"Another service of the council has the code {world.service.code}" in response.text
    assert not Service.objects.filter(name="Licensing").exists()


def test_a_service_cannot_go_to_another_councils_directorate(client_for, world):
    foreign = Directorate.objects.get(council=world.foreign_council)
    data = service_data(world, directorate=foreign.pk)
    response = client_for(world.lead).post(reverse("setup:service_add"), data)
    assert response.status_code == 200
    assert "Select one of the council&#x27;s directorates" in response.text
    assert not Service.objects.filter(name="Licensing").exists()


def test_change_a_service(client_for, world):
    url = reverse("setup:service_change", args=[world.service.pk])
    data = service_data(world, name="Customer Contact", code="customer-contact")
    assert client_for(world.lead).post(url, data).status_code == 302
    world.service.refresh_from_db()
    assert (world.service.name, world.service.directorate) == (
        "Customer Contact",
        world.other_directorate,
    )


# -- People ------------------------------------------------------------------------------------


def person_data(**changes):
    data = {
        "first_name": "Sam",
        "last_name": "Okafor",
        "email": "Sam.Okafor@Testshire.gov.uk",
        "job_title": "Licensing officer",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-name": "",
        "roles-0-scope": "",
        "roles-1-name": "",
        "roles-1-scope": "",
    }
    return {**data, **changes}


def test_role_scopes_name_the_directorate_of_each_service(client_for, world):
    page = client_for(world.lead).get(reverse("setup:person_add")).text
    assert "Customer Services (Community)" in page
    assert "Revenues (Resources)" in page
    assert "The whole council" in page
    assert "Customer Services (Community)" in page
    assert page.count(">Customer Services (") == 2  # two rows; none of another council


def test_add_a_person_with_roles_sends_an_invitation(
    client_for, world, django_capture_on_commit_callbacks
):
    data = person_data(
        **{
            "roles-0-name": "officer",
            "roles-0-scope": f"service-{world.sibling_service.pk}",
            "roles-1-name": "manager",
            "roles-1-scope": f"directorate-{world.other_directorate.pk}",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.lead).post(reverse("setup:person_add"), data)
    assert response.status_code == 302
    sam = User.objects.get(email="sam.okafor@testshire.gov.uk")
    assert sam.username == "sam.okafor@testshire.gov.uk"
    assert sam.council == world.council
    assert not sam.has_usable_password()
    roles = {(r.name, r.service_id, r.directorate_id) for r in sam.roles.all()}
    assert roles == {
        ("officer", world.sibling_service.pk, None),
        ("manager", None, world.other_directorate.pk),
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam.okafor@testshire.gov.uk"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_a_person_without_roles_can_be_added(client_for, world):
    response = client_for(world.lead).post(reverse("setup:person_add"), person_data())
    assert response.status_code == 302
    assert User.objects.get(username="sam.okafor@testshire.gov.uk").roles.count() == 0


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", "Enter an email address in the correct format"),
        ("", "Enter the person&#x27;s email address"),
    ],
)
def test_a_bad_email_is_refused(client_for, world, email, message):
    response = client_for(world.lead).post(reverse("setup:person_add"), person_data(email=email))
    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.filter(first_name="Sam").exists()


def test_an_email_in_use_is_refused_whatever_its_case(client_for, world):
    world.foreign_officer.email = "sam.okafor@testshire.gov.uk"
    world.foreign_officer.save()
    response = client_for(world.lead).post(reverse("setup:person_add"), person_data())
    assert "Someone already has an account with this email address" in response.text
    assert not User.objects.filter(first_name="Sam").exists()


def test_a_role_without_its_scope_or_given_twice_is_refused(client_for, world):
    client = client_for(world.lead)
    response = client.post(reverse("setup:person_add"), person_data(**{"roles-0-name": "officer"}))
    assert "Select what the role covers" in response.text
    twice = {
        "roles-0-name": "clerk",
        "roles-0-scope": "council",
        "roles-1-name": "clerk",
        "roles-1-scope": "council",
    }
    response = client.post(reverse("setup:person_add"), person_data(**twice))
    assert "This person already has this role" in response.text
    assert not User.objects.filter(first_name="Sam").exists()


def test_a_role_over_another_councils_service_is_refused(client_for, world):
    foreign_service = Service.objects.get(directorate__council=world.foreign_council)
    data = person_data(
        **{"roles-0-name": "officer", "roles-0-scope": f"service-{foreign_service.pk}"}
    )
    response = client_for(world.lead).post(reverse("setup:person_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not User.objects.filter(first_name="Sam").exists()


def change_data(world, person, **changes):
    roles = list(person.roles.all())
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email or "officer@testshire.gov.uk",
        "job_title": "",
        "roles-TOTAL_FORMS": str(len(roles) + 2),
        "roles-INITIAL_FORMS": str(len(roles)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        scope = f"service-{role.service_id}" if role.service_id else "council"
        data |= {f"roles-{i}-id": role.pk, f"roles-{i}-name": role.name, f"roles-{i}-scope": scope}
    for i in range(len(roles), len(roles) + 2):
        data |= {f"roles-{i}-name": "", f"roles-{i}-scope": ""}
    return {**data, **changes}


def test_change_a_persons_roles(client_for, world):
    officer = world.officer
    data = change_data(
        world,
        officer,
        **{
            "roles-0-scope": f"service-{world.sibling_service.pk}",
            "roles-1-name": "clerk",
            "roles-1-scope": "council",
        },
    )
    response = client_for(world.lead).post(reverse("setup:person_change", args=[officer.pk]), data)
    assert response.status_code == 302
    roles = {(r.name, r.service_id) for r in Role.objects.filter(user=officer)}
    assert roles == {("officer", world.sibling_service.pk), ("clerk", None)}


def test_remove_a_role(client_for, world):
    data = change_data(world, world.officer, **{"roles-0-DELETE": "on"})
    url = reverse("setup:person_change", args=[world.officer.pk])
    assert client_for(world.lead).post(url, data).status_code == 302
    assert not Role.objects.filter(user=world.officer).exists()


def test_a_new_role_that_repeats_one_held_is_refused(client_for, world):
    scope = f"service-{world.service.pk}"
    data = change_data(world, world.officer, **{"roles-1-name": "officer", "roles-1-scope": scope})
    url = reverse("setup:person_change", args=[world.officer.pk])
    response = client_for(world.lead).post(url, data)
    assert response.status_code == 200
    assert "This person already has this role" in response.text
    assert Role.objects.filter(user=world.officer).count() == 1


def test_deactivate_a_leaver_keeps_their_roles_and_history(client_for, world):
    url = reverse("setup:person_deactivate", args=[world.officer.pk])
    response = client_for(world.lead).post(url)
    assert response.status_code == 302
    world.officer.refresh_from_db()
    assert not world.officer.is_active
    assert world.officer.roles.count() == 1
    assert world.officer.history.count() >= 2
    page = client_for(world.lead).get(reverse("setup:person_list")).text
    assert "Deactivated" in page


def test_the_lead_cannot_deactivate_themselves(client_for, world):
    client = client_for(world.lead)
    response = client.post(reverse("setup:person_deactivate", args=[world.lead.pk]), follow=True)
    assert "You cannot deactivate your own account." in response.text
    world.lead.refresh_from_db()
    assert world.lead.is_active


def test_deactivate_is_post_only(client_for, world):
    url = reverse("setup:person_deactivate", args=[world.officer.pk])
    assert client_for(world.lead).get(url).status_code == 405


def people_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("setup:person_list")).status_code == 200
    return len(queries)


def test_people_list_queries_do_not_grow_with_people(client_for, world):
    client = client_for(world.lead)
    before = people_list_queries(client)
    for n in range(10):
        user = factories.UserFactory(council=world.council, username=f"more-{n}")
        factories.RoleFactory(user=user, name=Role.Name.OFFICER, service=world.other_service)
        factories.RoleFactory(user=user, name=Role.Name.MANAGER, directorate=world.directorate)
    assert people_list_queries(client) == before


def test_an_invited_persons_username_follows_their_email(client_for, world):
    sam = person_invite(
        user=User(first_name="Sam", last_name="Okafor", email="sam@testshire.gov.uk"),
        council=world.council,
    )
    data = change_data(world, sam, email="Sam.Okafor@Testshire.gov.uk")
    url = reverse("setup:person_change", args=[sam.pk])
    assert client_for(world.lead).post(url, data).status_code == 302
    sam.refresh_from_db()
    assert (sam.email, sam.username) == ("sam.okafor@testshire.gov.uk",) * 2
    # Someone who signs in with a username of their own keeps it.
    data = change_data(world, world.officer, email="officer@testshire.gov.uk")
    url = reverse("setup:person_change", args=[world.officer.pk])
    assert client_for(world.lead).post(url, data).status_code == 302
    world.officer.refresh_from_db()
    assert world.officer.username == "officer"


def test_send_the_invitation_again(client_for, world, django_capture_on_commit_callbacks):
    sam = person_invite(
        user=User(first_name="Sam", last_name="Okafor", email="sam@testshire.gov.uk"),
        council=world.council,
    )
    client = client_for(world.lead)
    page = client.get(reverse("setup:person_list")).text
    assert "Invited" in page
    url = reverse("setup:person_invite_again", args=[sam.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "A new invitation has been sent to sam@testshire.gov.uk." in response.text
    assert [m.to for m in mail.outbox] == [["sam@testshire.gov.uk"]]
    # Someone with a password of their own is not invited again.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("setup:person_invite_again", args=[world.officer.pk]), follow=True
        )
    assert "has set their password already" in response.text
    assert len(mail.outbox) == 1


def test_invite_again_is_the_leads_own_councils_only(client_for, world):
    url = reverse("setup:person_invite_again", args=[world.foreign_officer.pk])
    assert client_for(world.lead).post(url).status_code == 404
    assert client_for(world.clerk).post(url).status_code == 403


def test_the_lead_is_linked_to_set_up_and_never_to_the_admin(client_for, world):
    client = client_for(world.lead)
    page = client.get(reverse("dashboard")).text
    assert f'href="{reverse("setup:task_list")}"' in page
    assert f'href="{reverse("admin:index")}"' not in page
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin's sign-in


def test_a_superuser_who_is_not_the_lead_is_linked_to_the_admin(client_for, world):
    world.clerk.is_superuser = True
    world.clerk.save()
    page = client_for(world.clerk).get(reverse("dashboard")).text
    assert f'href="{reverse("admin:index")}"' in page
    assert f'href="{reverse("setup:task_list")}"' not in page


def test_the_lead_cannot_take_their_own_lead_role_away(client_for, world):
    data = change_data(world, world.lead, **{"roles-0-DELETE": "on"})
    url = reverse("setup:person_change", args=[world.lead.pk])
    response = client_for(world.lead).post(url, data)
    assert response.status_code == 200
    assert "You cannot remove your own performance lead role." in response.text
    assert 'href="#roles-heading"' in response.text
    assert world.lead.roles.get().name == Role.Name.PERFORMANCE_LEAD
    # Changing their own details, role kept, is fine.
    data = change_data(world, world.lead, first_name="Priya")
    assert client_for(world.lead).post(url, data).status_code == 302


def test_a_role_is_checked_against_an_unsaved_persons_council(world):
    from django.core.exceptions import ValidationError

    newcomer = User(username="new", council=world.council)
    foreign_service = Service.objects.get(directorate__council=world.foreign_council)
    role = Role(user=newcomer, name=Role.Name.OFFICER, service=foreign_service)
    with pytest.raises(ValidationError) as error:
        role.clean()
    assert error.value.message_dict["service"] == ["Choose a service of the user's council."]
    Role(name=Role.Name.OFFICER, service=foreign_service).clean()  # no person yet: later
