"""Faults: the database going away, a save failing half-way, 20 people saving at once,
and a backup restored into a fresh database with its files."""

import hashlib
import os
import subprocess
import tarfile
import threading
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.apps import apps
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test import Client

from council.models import ChangeStamp
from plans.models import Contract, Section, SectionKind
from plans.services.editing import SectionConflict, section_save
from tests import factories
from tests.plans.helpers import formset_data
from tests.reliability.test_exchange import fill_every_part


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens here once the socket is closed


@contextmanager
def database_unreachable():
    """Point the connection at a port where no database listens, as if the server died."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = closed_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def test_healthz_is_503_when_the_database_is_down(transactional_db):
    client = Client()
    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert Client().get("/healthz").status_code == 200  # and recovers when it is back


def test_pages_show_our_own_error_page_without_a_stack_trace(world, transactional_db):
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    with database_unreachable():
        response = client.get(world.plan.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 503  # the database is away: try again (Retry-After)
    assert "Sorry, the service is unavailable for a moment" in page
    for leak in ("Traceback", "OperationalError", "psycopg", "connection", "settings.py"):
        assert leak not in page
    assert client.get(world.plan.get_absolute_url()).status_code == 200


def section_of(plan, kind):
    return plan.sections.get(kind=kind)


def test_a_section_save_failing_half_way_leaves_nothing(world):
    section = section_of(world.plan, SectionKind.CONTRACTS)

    def write():
        for number in range(3):
            Contract.objects.create(plan=world.plan, title=f"Contract {number}", supplier="A Ltd")
        # The fourth row breaks a database rule (negative value) after three were written.
        Contract.objects.create(plan=world.plan, title="Bad", supplier="B Ltd", value=-1)

    with pytest.raises(IntegrityError):
        section_save(section=section, expected_version=1, user=world.officer, write=write)
    assert Contract.objects.filter(plan=world.plan).count() == 0
    assert Section.objects.get(pk=section.pk).version == 1


def test_a_page_save_that_loses_the_database_half_way_writes_nothing(world):
    section = section_of(world.plan, SectionKind.CONTRACTS)
    rows = [{"title": f"Contract {n}", "supplier": "A Ltd", "position": n} for n in range(4)]
    data = {"version": section.version, **formset_data("contracts", rows)}
    real_save = Contract.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self.title)
        if len(calls) == 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real_save(self, *args, **kwargs)

    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    url = f"/plans/{world.plan.pk}/sections/{section.pk}/edit/"
    with mock.patch.object(Contract, "save", failing_save):
        response = client.post(url, data)
    assert response.status_code == 503
    assert b"Sorry, the service is unavailable for a moment" in response.content
    assert len(calls) == 3  # two rows were written before the failure ...
    assert Contract.objects.filter(plan=world.plan).count() == 0  # ... and rolled back
    assert Section.objects.get(pk=section.pk).version == 1


WRITERS = 20


def test_twenty_parallel_writers_exactly_one_lands(world, transactional_db):
    section = section_of(world.plan, SectionKind.NARRATIVE)
    start_version = section.version
    history_before = section.history.count()
    barrier = threading.Barrier(WRITERS)
    landed, conflicts, errors = [], [], []

    def writer(number):
        try:
            mine = Section.objects.get(pk=section.pk)  # each thread has its own connection
            barrier.wait(timeout=30)
            section_save(
                section=mine,
                expected_version=start_version,
                user=world.officer,
                body=f"<p>Text from writer {number}</p>",
            )
            landed.append(number)
        except SectionConflict as conflict:
            conflicts.append((number, conflict.current.version))
        except Exception as error:  # noqa: BLE001 - counted and shown below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(landed) == 1
    assert len(conflicts) == WRITERS - 1
    assert all(version == start_version + 1 for _, version in conflicts)
    final = Section.objects.get(pk=section.pk)
    assert final.version == start_version + 1
    assert final.body == f"<p>Text from writer {landed[0]}</p>"
    assert section.history.count() == history_before + 1  # nothing overwritten unseen


# --- backup and restore ------------------------------------------------------------------


def pg(tool: str) -> str:
    return str(Path(os.environ["PGSERVER_BIN"]) / tool)


def database_url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{name}"


def table_digests(url: str) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row, for every table of the project."""
    digests = {}
    with psycopg.connect(url) as conn:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            row = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
                f'FROM "{table}" t'
            ).fetchone()
            digests[table] = row
    return digests


