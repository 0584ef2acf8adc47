"""A corporate priority and its objectives, on one page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.core.exceptions import ValidationError

from council.models import CorporatePriority, Council, Objective
from setup.priorities import objective_uses, refusal

ORDER_HELP = "Lower numbers come first, like 1. Leave it blank to keep its place."


class PriorityForm(forms.ModelForm):
    """A priority of the lead's council; its title is unique in the council, whatever the
    capitals."""

    class Meta:
        model = CorporatePriority
        fields = ["title", "description", "position"]
        labels = {"position": "Order"}
        help_texts = {"position": "Priorities are listed in this order. " + ORDER_HELP}
        error_messages = {
            "title": {"required": "Enter the priority's title"},
            "position": {"invalid": "Order must be a whole number, like 3"},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["position"].required = False
        self.fields["position"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
        )
        self.fields["position"].error_messages.update(
            min_value="Order must be 0 or more", max_value="Order must be 32767 or less"
        )
        # The page draws the objectives, then the button (setup/priority_form.html).
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = CorporatePriority.objects.filter(
            council=self.instance.council, title__iexact=title
        )
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"There is already a priority called {title}")
        return title

    def clean_position(self):
        return self.cleaned_data["position"] or self.instance.position or 0

    def validate_constraints(self):
        # clean_title has said what is wrong with a duplicate in words.
        if "title" not in self.errors:
            super().validate_constraints()


class ObjectiveForm(forms.ModelForm):
    """One objective of the priority; an empty new row is left out."""

    class Meta:
        model = Objective
        fields = ["title", "position"]
        labels = {"title": "Objective", "position": "Order"}
        error_messages = {
            "title": {"required": "Enter the objective, or tick remove"},
            "position": {"invalid": "Order must be a whole number, like 3"},
        }
        widgets = {"title": forms.TextInput(attrs={"class": "govuk-input"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
        )
        self.fields["position"].help_text = ORDER_HELP
        if not self.instance.pk:
            self.initial["position"] = None  # an untouched empty row has not changed
        self.fields["position"].error_messages.update(
            min_value="Order must be 0 or more", max_value="Order must be 32767 or less"
        )

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_position(self):
        return self.cleaned_data["position"] or self.instance.position or 0

    def validate_unique(self):
        # ObjectiveFormSet.clean finds a title given twice, whatever the capitals.
        pass

    def validate_constraints(self):
        pass


class BaseObjectiveFormSet(forms.BaseInlineFormSet):
    """The priority's objectives, with empty rows to add more. A title twice (whatever the
    capitals) is refused, and so is removing an objective that plans or indicators link to."""

    def clean(self):
        seen = set()
        for form in self.forms:
            if form.errors or not hasattr(form, "cleaned_data"):
                continue
            if self._should_delete_form(form):
                uses = objective_uses(form.instance) if form.instance.pk else []
                if uses:
                    # A form marked for removal is not checked; kept, its error counts.
                    form.cleaned_data["DELETE"] = False
                    form.add_error("title", refusal(form.instance, uses))
                continue
            title = form.cleaned_data.get("title")
            if not title:
                continue  # an empty new row
            if title.lower() in seen:
                form.add_error("title", f"The priority already has an objective called {title}")
            seen.add(title.lower())


ObjectiveFormSet = forms.inlineformset_factory(
    CorporatePriority,
    Objective,
    form=ObjectiveForm,
    formset=BaseObjectiveFormSet,
    extra=3,
    can_delete=True,
)
