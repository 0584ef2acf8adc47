"""The page caches in Redis (CACHE_URL), as a deployment on several servers keeps them: a
real redis-server started on 127.0.0.1 for these tests, never a mock."""

import logging
import re
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from council.models import User
from plans.models import Section, SectionKind
from plans.services.editing import section_save
from serviceplans.settings import page_cache_config
from tests.plans.helpers import plan_page

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is installed by make test"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


def redis_caches(url: str) -> dict:
    config = {"testing": False, "debug": False, "url": url}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "parts": page_cache_config("parts", 3600, "1000", **config),
        "pages": page_cache_config("pages", 3600, "1000", **config),
    }


def page(client, plan) -> str:
    return re.sub(r'(nonce|value)="[\w-]{16,}"', "", plan_page(client, plan))


def test_every_server_reads_the_pages_kept_in_redis_and_a_change_shows_at_once(
    demo, client, redis_url
):
    with override_settings(CACHES=redis_caches(redis_url)):
        first = page(client, demo)
        stored = redis.Redis.from_url(redis_url).keys("*")
        assert any(b":pages:" in key for key in stored)
        assert any(b":parts:" in key for key in stored)
    # Another server: its own connection to the same Redis, nothing kept in its memory.
    with override_settings(CACHES=redis_caches(redis_url)):
        assert page(client, demo) == first
        section = Section.objects.filter(plan=demo, kind=SectionKind.NARRATIVE).first()
        section_save(
            section=section,
            user=User.objects.get(username="officer"),
            body="<p>Opening hours change from April</p>",
            expected_version=section.version,
        )
        assert "Opening hours change from April" in page(client, demo)


def test_clear_page_cache_empties_redis(demo, client, redis_url):
    with override_settings(CACHES=redis_caches(redis_url)):
        page(client, demo)
        assert redis.Redis.from_url(redis_url).dbsize() > 0
        call_command("clear_page_cache", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert redis.Redis.from_url(redis_url).dbsize() == 0


def test_with_redis_down_the_page_is_rendered_and_the_failure_logged(
    demo, client, redis_url, caplog
):
    with override_settings(CACHES=redis_caches(redis_url)):
        first = page(client, demo)
        redis.Redis.from_url(redis_url).shutdown(nosave=True)
        caches["pages"].close()
        caches["parts"].close()
        with caplog.at_level(logging.WARNING, logger="council.page_cache"):
            assert page(client, demo) == first
    assert "The page cache could not be read" in caplog.text


def test_a_cache_url_that_is_not_redis_is_refused():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be a redis://"):
        page_cache_config(
            "pages", 60, "10", url="memcached://127.0.0.1", testing=False, debug=False
        )


def test_without_a_cache_url_a_server_keeps_pages_in_files():
    config = page_cache_config("pages", 60, "10", testing=False, debug=False)
    assert config["BACKEND"].endswith("FileBasedCache")
