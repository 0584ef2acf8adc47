"""The demo council's structure and people, from fixtures/demo/council.json. Safe to run twice."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from council.models import (
    CorporatePriority,
    Council,
    Directorate,
    FinancialYear,
    Objective,
    Role,
    Service,
    User,
)
from council.richtext import clean_html

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"


def read_demo(name: str) -> dict:
    return json.loads((DEMO_DIR / name).read_text())


@transaction.atomic
def load_council_demo() -> Council:
    """Create or update the demo council; existing records are found by name, never duplicated."""
    data = read_demo("council.json")
    fields = dict(data["council"])
    for name in ("vision", "values"):  # rich text, sanitised as the lead's is (Council.clean)
        fields[name] = clean_html(fields.get(name, ""))
    council, _ = Council.objects.update_or_create(name=fields["name"], defaults=fields)
    years = data["years"]
    for start_year in range(years["first"], years["last"] + 1):
        FinancialYear.objects.get_or_create(council=council, start_year=start_year)
    FinancialYear.objects.filter(council=council).exclude(start_year=years["current"]).update(
        is_current=False
    )
    FinancialYear.objects.filter(council=council, start_year=years["current"]).update(
        is_current=True
    )

    for item in data["directorates"]:
        directorate, _ = Directorate.objects.get_or_create(
            council=council, name=item["name"], defaults={"director": item["director"]}
        )
        for service in item["services"]:
            Service.objects.get_or_create(
                directorate=directorate,
                name=service["name"],
                defaults={k: v for k, v in service.items() if k != "name"},
            )

    for position, item in enumerate(data["priorities"], start=1):
        priority, _ = CorporatePriority.objects.get_or_create(
            council=council, title=item["title"], defaults={"position": position}
        )
        for index, title in enumerate(item["objectives"], start=1):
            Objective.objects.get_or_create(
                priority=priority, title=title, defaults={"position": index}
            )

    for person in data["people"]:
        user, created = User.objects.get_or_create(
            username=person["username"],
            defaults={
                "council": council,
                "first_name": person["first_name"],
                "last_name": person["last_name"],
                "job_title": person["job_title"],
                "email": f"{person['username']}@oakhurst.example",
                "is_staff": person.get("superuser", False),
                "is_superuser": person.get("superuser", False),
            },
        )
        if created:
            user.set_password(data["password"])
            user.save()
        for role in person["roles"]:
            Role.objects.get_or_create(
                user=user,
                name=role["name"],
                service=Service.objects.filter(
                    directorate__council=council, code=role.get("service")
                ).first()
                if role.get("service")
                else None,
                directorate=Directorate.objects.filter(
                    council=council, name=role.get("directorate")
                ).first()
                if role.get("directorate")
                else None,
            )
    return council
