"""A picture a plan prints (the organisation chart, a section's figure), checked for what it
really is and re-encoded as PNG: whether it is uploaded on a section's page, carried in a
plan file or found in a Word plan, it goes through `picture_png`.

Re-encoding drops anything hidden in the file (scripts, metadata, polyglots). The number of
pixels is read from the file's header and checked before anything is decompressed, so a
small file that would unpack to gigabytes (a pixel bomb) is refused without being drawn.
"""

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 40_000_000
UPLOAD_FORMATS = frozenset({"PNG", "JPEG"})

# Why a picture is refused (PictureRefused.problem).
UNREADABLE = "unreadable"
NOT_ALLOWED = "not allowed"
TOO_LARGE = "too large"


class PictureRefused(Exception):
    """A picture that cannot be taken: `problem` says why, `found` is the format the file
    really is (when it could be told) and `size` its width and height (when too large)."""

    def __init__(self, problem: str, *, found: str = "", size: tuple[int, int] = (0, 0)):
        super().__init__(problem)
        self.problem, self.found, self.size = problem, found, size


@dataclass
class CleanPicture:
    png: bytes
    width: int
    height: int
    found: str  # the format the file was: "PNG", "JPEG", ...


def picture_png(file, *, formats: frozenset[str] = UPLOAD_FORMATS) -> CleanPicture:
    """The picture in `file` (a binary file object) re-encoded as PNG; PictureRefused when it
    is not a picture in one of `formats` (as Pillow names them), is damaged, or has more than
    MAX_PIXELS pixels."""
    found = ""
    try:
        with Image.open(file) as probe:
            found = probe.format or ""
            if found not in formats:
                raise PictureRefused(NOT_ALLOWED, found=found)
            probe.verify()
        file.seek(0)
        with Image.open(file) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PictureRefused(TOO_LARGE, found=found, size=image.size)
            image.load()
            clean = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P", "PA"} else "RGB")
            buffer = io.BytesIO()
            clean.save(buffer, format="PNG", optimize=True)
            return CleanPicture(buffer.getvalue(), clean.width, clean.height, found)
    except Image.DecompressionBombError:
        raise PictureRefused(TOO_LARGE, found=found) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PictureRefused(UNREADABLE, found=found) from None
