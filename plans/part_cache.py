"""
The plan page's table parts, rendered once per content: a cache keyed by what they show.

A part's HTML is a function of its template, the data the part builder loaded (rows,
figures, flags worked out for today) and the plan. The key is a digest of exactly that
data, read from the loaded objects, so there is nothing to invalidate: any change to a row,
however it was made (a form, an import, the admin, a data fix in SQL), gives a new key.
Digesting the data is a plain walk over objects already in memory, far cheaper than the
template engine's work on the same rows (see `make bench`, plan_page_ms_large).

Parts whose HTML also depends on who is looking (edit and report links, signature
buttons) are rendered every time. The cache is the "parts" alias in settings: memory of
each process, so a deployment with new templates starts empty.
"""

import datetime as dt
import hashlib
from dataclasses import fields, is_dataclass
from decimal import Decimal

from django.core.cache import caches
from django.db.models import Model
from django.utils.safestring import mark_safe

from plans.models import SectionKind

# Parts drawn from their data alone: no user-dependent links inside them.
CACHED_KINDS = frozenset(
    {
        SectionKind.BUDGET,
        SectionKind.WORKFORCE,
        SectionKind.PRIORITIES,
        SectionKind.CONTRACTS,
        SectionKind.CARBON,
        SectionKind.FORWARD_PLAN,
        SectionKind.CONTACTS,
        SectionKind.KEY_ISSUES,
        SectionKind.KPIS,
        SectionKind.RISKS,
    }
)
# What the part templates read besides the part: see the context line of each template.
CONTEXT_KEYS = ("pdf", "frozen", "org_chart_src")
PLAIN = (str, int, float, bool, Decimal, dt.date, type(None))
PLAIN_TYPES = frozenset({str, int, float, bool, Decimal, dt.date, dt.datetime, type(None)})


def _walk(value, out: list, seen: set) -> None:
    """Append a flat description of value (and everything it holds) to out."""
    if isinstance(value, PLAIN):
        out.append(repr(value))
        return
    if isinstance(value, list | tuple | set | frozenset):
        items = value if not isinstance(value, set | frozenset) else sorted(value, key=repr)
        if all(type(item) in PLAIN_TYPES for item in items):  # figures: one repr for all
            out.append(repr(list(items)))
            return
        out.append(f"[{len(value)}")
        for item in items:
            _walk(item, out, seen)
        out.append("]")
        return
    if isinstance(value, dict):
        out.append(f"{{{len(value)}")
        for key, item in value.items():
            _walk(key, out, seen)
            _walk(item, out, seen)
        out.append("}")
        return
    marker = id(value)
    if marker in seen:  # a row's parent, reached again through the row
        out.append(f"^{type(value).__name__}:{getattr(value, 'pk', '')}")
        return
    seen.add(marker)
    if isinstance(value, Model):
        _walk_model(value, out, seen)
    elif is_dataclass(value):
        out.append(type(value).__qualname__)
        for field in fields(value):
            _walk(getattr(value, field.name), out, seen)
    elif hasattr(value, "__dict__"):
        out.append(type(value).__qualname__)
        _walk(dict(sorted(vars(value).items())), out, seen)
    else:  # nothing we know how to read: a key no other render shares, never a stale one
        out.append(f"?{type(value).__qualname__}:{id(value)}")


def _walk_model(instance: Model, out: list, seen: set, *, rows: bool = True) -> None:
    """A row: its class, every column, the rows it points to and (unless `rows` is False)
    the rows loaded under it."""
    meta = instance._meta
    values = instance.__dict__
    out.append(meta.label)
    # Every column in one repr; a deferred column is read (as a template reading it would).
    out.append(
        repr(
            [
                values[field.attname]
                if field.attname in values
                else getattr(instance, field.attname)
                for field in meta.concrete_fields
            ]
        )
    )
    for name, related in sorted(instance._state.fields_cache.items()):
        out.append(name)
        if id(related) in seen:  # the parent this row was loaded under
            out.append("^")
        else:
            _walk(related, out, seen)
    prefetched = getattr(instance, "_prefetched_objects_cache", None)
    if prefetched and rows:
        for name in sorted(prefetched):
            out.append(name)
            _walk(list(prefetched[name]), out, seen)


def describe(plan, *values) -> list[str]:
    """Everything the values hold, flat, as the part templates can read it; of the plan,
    its own columns and service only (its rows are in the parts that show them)."""
    out: list[str] = []
    seen = {id(plan)}
    _walk_model(plan, out, seen, rows=False)
    for value in values:
        _walk(value, out, seen)
    return out


def digest(plan, *values) -> str:
    return hashlib.blake2b(
        "\x1f".join(describe(plan, *values)).encode(), digest_size=20
    ).hexdigest()


def render_part(template, context, section, part) -> str:
    """The part's HTML from the cache, or rendered (and kept) when it is new."""
    values = {"section": section, "part": part}
    if section.kind not in CACHED_KINDS:
        with context.push(**values):
            return template.render(context)
    plan = context.get("plan")
    extra = [context.get(key) for key in CONTEXT_KEYS]
    key = f"part:{section.kind}:" + digest(plan, part, extra)
    cache = caches["parts"]
    html = cache.get(key)
    if html is None:
        with context.push(**values):
            html = template.render(context)
        cache.set(key, str(html))
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered
