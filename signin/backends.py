"""Password sign-in turned off for councils that sign in with single sign-on only."""

from django.core.exceptions import PermissionDenied

from council.models import User
from signin.models import SingleSignOn


class PasswordOffBackend:
    """Listed before the password backend: a person of a council whose performance lead
    turned passwords off is refused outright (PermissionDenied stops Django trying the
    backends after it), whatever password they type. It never signs anyone in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            return None
        council_id = (
            User._default_manager.filter(**{User.USERNAME_FIELD: username})
            .values_list("council_id", flat=True)
            .first()
        )
        if (
            council_id
            and SingleSignOn.objects.filter(
                council_id=council_id, enabled=True, password_sign_in_off=True
            ).exists()
        ):
            if request is not None:
                request.sso_only = True  # the sign-in form says why (signin.forms)
            raise PermissionDenied
        return None
