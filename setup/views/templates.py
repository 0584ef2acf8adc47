"""Plan templates and their sections: what a new plan's contents start as.

A plan copies its template's sections when it is made (plans.services.editing.plan_create)
and keeps no link to them, so a change here (a new section, another order, a section
removed) shapes new plans only; plans already made keep theirs."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import CreateView, UpdateView

from council.access import lead_council
from plans.columns import tables_of
from plans.models import Template, TemplateSection
from setup.forms.templates import SectionForm, TemplateForm
from setup.positions import position_move
from setup.views.pages import LeadFormPage, setup_crumbs

STEPS = {"up": -1, "down": 1}


def templates_crumbs(*trail) -> list:
    return setup_crumbs(("Plan templates", reverse("setup:template_list")), *trail)


def template_crumbs(template: Template, last: str) -> list:
    return templates_crumbs(
        (template.name, reverse("setup:template_detail", args=[template.pk])), (last, "")
    )


def lead_template(request, pk) -> Template:
    """One of the lead's council's templates: 403 for anyone but the lead, 404 for another
    council's."""
    council = lead_council(request.user)
    return get_object_or_404(Template, council=council, pk=pk)


def lead_section(request, pk) -> TemplateSection:
    council = lead_council(request.user)
    sections = TemplateSection.objects.select_related("template")
    return get_object_or_404(sections, template__council=council, pk=pk)


@require_safe
def template_list(request):
    """The council's templates, with the directorates and years whose new plans use each."""
    council = lead_council(request.user)
    templates = (
        Template.objects.filter(council=council)
        .prefetch_related("directorates")
        .annotate(section_count=Count("sections", distinct=True))
    )
    return render(
        request,
        "setup/template_list.html",
        {"templates": templates, "breadcrumbs": setup_crumbs(("Plan templates", ""))},
    )


@require_safe
def template_detail(request, pk):
    """A template's sections in order, to add, change, move and remove."""
    template = lead_template(request, pk)
    sections = list(template.sections.all())
    for section in sections:
        section.has_tables = bool(tables_of(section.kind))
    return render(
        request,
        "setup/template_detail.html",
        {
            "template": template,
            "sections": sections,
            "directorates": template.directorates.all(),
            "plan_count": template.plans.count(),
            "breadcrumbs": templates_crumbs((template.name, "")),
        },
    )


class TemplateCreateView(LeadFormPage, CreateView):
    form_class = TemplateForm
    success_message = "The template {} has been saved."

    def get_success_url(self):
        return reverse("setup:template_detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        crumbs = templates_crumbs(("Add a template", ""))
        return super().get_context_data(heading="Add a template", breadcrumbs=crumbs, **kwargs)


class TemplateUpdateView(LeadFormPage, UpdateView):
    form_class = TemplateForm
    success_message = "The template {} has been saved."

    def get_object(self, queryset=None):
        return get_object_or_404(Template, council=self.council, pk=self.kwargs["pk"])

    def get_success_url(self):
        return reverse("setup:template_detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"Change {self.object}",
            intro="Which new plans start from this template. Plans already made keep theirs.",
            breadcrumbs=template_crumbs(self.object, "Change the template"),
            **kwargs,
        )


class SectionPage(LeadFormPage):
    """A section's add or change page: its form is given the section's template."""

    form_class = SectionForm
    success_message = "The section {} has been saved."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["council"]
        return {**kwargs, "template": self.template}

    def get_success_url(self):
        return reverse("setup:template_detail", args=[self.template.pk])


class SectionCreateView(SectionPage, CreateView):
    def dispatch(self, request, *args, **kwargs):
        self.template = lead_template(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="Add a section",
            caption=self.template.name,
            intro="New plans made from this template have it at the end of their contents; "
            "move it up the list once it is saved. Plans already made keep theirs.",
            breadcrumbs=template_crumbs(self.template, "Add a section"),
            **kwargs,
        )


class SectionUpdateView(SectionPage, UpdateView):
    def dispatch(self, request, *args, **kwargs):
        self.section = lead_section(request, kwargs["pk"])
        self.template = self.section.template
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.section

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"Change {self.section.title}",
            caption=self.template.name,
            intro="The change is for new plans made from this template; plans already made "
            "keep their own copy of the section.",
            breadcrumbs=template_crumbs(self.template, f"Change {self.section.title}"),
            **kwargs,
        )


@require_POST
def section_move(request, pk):
    """Move a section up or down the template's contents (a plain form button: no script)."""
    section = lead_section(request, pk)
    direction = request.POST.get("direction")
    if direction not in STEPS:
        return HttpResponseBadRequest("Move a section up or down.")
    step = STEPS[direction]
    position_move(items=section.template.sections.all(), pk=section.pk, step=step)
    messages.success(request, f"{section.title} has been moved {direction}.")
    return redirect(f"{reverse('setup:template_detail', args=[section.template_id])}#s{pk}")


@require_http_methods(["GET", "POST"])
def section_remove(request, pk):
    """Remove a section from the template, after saying what it changes: new plans will not
    have it; plans already made keep their copy, with what was written in it."""
    section = lead_section(request, pk)
    template = section.template
    if request.method == "POST":
        section.delete()
        messages.success(request, f"{section.title} has been removed from {template.name}.")
        return redirect("setup:template_detail", template.pk)
    plans = template.plans.filter(sections__title=section.title).distinct().count()
    return render(
        request,
        "setup/remove_confirm.html",
        {
            "heading": f"Remove {section.title} from {template.name}?",
            "item": section.title,
            "plans": plans,
            "what": "section",
            "back": reverse("setup:template_detail", args=[template.pk]),
            "breadcrumbs": template_crumbs(template, f"Remove {section.title}"),
        },
    )
