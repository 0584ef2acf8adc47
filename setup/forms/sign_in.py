"""Single sign-on: the council's identity provider and how its roles claim gives roles."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from council.models import Council, Directorate, Role, Service
from setup.forms.helpers import gds_helper
from signin.models import RoleMapping, SingleSignOn

ROLE_WORDS = {
    **{value: value for value in Role.Name.values},
    **{label.lower(): value for value, label in Role.Name.choices},
    "performance lead": Role.Name.PERFORMANCE_LEAD,
}
MAPPING_HELP = (
    "One line for each value of the claim: the value, '=', then the role (officer, manager, "
    "clerk or performance lead). Add 'in' and a service code or directorate name to limit "
    "the role, e.g. 'ServicePlans.Officer.Waste = officer in waste-services'. Without 'in' "
    "the role covers the whole council."
)


def mapping_parse(text: str, council: Council) -> list[RoleMapping]:
    """The mapping's lines as unsaved RoleMappings; ValidationError names each bad line."""
    services = {s.code.lower(): s for s in Service.objects.filter(directorate__council=council)}
    directorates = {d.name.lower(): d for d in Directorate.objects.filter(council=council)}
    mappings, errors, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        value, equals, rest = line.partition("=")
        value, rest = value.strip(), rest.strip()
        if not equals or not value or not rest:
            errors.append(f"Line {number}: write the value, '=', then the role")
            continue
        role_words, _, scope = (part.strip() for part in rest.partition(" in "))
        role = ROLE_WORDS.get(role_words.lower())
        if role is None:
            errors.append(
                f"Line {number}: '{role_words}' is not a role. Use officer, manager, clerk "
                "or performance lead"
            )
            continue
        mapping = RoleMapping(value=value, role=role)
        if scope:
            if scope.lower() in services:
                mapping.service = services[scope.lower()]
            elif scope.lower() in directorates:
                mapping.directorate = directorates[scope.lower()]
            else:
                errors.append(
                    f"Line {number}: '{scope}' is not a service code or directorate of your council"
                )
                continue
        key = (value, role, mapping.directorate_id, mapping.service_id)
        if key in seen:
            errors.append(f"Line {number}: this value already gives this role")
            continue
        seen.add(key)
        mappings.append(mapping)
    if errors:
        raise ValidationError(errors)
    return mappings


def mapping_text(sso: SingleSignOn) -> str:
    lines = []
    for mapping in sso.mappings.select_related("service", "directorate"):
        scope = mapping.service.code if mapping.service else (mapping.directorate or "")
        lines.append(
            f"{mapping.value} = {mapping.get_role_display().lower()}"
            + (f" in {scope}" if scope else "")
        )
    return "\n".join(lines)


class SingleSignOnForm(forms.ModelForm):
    """The council's OpenID Connect provider, its secret (write-only) and its role mapping."""

    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Stored encrypted. Leave blank to keep the secret entered before, or when "
        "the secret is in an environment variable.",
    )
    role_mapping = forms.CharField(
        label="Role mapping",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=MAPPING_HELP,
    )

    class Meta:
        model = SingleSignOn
        fields = [
            "enabled",
            "provider_name",
            "slug",
            "issuer",
            "client_id",
            "client_secret_env",
            "roles_claim",
            "password_sign_in_off",
        ]
        error_messages = {
            "slug": {
                "required": "Enter a sign-in address name, like elmbridge",
                "invalid": "Use only lowercase letters, numbers and hyphens in the sign-in "
                "address name",
                "unique": "Another council already uses this sign-in address name",
            },
            "issuer": {
                "required": "Enter the issuer URL",
                "invalid": "Enter the issuer URL, like https://login.microsoftonline.com/"
                "<tenant ID>/v2.0",
            },
            "client_id": {"required": "Enter the client ID"},
            "provider_name": {"required": "Enter the name of your identity provider"},
            "roles_claim": {"required": "Enter the claim that lists roles, like roles"},
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        if self.instance.pk:
            self.fields["role_mapping"].initial = mapping_text(self.instance)
        self.helper = gds_helper(
            "enabled",
            "provider_name",
            "slug",
            "issuer",
            "client_id",
            "client_secret",
            "client_secret_env",
            "roles_claim",
            "role_mapping",
            "password_sign_in_off",
            button="Save single sign-on",
        )

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"].rstrip("/")
        if not issuer.startswith("https://") and not settings.SSO_ALLOW_HTTP_ISSUER:
            raise ValidationError("The issuer URL must start with https://")
        return issuer

    def clean_client_secret_env(self):
        name = self.cleaned_data["client_secret_env"].strip()
        if name and not name.replace("_", "").isalnum():
            raise ValidationError(
                "Enter the environment variable's name with letters, numbers and underscores "
                "only, like SSO_SECRET_ELMBRIDGE"
            )
        return name

    def clean_role_mapping(self):
        return mapping_parse(self.cleaned_data["role_mapping"], self.council)

    def clean(self):
        cleaned = super().clean()
        has_secret = (
            cleaned.get("client_secret")
            or cleaned.get("client_secret_env")
            or self.instance.client_secret_encrypted
        )
        if not has_secret:
            self.add_error(
                "client_secret",
                "Enter the client secret, or the environment variable that holds it",
            )
        if cleaned.get("password_sign_in_off") and not cleaned.get("enabled"):
            self.add_error(
                "password_sign_in_off", "Turn on single sign-on before turning off passwords"
            )
        return cleaned
