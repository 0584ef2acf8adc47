"""Run code under a memory and time bound: a test of a size limit then fails in a moment on
code that builds what the input asks for, instead of taking the shared machine's memory."""

import contextlib
import resource
import time
from pathlib import Path


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


@contextlib.contextmanager
def bounded(*, megabytes: int = 300, seconds: float = 5):
    """At most `megabytes` more address space (MemoryError past it) and `seconds` of time."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_address_space() + megabytes * 1024 * 1024, hard))
    started = time.monotonic()
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    elapsed = time.monotonic() - started
    assert elapsed < seconds, f"took {elapsed:.1f} s; the input should be refused at once"
