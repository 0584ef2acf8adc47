"""Telling why a file could not be stored, so people get a clear answer and lose nothing."""

import errno

from botocore.exceptions import BotoCoreError, ClientError

# A file that could not be stored or read: the disk, or the S3-compatible storage (S3_BUCKET)
# that cannot be reached or refuses the request.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)

# No space left on the device, or the app's user is over its quota: the same for users.
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}

DISK_FULL_ADVICE = (
    "the server has run out of space to store files. Nothing was saved. "
    "Try again later, or tell your administrator"
)
UNREACHABLE_ADVICE = (
    "the council's file store could not be reached. Nothing was saved. "
    "Try again in a few minutes, or tell your administrator"
)


def is_disk_full(error: BaseException) -> bool:
    """True for an OSError that says the storage has no room left."""
    return isinstance(error, OSError) and error.errno in DISK_FULL


def is_store_unreachable(error: BaseException) -> bool:
    """True when the S3-compatible storage failed to answer or refused (down, timed out,
    throttling, credentials revoked): the administrator's to fix, the user's to retry."""
    return isinstance(error, (BotoCoreError, ClientError))


def storage_advice(error: BaseException) -> str | None:
    """What to tell the person whose file could not be stored, or None for a failure that
    is a defect (a 500), not the storage's state."""
    if is_disk_full(error):
        return DISK_FULL_ADVICE
    if is_store_unreachable(error):
        return UNREACHABLE_ADVICE
    return None
