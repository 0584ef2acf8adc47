"""The sign-in form, saying why a password was refused for a council that turned them off."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

PASSWORDS_OFF = (
    "Your council signs you in with single sign-on: use the 'Sign in with' button instead "
    "of a password"
)


class SignInForm(AuthenticationForm):
    def get_invalid_login_error(self):
        if getattr(self.request, "sso_only", False):
            return ValidationError(PASSWORDS_OFF, code="sso_only")
        return super().get_invalid_login_error()
