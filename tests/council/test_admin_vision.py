"""The council's vision and values in the operators' admin (the lead sets them in /setup/):
kept only once sanitised, changed by no one but a superuser, and a superuser who belongs to
one council reaches no other."""

import pytest

from council.models import VISION_HEADING_MAX_LENGTH, VISION_MAX_LENGTH, Council, Role
from tests.conftest import person


def change_url(council) -> str:
    return f"/admin/council/council/{council.pk}/change/"


def council_form(council, **fields) -> dict:
    """The change form's POST, as the operator's browser sends it (a box left unticked is not
    sent at all)."""
    data = {
        "name": council.name,
        "short_name": council.short_name,
        "protective_marking": council.protective_marking,
        "vision_heading": council.vision_heading,
        "vision": council.vision,
        "values_heading": council.values_heading,
        "values": council.values,
        "commentary_required": council.commentary_required,
    }
    return data | fields


VISION = "<p>A thriving borough where everyone can live well.</p>"
VALUES = "Respect\nIntegrity\nAmbition"


def test_the_operator_s_council_page_offers_the_vision_and_values_with_their_help(
    client_for, world, council_operator
):
    response = client_for(council_operator).get(change_url(world.council))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Vision and values" in page
    assert "Vision:" in page and "Values:" in page
    assert "Show the vision and values on each plan" in page
    assert "The council's vision statement, printed as written under its heading" in page
    assert "Put each value on its own line." in page
    # Each with its heading, worded as the council words it: today's words to start with.
    assert "Heading of the vision:" in page and "Heading of the values:" in page
    assert 'value="Our vision"' in page and 'value="Our values"' in page
    assert "Leave it blank to print no heading." in page


def test_the_operator_sets_the_vision_and_values_once_for_the_council(
    client_for, world, council_operator
):
    response = client_for(council_operator).post(
        change_url(world.council),
        council_form(world.council, vision=VISION, values=VALUES, vision_on_cover="on"),
    )

    assert response.status_code == 302
    world.council.refresh_from_db()
    assert world.council.vision == VISION
    # Typed without the editor: each value on its own line.
    assert world.council.values == "<p>Respect<br>Integrity<br>Ambition</p>"
    assert world.council.vision_on_cover is True
    assert world.council.history.first().vision == VISION  # who changed it is kept


def test_the_operator_words_the_headings_or_leaves_them_blank(client_for, world, council_operator):
    response = client_for(council_operator).post(
        change_url(world.council),
        council_form(
            world.council, vision=VISION, vision_heading="  Ambition 2030 ", values_heading=""
        ),
    )

    assert response.status_code == 302
    world.council.refresh_from_db()
    assert world.council.vision_heading == "Ambition 2030"
    assert world.council.values_heading == ""
    assert world.council.history.first().vision_heading == "Ambition 2030"


def test_too_long_a_heading_is_refused_and_what_was_typed_is_shown_again(
    client_for, world, council_operator
):
    typed = "H" * (VISION_HEADING_MAX_LENGTH + 1)

    response = client_for(council_operator).post(
        change_url(world.council),
        council_form(world.council, vision_heading=typed, values=VALUES),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f"The heading of the vision must be {VISION_HEADING_MAX_LENGTH} characters" in page
    assert typed in page and "Respect\nIntegrity\nAmbition" in page
    world.council.refresh_from_db()
    assert world.council.vision_heading == "Our vision"


@pytest.mark.parametrize(
    "hostile, forbidden",
    [
        ("<p>Hi</p><script>alert('vision')</script>", ["<script", "alert("]),
        ('<p><a href="javascript:alert(1)">Our vision</a></p>', ["javascript:", "alert("]),
        ('<p onclick="steal()">Respect</p><img src="x" onerror="steal()">', ["onclick", "<img"]),
        ("<style>body{display:none}</style><p>Integrity</p>", ["<style", "display:none"]),
    ],
)
def test_hostile_html_is_removed_before_it_is_kept(
    client_for, world, hostile, forbidden, council_operator
):
    response = client_for(council_operator).post(
        change_url(world.council), council_form(world.council, vision=hostile, values=hostile)
    )

    assert response.status_code == 302
    world.council.refresh_from_db()
    for stored in (world.council.vision, world.council.values):
        assert stored.strip()  # the words stay
        for bad in forbidden:
            assert bad not in stored


def test_a_safe_link_is_kept(client_for, world, council_operator):
    vision = '<p>Read <a href="https://example.org/vision">the strategy</a>.</p>'
    client_for(council_operator).post(
        change_url(world.council), council_form(world.council, vision=vision)
    )

    world.council.refresh_from_db()
    assert 'href="https://example.org/vision"' in world.council.vision
    assert 'rel="noopener noreferrer"' in world.council.vision


def test_an_emptied_editor_keeps_nothing(world):
    world.council.vision = "<p> </p><p><br></p>"
    world.council.values = "   "

    world.council.full_clean()

    assert world.council.vision == ""
    assert world.council.values == ""


def test_too_long_a_vision_is_refused_and_what_was_typed_is_shown_again(
    client_for, world, council_operator
):
    typed = "x" * (VISION_MAX_LENGTH + 1)

    response = client_for(council_operator).post(
        change_url(world.council), council_form(world.council, vision=typed, values=VALUES)
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f"The vision must be {VISION_MAX_LENGTH:,} characters or fewer" in page
    assert "Respect\nIntegrity\nAmbition" in page  # the values typed are still there
    world.council.refresh_from_db()
    assert world.council.vision == ""


def test_another_council_s_operator_cannot_see_or_change_it(client_for, world):
    foreign_operator = person(world.foreign_council, "foreign-op", Role.Name.CLERK)
    foreign_operator.is_superuser = True
    foreign_operator.save()
    client = client_for(foreign_operator)

    assert client.get(change_url(world.council)).status_code == 404
    response = client.post(change_url(world.council), council_form(world.council, vision=VISION))

    assert response.status_code == 404
    world.council.refresh_from_db()
    assert world.council.vision == ""


@pytest.mark.parametrize("who", ["officer", "manager", "clerk", "lead"])
def test_people_who_are_not_superusers_cannot_change_it(client_for, world, who):
    response = client_for(getattr(world, who)).post(
        change_url(world.council), council_form(world.council, vision=VISION)
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    world.council.refresh_from_db()
    assert world.council.vision == ""


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(change_url(world.council))

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert Council.objects.get(pk=world.council.pk).vision == ""
