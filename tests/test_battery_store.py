"""A damaged, empty, foreign or write-protected `civcas.db` after a real crawl of a replica:
`verify` runs SQLite's own checks and fails on a damaged page or a dangling reference
(before: OK, exit 0); an empty or foreign file is never silently turned into a new store
(before: a 0-byte file became one, orphaning the WARCs); every command says what is wrong
in one line, without a traceback; a store on read-only media (a read-only bind mount in a
private mount namespace) is verified, served, exported and listed as it is (before: none
of them could open it)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
import urllib.request

import pytest
from support.battery import CIVCAS, env_for, verify

from support.replicas import ReplicaServer

pytestmark = pytest.mark.battery


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    data = root / "data"
    with ReplicaServer() as server:
        done = subprocess.run([CIVCAS, "crawl", "snhr", "--delay", "0", "--data-dir", str(data),
                               f"--mirror=https://snhr.org={server.mirrors()['https://snhr.org']}"],
                              capture_output=True, text=True, env=env_for(root), timeout=300)
    assert done.returncode == 0, done.stderr
    return data


@pytest.fixture
def data(crawled, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(crawled, copy)
    return copy


def _civcas(tmp_path, *args, timeout=300):
    return subprocess.run([CIVCAS, *args], capture_output=True, text=True,
                          env=env_for(tmp_path), timeout=timeout)


def _one_clear_line(done):
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_verify_fails_on_a_damaged_page(data, tmp_path):
    db = data / "civcas.db"
    with sqlite3.connect(db) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'versions'").fetchone()[0]
    with open(db, "r+b") as fh:  # 4 KB of random bytes over the versions table's root page
        fh.seek((root - 1) * page_size)
        fh.write(os.urandom(page_size))
    done = verify(data, tmp_path)
    assert done.returncode == 1, done.stdout
    assert "FAIL store:" in done.stdout and "OK" not in done.stdout.split()[0]


def test_verify_fails_on_a_dangling_reference(data, tmp_path):
    with sqlite3.connect(data / "civcas.db") as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM documents WHERE id = (SELECT document_id FROM versions LIMIT 1)")
    done = verify(data, tmp_path)
    assert done.returncode == 1, done.stdout
    assert "foreign_key_check" in done.stdout


def test_a_clean_store_still_verifies(data, tmp_path):
    done = verify(data, tmp_path)
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith("OK")


@pytest.mark.parametrize("content", [b"", os.urandom(8192)], ids=["empty", "garbage"])
def test_an_empty_or_garbage_store_is_one_clear_error_and_left_alone(data, tmp_path, content):
    db = data / "civcas.db"
    db.write_bytes(content)
    for args in (["crawl", "snhr", "--delay", "0"], ["changes"], ["export", "documents"],
                 ["serve", "--port", "0"]):
        done = _civcas(tmp_path, *args, "--data-dir", str(data), timeout=60)
        assert done.returncode != 0, args
        _one_clear_line(done)
        assert "civcas.db" in done.stderr, done.stderr
        assert db.read_bytes() == content, args  # never turned into a new store
    done = verify(data, tmp_path)
    assert done.returncode != 0 and "Traceback" not in done.stderr + done.stdout


def test_a_foreign_database_is_refused_and_left_alone(data, tmp_path):
    db = data / "civcas.db"
    db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    before = db.read_bytes()
    done = _civcas(tmp_path, "crawl", "snhr", "--delay", "0", "--data-dir", str(data), timeout=60)
    assert done.returncode == 1
    _one_clear_line(done)
    assert "not a civcas store" in done.stderr
    assert db.read_bytes() == before


def _read_only_mount(source, target):
    """A shell prefix running a command with `target` a read-only bind mount of `source`."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) to make a read-only mount")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this machine does not allow a private mount namespace")
    target.mkdir()
    return ["unshare", "-m", "sh", "-c",
            f'mount --bind "{source}" "{target}" && mount -o remount,bind,ro "{target}" && exec "$@"',
            "sh"]


def test_a_store_on_read_only_media_is_verified_served_and_exported(data, tmp_path):
    ro = tmp_path / "ro"
    prefix = _read_only_mount(data, ro)
    env = env_for(tmp_path)

    def run(*args):
        return subprocess.run([*prefix, CIVCAS, *args, "--data-dir", str(ro)], capture_output=True,
                              text=True, env=env, timeout=300)

    touched = run("crawl", "snhr", "--delay", "0")  # the media really is read-only
    assert touched.returncode != 0 and "Traceback" not in touched.stderr, touched.stderr[-2000:]
    done = run("verify")
    assert done.returncode == 0 and done.stdout.startswith("OK"), done.stdout + done.stderr
    assert run("changes").returncode == 0
    exported = run("export", "documents", "--format", "json")
    assert exported.returncode == 0 and "snhr.org" in exported.stdout, exported.stderr
    server = subprocess.Popen([*prefix, CIVCAS, "serve", "--port", "0", "--data-dir", str(ro)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = server.stdout.readline()
        assert "Serving" in line, server.stderr.read() if server.poll() is not None else line
        url = line.split(" at ", 1)[1].split()[0]
        for _ in range(50):
            try:
                with urllib.request.urlopen(url + "civcas/documents.json?_shape=array", timeout=5) as r:
                    assert b"snhr.org" in r.read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server never answered")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (data / "civcas.db-shm").exists() and not (data / "civcas.db-wal").exists()
