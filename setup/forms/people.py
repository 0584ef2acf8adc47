"""A person and their roles, on one page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.core.exceptions import ValidationError

from council.models import Council, Directorate, Role, Service, User
from setup.forms.helpers import service_label

WHOLE_COUNCIL = "council"


class PersonForm(forms.ModelForm):
    """A person's name, e-mail address (which is also what they sign in with) and job."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "job_title"]
        labels = {"email": "Email address"}
        error_messages = {
            "first_name": {"required": "Enter the person's first name"},
            "last_name": {"required": "Enter the person's last name"},
            "email": {
                "required": "Enter the person's email address",
                "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["email"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "class": "govuk-input"}
        )
        self.fields[
            "email"
        ].help_text = "They sign in with it. We send them a link to set their own password."
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL

    def clean_email(self):
        # An invited person signs in with their e-mail address: it is their username
        # too, and follows a change of address.
        if self.instance.pk and self.instance.username == self.instance.email:
            self.instance.username = ""
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.exclude(pk=self.instance.pk)
        if others.filter(email__iexact=email).exists() or others.filter(username=email).exists():
            raise ValidationError("Someone already has an account with this email address")
        if self.instance.pk and not self.instance.username:
            self.instance.username = email
        return email


def scope_choices(council: Council) -> list:
    """What a role may cover: the whole council, a directorate or a service, grouped."""
    directorates = Directorate.objects.filter(council=council).order_by("name")
    services = (
        Service.objects.filter(directorate__council=council)
        .select_related("directorate")
        .order_by("name", "directorate__name")
    )
    return [
        ("", "Select what the role covers"),
        (WHOLE_COUNCIL, "The whole council"),
        ("Directorates", [(f"directorate-{d.pk}", d.name) for d in directorates]),
        ("Services", [(f"service-{s.pk}", service_label(s)) for s in services]),
    ]


def scope_of(role: Role) -> str:
    if role.service_id:
        return f"service-{role.service_id}"
    if role.directorate_id:
        return f"directorate-{role.directorate_id}"
    return WHOLE_COUNCIL


class RoleForm(forms.ModelForm):
    """One role of a person: its name and what it covers, in one drop-down (so a role can
    never name a directorate and a service at once). An empty row is left out."""

    scope = forms.ChoiceField(label="Covers", required=False)

    class Meta:
        model = Role
        fields = ["name"]
        labels = {"name": "Role"}

    def __init__(self, *args, council: Council, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["name"].required = False
        self.fields["name"].choices = [("", "Select a role"), *Role.Name.choices]
        self.fields["scope"].choices = choices
        self.fields["name"].widget.attrs["class"] = "govuk-select"
        self.fields["scope"].widget.attrs["class"] = "govuk-select"
        if self.instance.pk:
            self.initial["scope"] = scope_of(self.instance)

    def has_changed(self):
        return super().has_changed() and bool(self["name"].value() or self["scope"].value())

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        if not data.get("name"):
            self.add_error("name", "Select a role")
        if not data.get("scope"):
            self.add_error("scope", "Select what the role covers")
        return data

    def clean_scope(self):
        value = self.cleaned_data["scope"]
        self.instance.directorate, self.instance.service = None, None
        kind, _, pk = value.partition("-")
        # The choices are the council's own, so a posted id of another council never
        # gets here (the field refuses it as an invalid choice).
        if kind == "directorate":
            self.instance.directorate = Directorate.objects.get(pk=pk, council=self.council)
        elif kind == "service":
            self.instance.service = Service.objects.get(pk=pk, directorate__council=self.council)
        return value

    def validate_unique(self):
        # The person may not be saved yet; RoleFormSet.clean finds a role given twice.
        pass

    def validate_constraints(self):
        pass


class BaseRoleFormSet(forms.BaseModelFormSet):
    """A person's roles, a few empty rows to add more; one role twice is an error."""

    def __init__(self, *args, council: Council, is_self: bool = False, **kwargs):
        self.council = council
        self.choices = scope_choices(council)
        self.is_self = is_self
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"council": self.council, "choices": self.choices}

    def clean(self):
        seen = set()
        for form in self.forms:
            kept = form.instance.pk or form.has_changed()
            if not kept or self._should_delete_form(form) or form.errors:
                continue
            key = (form.cleaned_data["name"], form.cleaned_data["scope"])
            if key in seen:
                form.add_error("scope", "This person already has this role")
            seen.add(key)
        # A lead who took their own role away could no longer open these pages to undo it.
        kept_names = {name for name, _ in seen}
        all_valid = not any(form.errors for form in self.forms)
        if self.is_self and all_valid and Role.Name.PERFORMANCE_LEAD not in kept_names:
            raise ValidationError(
                "You cannot remove your own performance lead role. Another performance lead "
                "of the council can."
            )

    def save_for(self, user: User) -> None:
        for form in self.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        for form in self.forms:
            if form.has_changed() and not self._should_delete_form(form):
                role = form.save(commit=False)
                role.user = user
                role.full_clean()
                role.save()


RoleFormSet = forms.modelformset_factory(
    Role, form=RoleForm, formset=BaseRoleFormSet, extra=2, can_delete=True
)
