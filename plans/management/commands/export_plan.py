"""Write a plan with all its parts as JSON (format: docs/plan-export-format.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from plans.exchange.plan_file import plan_export
from plans.models import Plan


class Command(BaseCommand):
    help = "Export a plan and every part of it as JSON, to standard output or --output FILE."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, plan_id, output=None, **options):
        plan = Plan.objects.select_related("service__directorate__council").filter(pk=plan_id)
        if not plan:
            raise CommandError(f"There is no plan with id {plan_id}.")
        text = json.dumps(plan_export(plan=plan[0]), indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stderr.write(f"Wrote {plan[0]} to {output}.")
        else:
            self.stdout.write(text)
