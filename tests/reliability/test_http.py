"""HTTP behaviour every page shares: which methods a view answers, and how it may be kept."""

import inspect

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.decorators import http as http_decorators

# Views of Django's own that are not ours to decorate (sign-in pages).
NOT_OURS = ("django.contrib.", "simple_history.")


def our_views(patterns=None, prefix=""):
    """(route, callback) of every URL pattern of the project's own apps."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin's views say which methods they answer (council.admin)
            yield from our_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", entry.callback)
            if not view.__module__.startswith(NOT_OURS):
                yield prefix + str(entry.pattern), entry.callback


def allowed_methods(callback) -> list[str] | None:
    """The methods a function view was limited to with django.views.decorators.http, if it was."""
    fn = callback
    while fn is not None:
        code = getattr(fn, "__code__", None)
        if code is not None and code.co_filename == http_decorators.__file__:
            methods = inspect.getclosurevars(fn).nonlocals.get("request_method_list")
            if methods is not None:
                return list(methods)
        fn = getattr(fn, "__wrapped__", None)
    return None


def test_every_function_view_says_which_methods_it_answers():
    """A read-only page answers a POST with 405, not with the page: each function view is
    limited with require_safe, require_GET, require_POST or require_http_methods. Class-based
    views answer only the methods they define."""
    unlimited = [
        route
        for route, callback in our_views()
        if not hasattr(callback, "view_class") and allowed_methods(callback) is None
    ]
    assert unlimited == []


def test_the_view_list_is_not_empty():
    """The walk above sees the project's views (a broken walk would pass the test vacuously)."""
    routes = dict(our_views())
    assert "plans/<int:pk>/" in routes
    assert allowed_methods(routes["plans/<int:pk>/"]) == ["GET", "HEAD"]
    assert allowed_methods(routes["plans/import/confirm/"]) == ["POST"]


def read_only_pages(world):
    return [
        reverse("dashboard"),
        reverse("plans:plan_detail", args=[world.plan.pk]),
        reverse("plans:plan_history", args=[world.plan.pk]),
        reverse("plans:outstanding"),
        reverse("plans:delivery"),
        reverse("plans:golden_thread"),
        reverse("risks:register", args=[world.service.pk]),
        reverse("risks:matrix_detail"),
    ]


def test_read_only_pages_answer_post_with_405(world, client_for):
    client = client_for(world.lead)
    for url in read_only_pages(world):
        assert client.get(url).status_code == 200, url
        response = client.post(url)
        assert response.status_code == 405, url
        assert "GET" in response["Allow"]


def test_signed_in_pages_are_never_kept_by_browsers_or_proxies(world, client_for):
    client = client_for(world.officer)
    for url in [*read_only_pages(world), reverse("plans:plan_pdf", args=[world.plan.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


@pytest.mark.django_db
def test_public_pages_may_be_kept(client):
    """The accessibility statement is the same for everyone: no private header for it."""
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")
