"""A fingerprint of the code and templates that render pages, for the page caches' keys.

The page caches can outlive a process (a cache directory shared by the web processes), so a
deployment must never be served HTML that the code before it made. Their keys start with
this fingerprint: any change to a Python module, a template or the pinned requirements
gives new keys, and the old entries are never read again (the cache culls them).
"""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("serviceplans", "council", "plans", "kpis", "risks", "templates")
SUFFIXES = {".py", ".html"}


def fingerprint(root: Path = ROOT) -> str:
    digest = hashlib.blake2b(digest_size=8)
    files = [root / "requirements.txt"]
    for folder in FOLDERS:
        files += [p for p in (root / folder).rglob("*") if p.suffix in SUFFIXES]
    for path in sorted(files):
        if path.is_file() and "migrations" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
