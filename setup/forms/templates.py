"""Plan templates and their sections."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max

from council.models import Council, Directorate
from plans.models import SectionKind, Template, TemplateSection
from plans.models.plan import ONCE_ONLY_KINDS
from plans.plan_templates import template_copy
from setup.forms.helpers import gds_helper


class TemplateForm(forms.ModelForm):
    """A template's name and which new plans start from it; a new one can start as a copy of
    another, with its sections and sign-off blocks."""

    copy_from = forms.ModelChoiceField(
        queryset=Template.objects.none(),
        required=False,
        label="Start from",
        empty_label="An empty template",
        help_text="A copy has the same sections, columns and sign-off blocks, to change here.",
    )

    class Meta:
        model = Template
        fields = ["name", "directorates", "from_year"]
        labels = {"name": "Template name", "from_year": "From the year starting (optional)"}
        help_texts = {
            "directorates": "New plans of these directorates' services start from this "
            "template. Choose none for every directorate.",
            "from_year": "New plans starting in this year or later use it, for example 2026 "
            "for 2026/27. Leave it blank for any year.",
        }
        error_messages = {
            "name": {"required": "Enter the template's name"},
            "from_year": {"invalid": "Enter the year as a number, like 2026"},
        }
        widgets = {
            "directorates": forms.CheckboxSelectMultiple,
            "from_year": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}
            ),
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["directorates"].queryset = Directorate.objects.filter(council=council)
        self.fields["directorates"].label = "Directorates (optional)"
        if self.instance.pk:
            del self.fields["copy_from"]
        else:
            self.fields["copy_from"].queryset = Template.objects.filter(council=council)
            self.fields["copy_from"].label_from_instance = lambda t: f"A copy of {t.name}"
            self.order_fields(["copy_from", "name"])
        self.helper = gds_helper(*self.fields, button="Save template")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Template.objects.filter(council=self.instance.council, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"There is already a template called {name}")
        return name

    def clean_from_year(self):
        year = self.cleaned_data["from_year"]
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError("Enter a year from 2000 to 2100, like 2026")
        return year

    def validate_constraints(self):
        if "name" not in self.errors:  # clean_name has said it in words
            super().validate_constraints()

    def save(self, commit=True):
        source = self.cleaned_data.get("copy_from")
        if source is None:
            return super().save(commit)
        made = template_copy(source)
        made.name, made.from_year = self.instance.name, self.instance.from_year
        made.save()
        made.directorates.set(self.cleaned_data["directorates"])
        self.instance = made
        return made


class SectionForm(forms.ModelForm):
    """One section of a template: what new plans copy into their contents. A title is unique
    in the template, and the sign-off and version sections come once."""

    class Meta:
        model = TemplateSection
        fields = ["title", "kind", "level", "number", "required", "guidance"]
        labels = {
            "title": "Section title",
            "kind": "What the section holds",
            "level": "Where it sits in the contents",
            "number": "Number (optional)",
            "required": "Writers must complete it before the plan is signed off",
            "guidance": "Help for writers (optional)",
        }
        help_texts = {
            "kind": "Text, or one of the plan's tables. A table's columns are set on their "
            "own page once the section is saved.",
            "guidance": "Shown to officers while they write this section.",
        }
        error_messages = {
            "title": {"required": "Enter the section's title"},
            "kind": {"required": "Select what the section holds"},
        }
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 5}),
            "number": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        }

    def __init__(self, *args, template: Template, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.template = template
        self.fields["kind"].choices = SectionKind.choices
        self.helper = gds_helper(*self.fields, button="Save section")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = TemplateSection.objects.filter(
            template=self.instance.template, title__iexact=title
        )
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                f"This template already has a section called {title}. Give each section "
                "its own title"
            )
        return title

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        others = TemplateSection.objects.filter(template=self.instance.template, kind=kind)
        if kind in ONCE_ONLY_KINDS and others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                f"This template already has a {SectionKind(kind).label.lower()} section. A "
                "template has only one"
            )
        return kind

    def validate_constraints(self):
        # clean_title and clean_kind say in words what the constraints would repeat.
        if not {"title", "kind"} & set(self.errors):
            super().validate_constraints()

    def save(self, commit=True):
        section = self.instance
        if "kind" in self.changed_data:
            section.columns = {}  # a layout names the tables of the kind it was made for
        if section.pk is None:
            last = TemplateSection.objects.filter(template=section.template).aggregate(
                Max("position")
            )["position__max"]
            section.position = (last or 0) + 1
        return super().save(commit)
