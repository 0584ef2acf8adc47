"""A council's client secret, kept encrypted at rest.

The key is derived from SECRET_KEY, so a copy of the database alone does not give the
secret away. Changing SECRET_KEY makes stored secrets unreadable: the set-up page then
asks for the secret again (SingleSignOn.client_secret says so) rather than failing.
A council that would rather keep the secret out of the database names an environment
variable instead (SingleSignOn.client_secret_env)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

PURPOSE = b"serviceplans.signin.client-secret:"


class SecretUnreadable(Exception):
    """The stored secret was written with another SECRET_KEY (or is damaged)."""


def _fernet() -> Fernet:
    digest = hashlib.sha256(PURPOSE + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable from error
