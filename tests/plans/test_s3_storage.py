"""Files in S3-compatible object storage (S3_BUCKET), as a deployment on several servers keeps
them: a real S3 API (moto's server) started on 127.0.0.1 for these tests, never a mock. Each
file is written through django-storages and read back through the app's own views."""

import datetime as dt
import hashlib
import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import boto3
import pytest
from botocore.config import Config
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from packs.models import PackJob
from plans.forms import pictures
from plans.models import OrgChart, PlanVersion
from plans.views import pdf as pdf_views
from serviceplans.settings import file_storage_config
from tests import factories
from tests.packs.test_packs import ask, text_of
from tests.plans.test_pdf import pdf_text
from tests.plans.test_redis_cache import free_port
from tests.plans.test_version_pdf import publish
from tests.plans.test_views import upload_chart

REGION = "eu-west-2"


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """moto's S3 server on a free port of 127.0.0.1, for the whole run. It is a test
    dependency (requirements-dev.txt): if it cannot start, the tests fail and say why."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while True:
        if server.poll() is not None:
            pytest.fail(
                f"moto's S3 server (python -m moto.server, requirements-dev.txt) exited with "
                f"{server.returncode} before answering:\n{log.read_text()[-2000:]}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"moto's S3 server did not answer on port {port} within 30 s")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@dataclass
class Bucket:
    """A bucket of the test S3 server, read with boto3 directly (not through the app)."""

    client: object
    name: str
    endpoint: str

    def keys(self, prefix: str = "") -> list[str]:
        found = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in found.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def s3_credentials(monkeypatch, tmp_path) -> None:
    """boto3 reads its credentials from the environment, as in production; the machine's
    own AWS configuration is kept out."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "serviceplans-tests")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "serviceplans-tests")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def s3(s3_endpoint, monkeypatch, tmp_path):
    """A new bucket (ids recur from test to test) and the app's files in it, configured
    as S3_BUCKET, S3_ENDPOINT_URL and S3_REGION would configure them."""
    s3_credentials(monkeypatch, tmp_path)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    name = f"serviceplans-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    config = file_storage_config(bucket=name, endpoint_url=s3_endpoint, region=REGION)
    with override_settings(STORAGES={**settings.STORAGES, "default": config}):
        yield Bucket(client, name, s3_endpoint)
    # Nothing went to the local media folder.
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("*"))


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- The plan's PDF, kept under its change tokens (plans/pdf/store.py) ----------------------


def test_a_plan_pdf_is_kept_in_the_bucket_and_the_next_download_is_served_from_it(
    client_for, world, s3, monkeypatch
):
    renders = []
    render = pdf_views.plan_pdf_render
    monkeypatch.setattr(
        pdf_views, "plan_pdf_render", lambda document: renders.append(1) or render(document)
    )
    client = client_for(world.clerk)
    url = reverse("plans:plan_pdf", args=[world.plan.pk])
    prefix = f"plan-pdfs/plan-{world.plan.pk}/"

    first = download(client, url)
    kept = s3.keys(prefix)
    assert len(kept) == 1 and s3.read(kept[0]) == first
    assert download(client, url) == first
    assert len(renders) == 1  # the second came from the bucket

    factories.KeyContactFactory(plan=world.plan, name="Dana Price")
    assert "Dana Price" in pdf_text(download(client, url))
    assert len(renders) == 2
    now_kept = s3.keys(prefix)
    assert len(now_kept) == 1 and now_kept != kept  # the older one was dropped


def test_clearing_the_page_cache_deletes_the_pdfs_kept_in_the_bucket(client_for, world, s3):
    download(client_for(world.clerk), reverse("plans:plan_pdf", args=[world.plan.pk]))
    out = StringIO()
    call_command("clear_page_cache", stdout=out)
    assert "deleted 1 kept plan PDFs" in out.getvalue()
    assert s3.keys("plan-pdfs/") == []


def test_with_the_storage_out_of_reach_the_plan_pdf_is_still_downloaded(
    client_for, world, monkeypatch, tmp_path, caplog
):
    s3_credentials(monkeypatch, tmp_path)
    config = file_storage_config(
        bucket="serviceplans-gone", endpoint_url=f"http://127.0.0.1:{free_port()}", region=REGION
    )
    config["OPTIONS"]["client_config"] = Config(
        connect_timeout=1, retries={"total_max_attempts": 1}
    )
    url = reverse("plans:plan_pdf", args=[world.plan.pk])
    with (
        override_settings(STORAGES={**settings.STORAGES, "default": config}),
        caplog.at_level(logging.WARNING, logger="plans.pdf.store"),
    ):
        assert "Customer Services service plan" in pdf_text(download(client_for(world.clerk), url))
    assert f"The kept PDF of plan {world.plan.pk} could not be read" in caplog.text
    assert f"The PDF of plan {world.plan.pk} could not be kept" in caplog.text


