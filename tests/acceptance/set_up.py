"""The performance lead's set-up of a new council, on the /setup/ pages as the lead uses them
(the Django admin is the site operators' only): years, structure, people, priorities and
the template's sections. Each step is a form of those pages sent by the typist, so a page
that answers with errors fails the test with its own error summary."""

from django.urls import reverse

from council.models import FinancialYear, User
from plans.models import Template, TemplateSection
from tests.acceptance.typist import Choose, Typist


class LeadSetUp:
    def __init__(self, typist: Typist, council):
        self.typist = typist
        self.council = council

    def years(self, starts, current: int) -> None:
        """Add the years and make `current` the current one (the button on the years page)."""
        for start in starts:
            self.typist.submit(reverse("setup:year_add"), {"start_year": str(start)})
        year = FinancialYear.objects.get(council=self.council, start_year=current)
        if not year.is_current:
            make_current = reverse("setup:year_make_current", args=[year.pk])
            self.typist.submit(reverse("setup:year_list"), form=make_current)

    def directorate(self, name: str) -> None:
        self.typist.submit(reverse("setup:directorate_add"), {"name": name})

    def service(self, directorate: str, name: str, code: str = "", head: str = "") -> None:
        fields = {"directorate": Choose(directorate), "name": name, "head_of_service": head}
        if code:
            fields["code"] = code
        self.typist.submit(reverse("setup:service_add"), fields)

    def person(
        self, first: str, last: str, email: str, role: str, scope: str = "", job: str = ""
    ) -> User:
        """Add a person with one role: `scope` is the service's or directorate's words as the
        drop-down shows them ("Customer Services (Community)"), or the whole council."""
        self.typist.submit(
            reverse("setup:person_add"),
            {
                "first_name": first,
                "last_name": last,
                "email": email,
                "job_title": job,
                "roles-0-name": Choose(role),
                "roles-0-scope": Choose(scope or "The whole council"),
            },
        )
        return User.objects.get(council=self.council, email=email)

    def priority(self, title: str, position: int, objectives=()) -> None:
        fields = {"title": title, "position": str(position)}
        for index, objective in enumerate(objectives):
            fields[f"objectives-{index}-title"] = objective
            fields[f"objectives-{index}-position"] = str(index + 1)
        self.typist.submit(reverse("setup:priority_add"), fields)

    def section(self, title: str, kind, level, number: str = "", required: bool = False):
        """Add a section at the end of the council's template: `kind` and `level` as the
        form's values or `Choose` of their words."""
        template = Template.objects.get(council=self.council)
        self.typist.submit(
            reverse("setup:section_add", args=[template.pk]),
            {
                "title": title,
                "kind": kind,
                "level": level if isinstance(level, Choose) else str(level),
                "number": number,
                "required": required,
            },
        )
        return TemplateSection.objects.get(template=template, title=title)
