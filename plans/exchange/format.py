"""The plan file's format: its name and versions, the limits on what a file may hold,
and reading an uploaded file's bytes as JSON without crashing on a hostile one."""

import json

FORMAT = "serviceplans-plan"
FORMAT_VERSION = 5
# Versions this system reads: an older file simply has none of the parts and fields added
# since (version 2 added parts; version 3 added the priority links of indicators and risks;
# version 4 the plan's title, and the sections' levels and text after their tables; version
# 5 the rows of sections' own tables).
READABLE_VERSIONS = (1, 2, 3, 4, 5)
# A whole file, org chart included (5 MB of image is about 6.7 MB of base64).
MAX_FILE_BYTES = 20 * 1024 * 1024
# Text fields without a length in the database still get one in a file.
MAX_TEXT_CHARS = 100_000
MAX_ROWS_PER_TABLE = 5_000
# Numbers in a file say how much to make: each is checked before anything is built from it.
# Tables nest (objectives > actions > progress), so the whole file has a budget of rows too.
MAX_ROWS_PER_FILE = 50_000
# A plan covers 1 to 5 financial years (the plan_years_in_order constraint).
MAX_PLAN_YEARS = 5
# An export nests about 7 deep; whole numbers in it are years, positions and scores.
MAX_DEPTH = 20
MAX_INT_DIGITS = 20
# Enough problems to fix before trying again; the rest are counted, not kept.
MAX_ERRORS = 200
NOT_JSON = "The plan file must be a JSON file exported from a plan"


class PlanFileError(ValueError):
    """A file that cannot be read as a plan export at all; the message says why."""


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise PlanFileError(
            f"The plan file has a whole number {len(text):,} digits long; numbers in a plan "
            f"export have at most {MAX_INT_DIGITS} digits"
        )
    return int(text)


def _depth(data) -> int:
    """How deep lists and objects nest, walked without recursion (stops past MAX_DEPTH)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


def plan_file_load(raw: bytes):
    """The JSON of an uploaded plan file, or PlanFileError with a message a user can act on.

    Python's parser raises RecursionError on deep nesting and ValueError on very long whole
    numbers: both are a refusal here, never a crash."""
    if len(raw) > MAX_FILE_BYTES:
        raise PlanFileError(f"The plan file must be smaller than {MAX_FILE_BYTES // 1024**2} MB")
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_whole_number)
    except RecursionError:
        raise PlanFileError(
            f"The plan file nests lists or objects too deeply; a plan export nests at most "
            f"{MAX_DEPTH} deep"
        ) from None
    except PlanFileError:
        raise
    except (UnicodeDecodeError, ValueError):
        raise PlanFileError(NOT_JSON) from None
    if _depth(data) > MAX_DEPTH:
        raise PlanFileError(
            f"The plan file nests lists or objects too deeply; a plan export nests at most "
            f"{MAX_DEPTH} deep"
        )
    return data


# The keys of a file that are not parts of the plan (see parts.PARTS).
HEADER_KEYS = {"format", "format_version", "exported_at", "source", "plan"}
