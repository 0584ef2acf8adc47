"""
One helper process per web process, that renders print HTML while the web process renders
the rest of the same plan (plans/pdf_parts.py): a download then uses both cores.

The helper is started on the first download and warms up (Django, WeasyPrint, fonts) in
the background; until it is ready, or while another request of the same process is using
it, `reserve()` gives None and the caller renders alone. A helper that dies is replaced on
a later download, and the part it held is rendered by the caller. A helper whose web process
has gone (killed, crashed) exits within a second. Off when settings.PDF_HELPER is false
(tests turn it on where they test it).
"""

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

from django.conf import settings

logger = logging.getLogger(__name__)

# A part that takes longer than this is given up on and rendered by the caller.
RESULT_TIMEOUT_SECONDS = 300
# How often a helper checks that its web process is still there.
PARENT_CHECK_SECONDS = 1

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_warm: Future | None = None
_in_use = False


def _exit_with_parent(parent_pid: int) -> None:
    """In the helper process: exit once the web process that started it has gone. A killed
    web process cannot stop its helper, and nothing else would (prctl's PDEATHSIG is
    Linux-only and fires when the *thread* that started the helper ends, a request's)."""
    while os.getppid() == parent_pid:  # an orphan is given another parent
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _start_helper(parent_pid: int) -> None:
    """In the helper process: watch the web process, set Django up and render a line, so
    fonts are loaded."""
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    import django

    django.setup()
    from plans.pdf import render_pdf

    render_pdf('<html lang="en-GB"><title>Warm-up</title><p>Warm-up</p></html>')


def _ready() -> bool:
    """The first job: done once the helper has started (its initializer has run)."""
    return True


def render_parts(htmls: list[str], org_chart: bytes | None) -> list:
    """In the helper process: render each part, in order (RenderResults pickle as they are)."""
    from plans.pdf import render_pdf

    return [render_pdf(html, org_chart=org_chart) for html in htmls]


def _pool_or_none() -> ProcessPoolExecutor | None:
    """The helper when it is warm; starts it when there is none. Call with _lock held."""
    global _pool, _warm
    if _pool is None:
        context = multiprocessing.get_context("spawn")
        _pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=context,
            initializer=_start_helper,
            initargs=(os.getpid(),),
        )
        _warm = _pool.submit(_ready)
        return None
    if not _warm.done():
        return None
    if _warm.exception() is not None:
        logger.warning("PDF helper did not start: %s", _warm.exception())
        _discard()
        return None
    return _pool


def _discard(*, kill: bool = False, wait: bool = False) -> None:
    """Forget the helper: the next download starts a new one. `kill` ends a helper that
    stopped answering (the executor has no public way to)."""
    global _pool, _warm
    if _pool is not None:
        if kill:
            for process in list(getattr(_pool, "_processes", {}).values()):
                process.kill()
        _pool.shutdown(wait=wait, cancel_futures=True)
    _pool = _warm = None


class Helper:
    """The reserved helper: `render()` sends it parts; their results come from `results()`."""

    def __init__(self, pool: ProcessPoolExecutor):
        self._pool = pool
        self._future: Future | None = None

    def render(self, htmls: list[str], org_chart: bytes | None) -> None:
        try:
            self._future = self._pool.submit(render_parts, htmls, org_chart)
        except Exception as error:  # the helper died since its last part
            self._future = Future()
            self._future.set_exception(error)

    def results(self) -> list | None:
        """The parts, or None when the helper failed (it is then replaced next time)."""
        from plans.pdf import PdfRenderError

        try:
            return self._future.result(timeout=RESULT_TIMEOUT_SECONDS)
        except PdfRenderError:
            raise  # the HTML, not the helper: rendered here, it would fail the same way
        except Exception:
            logger.exception("PDF helper failed; its parts are rendered by the web process")
            with _lock:
                if _pool is self._pool:
                    _discard(kill=True)
            return None


@contextmanager
def reserve():
    """The helper for this request's use (None when it is off, starting or in use)."""
    global _in_use
    if not settings.PDF_HELPER:
        yield None
        return
    with _lock:
        pool = None if _in_use else _pool_or_none()
        if pool is not None:
            _in_use = True
    if pool is None:
        yield None
        return
    try:
        yield Helper(pool)
    finally:
        with _lock:
            _in_use = False


def wait_until_ready(timeout: float = 60) -> None:
    """Start the helper and wait for it to be warm (tests, benchmarks)."""
    with _lock:
        _pool_or_none()
        warm = _warm
    warm.result(timeout=timeout)


def stop(*, wait: bool = False) -> None:
    """Stop the helper (tests, benchmarks); `wait` until its process has ended."""
    with _lock:
        _discard(wait=wait)
