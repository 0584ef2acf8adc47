"""
The one URL fetcher every PDF render uses: it reads the project's own static files (print
CSS, images) and the one organisation chart the caller allows, and nothing else. User text
reaches the HTML (sanitised, but still user text), so no `file://`, `http(s)://`, `ftp://`,
redirect, attachment or `@import` may leave those bounds.
"""

import functools
import logging
import posixpath
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

logger = logging.getLogger(__name__)

# Relative URLs in the print templates ("/static/pdf/plan.css") resolve against this base.
# The host is reserved (RFC 6761) and never looked up: the fetcher answers for it itself.
BASE_URL = "https://serviceplans.invalid/"
_HOST = urlsplit(BASE_URL).netloc
ORG_CHART_PATH = "/org-chart.png"


class RefusedURL(ValueError):
    """The fetcher was asked for something outside the project's own files."""


def _static_roots() -> list[Path]:
    """Folders static files may come from: STATIC_ROOT and every finder's folders."""
    roots = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return [root.resolve() for root in roots]


def static_file_path(name: str) -> Path:
    """The file of a static name ('pdf/plan.css'), or RefusedURL when there is none."""
    try:
        # The source files first (development); collected, hashed names in production.
        found = finders.find(name)
        if not found and staticfiles_storage.exists(name):
            found = staticfiles_storage.path(name)
    except (SuspiciousFileOperation, NotImplementedError, ValueError) as error:
        raise RefusedURL(f"not a static file: {name}") from error
    if not found:
        raise RefusedURL(f"no such static file: {name}")
    path = Path(found).resolve()
    # A symlink inside a static folder must not lead out of it.
    if not any(path.is_relative_to(root) for root in _static_roots()):
        raise RefusedURL(f"static file outside the static folders: {name}")
    return path


def _content_type(path: str) -> str:
    suffix = posixpath.splitext(path)[1].lower()
    return {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
    }.get(suffix, "application/octet-stream")


@functools.cache
def _offline_ssl_context() -> ssl.SSLContext:
    """An SSL context with no certificates: the fetcher never connects anywhere, and
    WeasyPrint's default one loads the system's certificates on every render (50 ms)."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _make_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        """Reads the project's static files, one allowed org chart and data: URIs only.

        Everything else raises RefusedURL: WeasyPrint then logs a warning and leaves the
        resource out, so a hostile URL in user text costs the reader an image, not a leak.
        Each refusal is kept in `refused` (and logged) for tests and diagnosis.
        """

        def __init__(self, *, org_chart=None):
            super().__init__(
                allowed_protocols={"https", "data"},
                allow_redirects=False,
                ssl_context=_offline_ssl_context(),
            )
            self.org_chart = org_chart
            self.refused: list[str] = []
            self.fetched: list[str] = []

        def fetch(self, url, headers=None):
            try:
                response = self._answer(url)
            except RefusedURL as error:
                self.refused.append(url)
                logger.warning("PDF render refused to fetch %.200s: %s", url, error)
                raise
            self.fetched.append(url[:80])
            return response

        def _answer(self, url):
            if url.startswith("data:"):
                # Decoded in memory by urllib's DataHandler: nothing is read or sent.
                return super().fetch(url)
            parts = urlsplit(url)
            if parts.scheme != "https" or parts.netloc != _HOST:
                raise RefusedURL("only the project's own files may be read")
            if parts.query:
                raise RefusedURL("query strings are not used")
            path = unquote(parts.path)
            # Refuse rather than normalise: nothing we write contains '..' or '//'.
            if ".." in path.split("/") or "//" in path or "\\" in path or "\x00" in path:
                raise RefusedURL("path traversal")
            if path == ORG_CHART_PATH:
                return self._org_chart(url)
            static_prefix = urlsplit(settings.STATIC_URL).path
            if not path.startswith(static_prefix):
                raise RefusedURL("only static files and the plan's org chart may be read")
            name = path.removeprefix(static_prefix)
            file_path = static_file_path(name)
            return URLFetcherResponse(
                url,
                body=file_path.read_bytes(),
                headers={"Content-Type": _content_type(name)},
            )

        def _org_chart(self, url):
            chart = self.org_chart
            if isinstance(chart, bytes):  # read already, by a process that has the storage
                return URLFetcherResponse(url, body=chart, headers={"Content-Type": "image/png"})
            if chart is None or not chart.image:
                raise RefusedURL("this document has no organisation chart")
            return URLFetcherResponse(
                url, body=org_chart_bytes(chart), headers={"Content-Type": "image/png"}
            )

    return SafeURLFetcher


def org_chart_bytes(chart) -> bytes | None:
    """An organisation chart's PNG, through the storage API (object storage works the same
    as local files); None when there is no chart."""
    return None if chart is None else chart.read_image()


def safe_url_fetcher(*, org_chart=None):
    """A new fetcher for one render (it records what it refused)."""
    return _make_fetcher_class()(org_chart=org_chart)


# Elements that are never laid out inline: white space next to their tags is dropped by the
# layout anyway (at the start or end of a line, or between blocks and table parts).
