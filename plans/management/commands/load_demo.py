"""Load the demo council (Oakhurst District Council) with its people and plans."""

from django.core.management.base import BaseCommand

from council.demo import load_council_demo
from kpis.demo import load_kpis_demo
from plans.demo import load_plans_demo, publish_previous_demo_plan
from plans.models import Plan
from risks.demo import load_risks_demo


class Command(BaseCommand):
    help = "Load the demo council, its accounts and plans. Running it again changes nothing."

    def handle(self, *args, **options):
        council = load_council_demo()
        load_plans_demo(council)
        plans = Plan.objects.filter(service__directorate__council=council).count()
        load_kpis_demo(council)
        load_risks_demo(council)
        publish_previous_demo_plan(council)
        self.stdout.write(
            f"Demo council ready: {council.name}, {plans} plans. "
            "Sign in as admin, officer, officer-b, manager or clerk (password: serviceplans-demo)."
        )
