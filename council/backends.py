"""Signing in: Django's model backend, loading the user's council with them."""

from django.contrib.auth.backends import ModelBackend

from council.models import User


class CouncilUserBackend(ModelBackend):
    """Every page heads itself with the reader's council (council.context_processors): the
    council comes in the same query as the user, not one more on each request."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("council").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
