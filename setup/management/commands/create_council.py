"""manage.py create_council "Name" --lead email: how a council starts from nothing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from setup.services import council_create


class Command(BaseCommand):
    help = (
        "Create a council and its first performance lead, and e-mail the lead a link to set "
        "their password. The link is printed too, for an operator without e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name", help="The council's full name, e.g. 'Testshire District Council'."
        )
        parser.add_argument("--lead", required=True, help="The performance lead's e-mail address.")

    def handle(self, *args, name, lead, **options):
        try:
            validate_email(lead.strip())
            council, user, link = council_create(name=name, lead_email=lead)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created {council} with its performance lead {user.email}.")
        self.stdout.write(f"The invitation has been e-mailed. Its one-time link:\n{link}")
