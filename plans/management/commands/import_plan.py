"""Create a new draft plan from an export file, after checking every part of it."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from council.models import Service
from plans.exchange.format import MAX_FILE_BYTES, PlanFileError, plan_file_load
from plans.exchange.plan_file import plan_import


class Command(BaseCommand):
    help = (
        "Import a plan exported with export_plan as a new draft plan of a service. The whole "
        "file is checked first; when anything is wrong nothing is written and every problem "
        "is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--service", required=True, help="Code of the service, e.g. 'waste'.")
        parser.add_argument(
            "--council", help="Name of the council, when several councils use the service code."
        )

    def handle(self, *args, file, service, council=None, **options):
        services = Service.objects.filter(code=service).select_related("directorate__council")
        if council:
            services = services.filter(directorate__council__name=council)
        services = list(services)
        if not services:
            raise CommandError(f"There is no service with the code {service!r}.")
        if len(services) > 1:
            raise CommandError(
                f"Several councils have a service {service!r}: name one with --council "
                f"({', '.join(sorted(s.directorate.council.name for s in services))})."
            )
        try:
            with open(file, "rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        if len(raw) > MAX_FILE_BYTES:
            raise CommandError(f"{file} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        try:
            data = plan_file_load(raw)
        except PlanFileError as error:
            raise CommandError(f"{file}: {error}.") from None
        try:
            plan = plan_import(data=data, service=services[0], user=None)
        except ValidationError as error:
            raise CommandError(
                f"Nothing was imported: {len(error.messages)} problem(s) in {file}:\n"
                + "\n".join(f"  - {message}" for message in error.messages)
            ) from None
        self.stdout.write(f"Imported {plan} as a new draft plan (id {plan.pk}).")
        for note in plan.import_notes:
            self.stdout.write(f"  Note: {note}")
