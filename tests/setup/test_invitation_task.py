"""The worker's invitations of imported people: only those still waiting are e-mailed."""

import pytest
from django.core import mail

from setup.tasks import invitations_send
from tests import factories

pytestmark = pytest.mark.django_db


def test_only_active_people_without_a_password_are_invited(
    world, django_capture_on_commit_callbacks
):
    waiting = factories.UserFactory(council=world.council, email="waiting@testshire.gov.uk")
    waiting.set_unusable_password()
    waiting.save()
    signed_up = factories.UserFactory(council=world.council, email="done@testshire.gov.uk")
    left = factories.UserFactory(
        council=world.council, email="left@testshire.gov.uk", is_active=False
    )
    left.set_unusable_password()
    left.save()

    with django_capture_on_commit_callbacks(execute=True):
        sent = invitations_send.call([waiting.pk, signed_up.pk, left.pk], world.lead.pk)

    assert sent == 1
    assert [message.to for message in mail.outbox] == [["waiting@testshire.gov.uk"]]
