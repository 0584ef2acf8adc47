"""Load the demo council (Oakhurst District Council) with its people, plans and open return.

It lives in returns, the highest app with demo data, because it loads every app's below it."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from council.demo import load_council_demo
from kpis.demo import load_kpis_demo
from plans.demo import load_plans_demo, publish_previous_demo_plan
from plans.models import Plan
from returns.demo import load_returns_demo
from risks.demo import load_risks_demo


def today():
    return timezone.localdate()


class Command(BaseCommand):
    help = (
        "Load the demo council, its accounts, plans and last quarter's return. Running it "
        "again changes nothing (in a later quarter it opens that quarter's return)."
    )

    def handle(self, *args, **options):
        council = load_council_demo()
        load_plans_demo(council)
        plans = Plan.objects.filter(service__directorate__council=council).count()
        load_kpis_demo(council)
        load_risks_demo(council)
        publish_previous_demo_plan(council)
        parent = load_returns_demo(council, today=today())
        self.stdout.write(
            f"Demo council ready: {council.name}, {plans} plans, the return for "
            f"{parent.period_label} open until {parent.deadline:%-d %B %Y}. "
            "Sign in as admin, officer, officer-b, manager or clerk (password: serviceplans-demo)."
        )
