"""Security headers on a normal page under production settings, and the local-http switch."""

import pytest

from tests.council.test_settings import GOOD_KEY, run_manage


def test_a_signed_in_page_sends_the_security_headers_in_production(client_for, world, settings):
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    client = client_for(world.officer)
    response = client.get(world.plan.get_absolute_url(), secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    # Plain http is sent to https.
    insecure = client.get(world.plan.get_absolute_url())
    assert insecure.status_code == 301 and insecure["Location"].startswith("https://")


def test_local_http_only_is_refused_for_a_real_host_name():
    result = run_manage(
        "check", DEBUG="false", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="plans.example",
        LOCAL_HTTP_ONLY="true",
    )  # fmt: skip
    assert result.returncode != 0
    assert "LOCAL_HTTP_ONLY is for 127.0.0.1/localhost only" in result.stderr


@pytest.mark.parametrize(("local", "secure"), [("false", "True"), ("true", "False")])
def test_local_http_only_relaxes_cookies_only_when_asked(local, secure):
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    result = run_manage(
        "shell", "-c", code, DEBUG="false", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="127.0.0.1",
        LOCAL_HTTP_ONLY=local,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected = f"{secure} {secure} {31536000 if secure == 'True' else 0}"
    assert result.stdout.strip().splitlines()[-1] == expected
