"""Editing a section of a plan: its rich text, or the rows of its tables."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods

from council.error_summary import error_links as form_error_links
from council.error_summary import formset_error_links, summary_context
from council.storage_errors import STORAGE_ERRORS, storage_advice
from plans.document import plan_document, plan_queryset
from plans.forms.parts import EDITORS, BudgetLayoutForm
from plans.forms.pictures import OrgChartForm, SectionFigureForm
from plans.forms.plan import NarrativeForm, SectionTextForm
from plans.models import OrgChart, Plan, Section, SectionFigure, SectionKind
from plans.services.editing import SectionConflict, section_save
from plans.views.access import editable_plan
from plans.views.plans import plan_crumbs

# The rich text editor positions its menus and dialogs with inline styles; only this page
# allows them. Scripts stay limited to our own files.
EDITOR_CSP = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}


@csp_override(EDITOR_CSP)
@require_http_methods(["GET", "POST"])
def section_edit(request, pk, section_pk):
    """Edit one section: its rich text, or the rows of its tables, saved in one go."""
    plan = editable_plan(request, pk)
    section = get_object_or_404(Section, plan=plan, pk=section_pk)
    if not section.is_editable_part and section.kind not in EDITORS:
        # Sign-off is made by the workflow, never typed; of version control, only the
        # versions from before the app are typed.
        return redirect(f"{plan.get_absolute_url()}#{section.anchor}")
    editor = SectionEditor(request, plan, section)
    if request.method == "POST" and editor.is_valid():
        try:
            saved = editor.save(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(plan)
        if saved:
            messages.success(request, f"Section {section} has been saved.")
            if "add_rows" in request.POST:
                return redirect(request.path)
            return redirect(f"{plan.get_absolute_url()}#{section.anchor}")
    context = editor.context()
    context["breadcrumbs"] = plan_crumbs(plan, str(section))
    return render(
        request, "plans/section_form.html", context, status=409 if editor.conflict else 200
    )


class SectionEditor:
    """The forms of one section's edit page, bound together so they validate and save as one."""

    def __init__(self, request, plan: Plan, section: Section):
        self.plan = plan
        self.section = section
        self.conflict = None
        data = request.POST if request.method == "POST" else None
        files = request.FILES if request.method == "POST" else None
        self.version = self._posted_version(data)
        self.narrative = None
        self.text = None
        self.formsets = []
        self.org_chart = None
        self.figure = None
        self.budget_layout = None
        # A post without the layout (from a page made before it existed) leaves it as it is.
        if section.kind == SectionKind.BUDGET and (data is None or "layout-budget_unit" in data):
            self.budget_layout = BudgetLayoutForm(data, instance=plan, prefix="layout")
        if section.kind == SectionKind.NARRATIVE:
            self.narrative = NarrativeForm(data, initial={"body": section.body})
        else:
            self.text = SectionTextForm(
                data, initial={"body": section.body, "body_after": section.body_after}
            )
        if section.kind == SectionKind.VISION:
            # The vision and values are the council's (Set up): only the text around them.
            self.text.fields["body"].label = "Text before the vision and values"
            self.text.fields["body_after"].label = "Text after the vision and values"
        for table in EDITORS.get(section.kind, []):
            self.formsets.append(
                (
                    table,
                    table.formset_class(
                        data, files, plan=plan, section=section, prefix=table.prefix
                    ),
                )
            )
        if section.kind == SectionKind.WORKFORCE:
            chart = OrgChart.objects.filter(plan=plan).first() or OrgChart(plan=plan)
            self.org_chart = OrgChartForm(data, files, instance=chart, owner=plan, prefix="chart")
        # A post without the picture's fields (from a page made before them) leaves it alone.
        if data is None or "figure-alt_text" in data:
            figure = SectionFigure.objects.filter(section=section).first() or SectionFigure()
            self.figure = SectionFigureForm(
                data, files, instance=figure, owner=section, prefix="figure"
            )

    def _posted_version(self, data) -> int:
        if data is None:
            return self.section.version
        try:
            return int(data.get("version", ""))
        except ValueError:
            return -1  # a tampered or missing version can never match: treated as a conflict

    @property
    def rows_elsewhere(self) -> tuple[str, str] | None:
        """(link text, URL) of the pages where this section's rows are kept, when they are
        not edited here: indicators and risks belong to the service, and objectives,
        actions and projects are edited one by one from the plan page."""
        plan, kind = self.plan, self.section.kind
        if kind == SectionKind.KPIS:
            return "Add and change the indicators", reverse(
                "kpis:indicator_list", args=[plan.service_id]
            )
        if kind == SectionKind.RISKS:
            return "Add and change the risks", reverse("risks:register", args=[plan.service_id])
        if kind == SectionKind.ACTIONS:
            return (
                "Add and change the objectives, actions and projects",
                f"{plan.get_absolute_url()}#{self.section.anchor}",
            )
        return None

    @property
    def forms(self):
        items = [self.narrative, self.text, self.budget_layout, self.org_chart, self.figure]
        items += [formset for _, formset in self.formsets]
        return [item for item in items if item is not None]

    @property
    def pictures(self) -> list:
        return [form for form in (self.org_chart, self.figure) if form is not None]

    def is_valid(self) -> bool:
        # A list, not a generator: every form is validated so that every error is shown.
        return all([form.is_valid() for form in self.forms])  # noqa: C419

    def body(self) -> str:
        form = self.narrative or self.text
        return form.cleaned_data["body"]

    def body_after(self) -> str | None:
        return self.text.cleaned_data["body_after"] if self.text else None

    def save(self, *, user) -> bool:
        """Save the section through plans.services.section_save, expecting the version the
        page was drawn from. False when someone saved it since (`conflict` is what they
        saved), or when the disk is full as the pictures are stored (each says so). A
        refusal (ValidationError) is the caller's to show."""
        try:
            section_save(
                section=self.section,
                expected_version=self.version,
                user=user,
                body=self.body(),
                body_after=self.body_after(),
                write=self.write,
            )
        except SectionConflict as conflict:
            self.conflict = conflict.current
            self.version = conflict.current.version
            return False
        except STORAGE_ERRORS as error:
            advice = storage_advice(error)
            if advice is None or not self.pictures:
                raise
            for picture in self.pictures:
                picture.storage_failed(advice)
            return False
        return True

    @transaction.atomic
    def write(self):
        if self.budget_layout is not None:
            self.budget_layout.save_layout()
        for _, formset in self.formsets:
            formset.save_rows()
        for picture in self.pictures:
            picture.save_picture()

    def error_links(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in page order."""
        links = []
        for form in [self.narrative, self.text, self.budget_layout, self.org_chart, self.figure]:
            if form is not None and form.is_bound:
                links += form_error_links(form)
        for table, formset in self.formsets:
            if not formset.is_bound:
                continue
            for error in formset.non_form_errors():
                links.append((f"{table.prefix}-heading", f"{table.title}: {error}"))
            links += formset_error_links(formset, table.row_title)
        return links

    def context(self) -> dict:
        context = {
            "plan": self.plan,
            "section": self.section,
            "editor": self,
            "version": self.version,
            **summary_context(self.error_links()),
        }
        if self.conflict is not None:
            # The section as it is now, beside what was typed.
            current = plan_document(plan_queryset().get(pk=self.plan.pk))
            context["conflict"] = self.conflict
            context["current_part"] = next(
                (s for s in current.sections if s.section.pk == self.section.pk), None
            )
        return context
