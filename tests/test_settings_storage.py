"""Where files are kept (serviceplans/settings.py, file_storage_config): local files unless
S3_BUCKET is set, then django-storages' S3 back end with the settings a private bucket
shared by several servers needs. tests/plans/test_s3_storage.py runs it against an S3 API."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from serviceplans.settings import file_storage_config

ROOT = Path(__file__).resolve().parents[1]


def test_without_a_bucket_files_stay_on_local_disk():
    assert file_storage_config() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_with_a_bucket_files_go_to_s3_private_signed_and_never_overwritten():
    config = file_storage_config(bucket="council-plans", region="eu-west-2")
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "council-plans"
    assert options["region_name"] == "eu-west-2"
    assert options["endpoint_url"] is None  # AWS itself
    assert "addressing_style" not in options
    assert options["default_acl"] is None  # private; accepted where ACLs are disabled
    assert (options["querystring_auth"], options["querystring_expire"]) == (True, 300)
    assert options["file_overwrite"] is False
    assert options["max_memory_size"] == 5 * 1024 * 1024  # a big pack spools to disk
    assert "access_key" not in options and "secret_key" not in options  # boto3's own


def test_another_s3_compatible_server_is_addressed_by_path():
    config = file_storage_config(bucket="plans", endpoint_url="https://minio.internal:9000")
    assert config["OPTIONS"]["endpoint_url"] == "https://minio.internal:9000"
    assert config["OPTIONS"]["addressing_style"] == "path"
    assert config["OPTIONS"]["region_name"] is None


def test_django_storages_takes_every_option():
    config = file_storage_config(bucket="plans", endpoint_url="http://127.0.0.1:9000")
    storage = S3Storage(**config["OPTIONS"])  # an unknown option is ImproperlyConfigured
    assert (storage.bucket_name, storage.file_overwrite, storage.default_acl) == (
        "plans",
        False,
        None,
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"endpoint_url": "https://s3.example"}, "S3_ENDPOINT_URL and S3_REGION need S3_BUCKET"),
        ({"region": "eu-west-2"}, "S3_ENDPOINT_URL and S3_REGION need S3_BUCKET"),
        (
            {"bucket": "plans", "endpoint_url": "minio.internal:9000"},
            "S3_ENDPOINT_URL must be an https:// or http:// URL",
        ),
    ],
)
def test_a_half_set_or_malformed_configuration_is_refused(values, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        file_storage_config(**values)


def test_the_settings_read_the_bucket_from_the_environment():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("S3_")}
    environment |= {
        "S3_BUCKET": "council-plans",
        "S3_ENDPOINT_URL": "https://objects.example.net",
        "S3_REGION": "gb-lon",
    }
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    storages = json.loads(result.stdout.strip().splitlines()[-1])
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["bucket_name"] == "council-plans"
    assert storages["default"]["OPTIONS"]["endpoint_url"] == "https://objects.example.net"
    assert storages["default"]["OPTIONS"]["region_name"] == "gb-lon"
    # Static files stay on local disk, served by WhiteNoise.
    assert storages["staticfiles"]["BACKEND"].startswith("django.contrib.staticfiles.storage")
