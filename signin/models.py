"""A council's single sign-on through OpenID Connect, and how its claims give roles."""

import os

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from council.models import Council, Directorate, Role, RoleName, Service
from signin import encryption


class SecretMissing(Exception):
    """No client secret can be read: say which, so the lead can put it right."""


class SingleSignOn(models.Model):
    """How one council's people sign in with the council's own identity provider (Microsoft
    Entra ID, or any OpenID Connect provider). allauth's provider app is made from it on
    each request (signin.oidc.social_app), so a change here applies at once."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="sso")
    slug = models.SlugField(
        "sign-in address name",
        max_length=60,
        unique=True,
        help_text="Part of your sign-in link and redirect URI, e.g. 'elmbridge'. Lowercase "
        "letters, numbers and hyphens.",
    )
    provider_name = models.CharField(
        "name of your identity provider",
        max_length=60,
        default="Microsoft Entra ID",
        help_text="Shown on the button: 'Sign in with Microsoft Entra ID'.",
    )
    issuer = models.URLField(
        "issuer URL",
        max_length=300,
        help_text="For Microsoft Entra ID: https://login.microsoftonline.com/<tenant ID>/v2.0",
    )
    client_id = models.CharField(
        "client ID",
        max_length=200,
        help_text="The application (client) ID of the app you registered.",
    )
    client_secret_encrypted = models.TextField(blank=True, editable=False)
    client_secret_env = models.CharField(
        "environment variable holding the client secret",
        max_length=100,
        blank=True,
        help_text="Leave blank to keep the secret, encrypted, in the database. Your hosting "
        "provider sets the variable on the server.",
    )
    roles_claim = models.CharField(
        "claim that lists roles",
        max_length=100,
        default="roles",
        help_text="'roles' for the app roles of Microsoft Entra ID; 'groups' for groups.",
    )
    enabled = models.BooleanField(
        "turn on single sign-on", default=False, help_text="Shows the button on the sign-in page."
    )
    password_sign_in_off = models.BooleanField(
        "turn off password sign-in",
        default=False,
        help_text="Your people can then only sign in with single sign-on. Keep it off until "
        "you have signed in with single sign-on yourself.",
    )

    history = HistoricalRecords(excluded_fields=["client_secret_encrypted"])

    class Meta:
        verbose_name = "single sign-on"
        constraints = [
            models.CheckConstraint(
                condition=Q(enabled=True) | Q(password_sign_in_off=False),
                name="sso_password_off_needs_sso",
                violation_error_message="Turn on single sign-on before turning off passwords.",
            )
        ]

    def __str__(self):
        return f"Single sign-on of {self.council}"

    @property
    def provider_id(self) -> str:
        """allauth's provider id: one per council, so that an account linked in one council
        is never found from another's sign-in."""
        return f"council-{self.slug}"

    def redirect_path(self) -> str:
        return reverse("signin:callback", args=[self.slug])

    def set_secret(self, secret: str) -> None:
        self.client_secret_encrypted = encryption.encrypt(secret)

    def client_secret(self) -> str:
        """The secret, from the named environment variable or decrypted from the database."""
        if self.client_secret_env:
            secret = os.environ.get(self.client_secret_env, "")
            if not secret:
                raise SecretMissing(
                    f"The environment variable {self.client_secret_env} is not set on the server."
                )
            return secret
        if not self.client_secret_encrypted:
            raise SecretMissing("No client secret has been entered.")
        try:
            return encryption.decrypt(self.client_secret_encrypted)
        except encryption.SecretUnreadable as error:
            raise SecretMissing(
                "The client secret can no longer be read (the server's SECRET_KEY changed): "
                "enter it again."
            ) from error


class RoleMapping(models.Model):
    """One value of the roles claim (an Entra app role, a group) and the role it gives, over
    the whole council, a directorate or a service. Roles of the kind a mapping gives are
    given and taken on each sign-in as the claim says (signin.services.roles_sync)."""

    sso = models.ForeignKey(SingleSignOn, on_delete=models.CASCADE, related_name="mappings")
    value = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=RoleName.choices)
    directorate = models.ForeignKey(Directorate, on_delete=models.CASCADE, null=True, blank=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["value", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=RoleName.values), name="role_mapping_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(directorate__isnull=True) | Q(service__isnull=True),
                name="role_mapping_one_scope",
            ),
            models.UniqueConstraint(
                "sso",
                "value",
                "role",
                Coalesce("directorate", Value(0)),
                Coalesce("service", Value(0)),
                name="role_mapping_unique",
                violation_error_message="This value already gives this role.",
            ),
        ]

    def __str__(self):
        return f"{self.value} → {self.get_role_display()}"

    def clean(self):
        council_id = self.sso.council_id
        if self.directorate_id and self.directorate.council_id != council_id:
            raise ValidationError("Choose a directorate of your council.")
        if self.service_id and self.service.directorate.council_id != council_id:
            raise ValidationError("Choose a service of your council.")


class SyncedRole(models.Model):
    """A role that single sign-on gave, so that it is taken away again when the claim no
    longer gives it. Roles without one were given by the lead and are left alone."""

    role = models.OneToOneField(Role, on_delete=models.CASCADE, related_name="sso_grant")
    sso = models.ForeignKey(SingleSignOn, on_delete=models.CASCADE, related_name="granted")

    def __str__(self):
        return f"{self.role} (from single sign-on)"
