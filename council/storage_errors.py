"""Telling a full disk from other failures to store a file, so people get a clear answer."""

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


def is_disk_full(error: BaseException) -> bool:
    """True for an OSError that says the storage has no room left."""
    return isinstance(error, OSError) and error.errno in DISK_FULL
