"""Sign-off blocks: the signatures a template's plans need, and who may give each."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max

from council.models import User
from plans.models import SignerRole, Template, TemplateSignOff
from setup.forms.helpers import gds_helper


class SignOffBlockForm(forms.ModelForm):
    """A block's title and who may sign it: people of a role, or one named person of the
    council."""

    class Meta:
        model = TemplateSignOff
        fields = ["title", "signer_role", "signer"]
        labels = {
            "title": "Block title",
            "signer_role": "Who may sign",
            "signer": "Named person",
        }
        help_texts = {
            "title": "As the plan prints it, for example Group Head or Deputy Chief Executive.",
            "signer_role": "One person never signs two blocks of the same plan.",
            "signer": "Only when you chose a named person. They need a role that lets them "
            "read the service's plans, like a manager or a committee clerk.",
        }
        error_messages = {
            "title": {"required": "Enter the block's title"},
            "signer_role": {"required": "Select who may sign"},
            "signer": {"invalid_choice": "Select a person of the council"},
        }
        widgets = {"signer_role": forms.RadioSelect}

    def __init__(self, *args, template: Template, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.template = template
        self.fields["signer_role"].choices = SignerRole.choices
        self.fields["signer"].queryset = User.objects.filter(
            council_id=template.council_id, is_active=True
        )
        self.fields["signer"].empty_label = "Select a person"
        self.helper = gds_helper(*self.fields, button="Save sign-off block")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = TemplateSignOff.objects.filter(
            template=self.instance.template, title__iexact=title
        )
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"This template already has a sign-off block called {title}")
        return title

    def clean(self):
        data = super().clean()
        if data.get("signer_role") == SignerRole.PERSON:
            if not data.get("signer") and "signer" not in self.errors:
                self.add_error("signer", "Select the person who signs this block")
        else:
            data["signer"] = None  # a role's block names nobody
            self.instance.signer = None
        return data

    def validate_constraints(self):
        if "title" not in self.errors:  # clean_title has said it in words
            super().validate_constraints()

    def save(self, commit=True):
        block = self.instance
        if block.pk is None:
            last = TemplateSignOff.objects.filter(template=block.template).aggregate(
                Max("position")
            )["position__max"]
            block.position = (last or 0) + 1
        return super().save(commit)
