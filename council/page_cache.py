"""
Rendered HTML kept until something it shows changes: the building block of the plan page's
cache (plans/cache/pages.py, plans/cache/parts.py) and the dashboards' (kpis/views.py).

HTML is kept under a key made of the change tokens of what it shows (council/stamps.py)
and the other values that shape it (the day, the reader's rights, filters). The cache is
the "pages" alias in settings (files under PAGE_CACHE_DIR, or Redis/Valkey).
"""

import hashlib
import logging

from django.core.cache import caches
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache that cannot answer raises: a full disk under PAGE_CACHE_DIR, a Redis server
# down or out of memory. Either costs a render, never the page.
CACHE_ERRORS = (OSError, RedisError)


def kept(name: str, tokens: dict, extra, render) -> str:
    """HTML kept under the change tokens (stamps.tokens) and the extra values that shape it
    (dates, rights, filters): from the cache, or render() kept for the next reader."""
    parts = [name, *(str(value) for value in extra), *tokens.values()]
    key = f"{name}:" + hashlib.blake2b("|".join(parts).encode(), digest_size=20).hexdigest()
    cache = caches["pages"]
    html = read(cache, key)
    if html is None:
        html = str(render())
        keep(cache, key, html)
    return html


def read(cache, key: str) -> str | None:
    """Kept HTML, or None when there is none or the cache cannot answer (logged)."""
    try:
        return cache.get(key)
    except CACHE_ERRORS:
        logger.warning("The page cache could not be read", exc_info=True)
        return None


def keep(cache, key: str, html: str) -> None:
    """Keep rendered HTML for the next reader. A cache that cannot take it costs a render
    next time, never the page: the failure is logged."""
    try:
        cache.set(key, html)
    except CACHE_ERRORS:
        logger.warning("A rendered page could not be kept in the cache", exc_info=True)