def file_digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_backup_and_restore_round_trip(world, transactional_db, settings, tmp_path):
    """The procedure in docs/backup-and-restore.md, step by step, on the test database."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    fill_every_part(world.plan)
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    backup = tmp_path / "backup"
    backup.mkdir()
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, timeout=120)  # noqa: E731
    # 1. Back up: the database in PostgreSQL's custom format, and the media folder.
    run(pg("pg_dump"), "--format=custom", f"--file={backup / 'db.dump'}", database_url(source))
    with tarfile.open(backup / "media.tar.gz", "w:gz") as archive:
        archive.add(media, arcname=".")
    # 2. Restore into a new, empty database and a new media folder.
    run(pg("dropdb"), "--if-exists", f"--maintenance-db={database_url('postgres')}", restored)
    run(pg("createdb"), f"--maintenance-db={database_url('postgres')}", restored)
    try:
        run(pg("pg_restore"), "--no-owner", "--exit-on-error",
            f"--dbname={database_url(restored)}", str(backup / "db.dump"))  # fmt: skip
        new_media = tmp_path / "restored-media"
        new_media.mkdir()
        with tarfile.open(backup / "media.tar.gz") as archive:
            archive.extractall(new_media, filter="data")
        before, after = table_digests(database_url(source)), table_digests(database_url(restored))
        assert after == before
        assert before["plans_contract"][0] >= 1 and before["plans_orgchart"][0] == 1
        assert file_digests(new_media) == file_digests(media)
        assert any(name.endswith(".png") for name in file_digests(new_media))
    finally:
        run(pg("dropdb"), "--if-exists", f"--maintenance-db={database_url('postgres')}", restored)


def file_caches(tmp_path) -> dict:
    """The page and part caches as production keeps them: files shared by the web processes."""
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / alias),
            "KEY_PREFIX": "test",
        }
        for alias in ("pages", "parts")
    }


def test_after_a_restore_no_kept_page_outlives_its_database(
    world, transactional_db, settings, tmp_path
):
    """A backup restored (docs/backup-and-restore.md) brings back older change stamps and
    the sequence that numbers them: the first change after it is numbered as one made after
    the backup was. Pages kept for that lost change must not be served for the new one."""
    settings.CACHES = {**settings.CACHES, **file_caches(tmp_path)}
    overview = section_of(world.plan, SectionKind.NARRATIVE)
    contract = factories.ContractFactory(plan=world.plan, title="Contract kept in the backup")
    client = Client()
    client.force_login(world.officer)
    url = world.plan.get_absolute_url()

    def change(text):
        with transaction.atomic():
            section = Section.objects.get(pk=overview.pk)
            section.body = f"<p>{text}</p>"
            section.save()
            renamed = Contract.objects.get(pk=contract.pk)
            renamed.title = f"Contract: {text}"
            renamed.save()
        return ChangeStamp.objects.order_by("-id").values_list("id", flat=True).first()

    change("Text in the backup")
    assert "Text in the backup" in client.get(url).content.decode()
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    dump = tmp_path / "db.dump"
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, timeout=120)  # noqa: E731
    run(pg("pg_dump"), "--format=custom", f"--file={dump}", database_url(source))
    lost_stamp = change("Text written after the backup, lost in the restore")
    assert "Text written after the backup" in client.get(url).content.decode()  # now kept
    run(pg("dropdb"), "--if-exists", f"--maintenance-db={database_url('postgres')}", restored)
    run(pg("createdb"), f"--maintenance-db={database_url('postgres')}", restored)
    try:
        run(pg("pg_restore"), "--no-owner", "--exit-on-error",
            f"--dbname={database_url(restored)}", str(dump))  # fmt: skip
        connection.close()
        connection.settings_dict["NAME"] = restored  # DATABASE_URL pointed at the restored copy
        page = client.get(url).content.decode()
        assert "Text in the backup" in page and "lost in the restore" not in page

        new_stamp = change("Text written after the restore")
        page = client.get(url).content.decode()

        assert new_stamp == lost_stamp  # the stamps' numbers were given out again
        assert "Text written after the restore" in page
        assert "Contract: Text written after the restore" in page
        assert "lost in the restore" not in page
    finally:
        connection.close()
        connection.settings_dict["NAME"] = source
        run(pg("dropdb"), "--if-exists", f"--maintenance-db={database_url('postgres')}", restored)