# --- A published version's PDF (plans/snapshot.py) -------------------------------------------


def test_a_published_version_s_pdf_is_stored_in_the_bucket_and_downloaded_from_it(
    client_for, world, s3, django_capture_on_commit_callbacks
):
    plan, version, callbacks = publish(world, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()  # the worker makes the archival PDF after the commit
    version = PlanVersion.objects.get(pk=version.pk)
    key = f"published/plan-{plan.pk}/version-{version.number}.pdf"
    assert version.pdf.name == key and s3.keys("published/") == [key]
    stored = s3.read(key)
    assert hashlib.sha256(stored).hexdigest() == version.pdf_sha256

    url = reverse("plans:version_pdf", args=[plan.pk, version.number])
    assert download(client_for(world.clerk), url) == stored
    assert "We answer the council's calls." in pdf_text(stored)


# --- A committee pack's file (packs/services.py) --------------------------------------------


def test_a_pack_is_made_in_the_bucket_and_downloaded_from_it(client_for, world, s3):
    client = client_for(world.clerk)
    ask(client)
    job = PackJob.objects.get()
    assert job.file.name == f"packs/pack-{job.pk}/testshire-performance-pack-2026-q2.pdf"
    # The chapters were joined from the bucket, then deleted from it.
    assert s3.keys("packs/") == [job.file.name]

    data = download(client, reverse("packs:download", args=[job.pk]))
    assert data == s3.read(job.file.name)
    assert "Quarterly performance pack Q2 2026/27" in text_of(data)


# --- An uploaded picture (the organisation chart) --------------------------------------------


def test_an_org_chart_is_stored_in_the_bucket_shown_from_it_and_replaced_without_loss(
    client_for, world, s3, monkeypatch, django_capture_on_commit_callbacks
):
    # Both uploads in the same second: the stored name is the same, and a replaced file
    # is deleted by name after the commit. The bucket must not overwrite the first.
    second = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(pictures, "timezone", SimpleNamespace(now=lambda: second))
    client = client_for(world.officer)
    image_url = reverse("plans:org_chart_image", args=[world.plan.pk])
    prefix = f"org-charts/plan-{world.plan.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        assert upload_chart(client, world).status_code == 302
    first = OrgChart.objects.get(plan=world.plan).image.name
    assert s3.keys(prefix) == [first]
    shown = download(client_for(world.clerk), image_url)
    assert shown == s3.read(first) and shown.startswith(b"\x89PNG")
    assert image_url in client.get(world.plan.get_absolute_url()).content.decode()

    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_chart(client, world, alt_text="A new structure").status_code == 302
    replaced = OrgChart.objects.get(plan=world.plan).image.name
    assert replaced != first and s3.keys(prefix) == [replaced]
    assert download(client, image_url) == s3.read(replaced)


def test_an_org_chart_upload_with_the_store_out_of_reach_is_a_form_error_and_saves_nothing(
    client_for, world, monkeypatch, tmp_path
):
    s3_credentials(monkeypatch, tmp_path)
    config = file_storage_config(
        bucket="serviceplans-gone", endpoint_url=f"http://127.0.0.1:{free_port()}", region=REGION
    )
    config["OPTIONS"]["client_config"] = Config(
        connect_timeout=1, retries={"total_max_attempts": 1}
    )
    with override_settings(STORAGES={**settings.STORAGES, "default": config}):
        response = upload_chart(client_for(world.officer), world, alt_text="A new structure")
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The organisation chart could not be stored" in page
    assert "file store could not be reached. Nothing was saved." in page
    assert "A new structure" in page  # what was typed is kept
    assert not OrgChart.objects.filter(plan=world.plan).exists()


def test_stored_files_are_private_and_a_url_is_signed_and_short_lived(client_for, world, s3):
    from django.core.files.storage import default_storage

    download(client_for(world.clerk), reverse("plans:plan_pdf", args=[world.plan.pk]))
    (key,) = s3.keys("plan-pdfs/")
    grants = s3.client.get_object_acl(Bucket=s3.name, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's only
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3.endpoint}/{s3.name}/{key}", timeout=5)  # noqa: S310
    assert refused.value.code == 403

    url = default_storage.url(key)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
        assert response.read() == s3.read(key)
