"""Production settings refuse to start unsafe, and are clean under check --deploy."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "x9Qw7Rt2" * 8


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "key",
    ["", "short", "change-me-to-50-random-characters-xxxxxxxxxxxxxxxxxxxxxxx", "a" * 60],
)
def test_production_refuses_a_missing_or_weak_secret_key(key):
    result = run_manage("check", DEBUG="false", SECRET_KEY=key, ALLOWED_HOSTS="plans.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set to at least 50 random characters" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="plans.example",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout


def test_security_headers_are_sent(client, db):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_production_static_files_collect_with_hashed_names(tmp_path):
    """The manifest storage refuses files that point at something missing (a source map, an
    image): every compiled file must collect cleanly, as a deployment does."""
    result = run_manage(
        "collectstatic", "--noinput", "--verbosity", "0",
        DEBUG="false", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="plans.example", STATIC_ROOT=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("build/application.*.css"))


def settings_variables() -> set[str]:
    """Every environment variable serviceplans/settings.py reads."""
    source = (settings.BASE_DIR / "serviceplans" / "settings.py").read_text()
    return set(re.findall(r"""env(?:_bool|_list|_int)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))


def test_every_setting_from_the_environment_is_documented():
    """An operator learns every variable from the README's configuration table and from
    .env.example; a variable read by the settings but named in neither is a defect."""
    names = settings_variables()
    assert {"SITE_URL", "PROXY_COUNT", "DATABASE_URL"} <= names  # the reading above works
    readme = (settings.BASE_DIR / "README.md").read_text()
    table = readme[readme.index("## Configuration") :]
    table = table[: table.index("\n## ", 1)]
    example = (settings.BASE_DIR / ".env.example").read_text()
    assert sorted(n for n in names if f"`{n}`" not in table) == []
    assert sorted(n for n in names if not re.search(rf"^#? ?{n}=", example, re.M)) == []
