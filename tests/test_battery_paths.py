"""Paths and secrets: file names never taken unsanitised from config or the store, a WACZ
export that cannot be tricked into reading or writing elsewhere, no secret in the
scheduler's job store. (Notification secrets: see test_notify.py, which checks they are
read only from the environment or an owner-only file and never logged or stored.)"""

from __future__ import annotations

import sqlite3
import subprocess
import zipfile

import pytest
from support.battery import CIVCAS, env_for

from support.replicas import ReplicaServer

pytestmark = pytest.mark.battery


@pytest.mark.parametrize("name", ["../evil", "a/b", "nul\\u0000x", ".hidden", "..\\\\up"])
def test_unsafe_source_names_are_refused(tmp_path, name):
    config = tmp_path / "bad.toml"
    config.write_text(f'[sources."{name}"]\nkind = "news_article"\nstart_urls = ["https://x.test/"]\n'
                      f'allowed_domains = ["x.test"]\nschedule = "0 0 * * *"\n')
    done = subprocess.run([CIVCAS, "crawl", "--all", "--config", str(config), "--data-dir",
                           str(tmp_path / "data")], capture_output=True, text=True,
                          env=env_for(tmp_path), timeout=120)
    assert done.returncode == 2, done.stderr
    assert "names may hold only letters, digits, - and _" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]  # nothing written anywhere


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("paths")
    data = root / "data"
    with ReplicaServer() as server:
        done = subprocess.run([CIVCAS, "crawl", "snhr", "--delay", "0", "--data-dir", str(data),
                               f"--mirror=https://snhr.org={server.mirrors()['https://snhr.org']}"],
                              capture_output=True, text=True, env=env_for(root), timeout=300)
    assert done.returncode == 0, done.stderr
    return root, data


def _export(root, data, out) -> subprocess.CompletedProcess:
    return subprocess.run([CIVCAS, "export-wacz", str(out), "--data-dir", str(data)],
                          capture_output=True, text=True, env=env_for(root), timeout=300)


def test_wacz_members_are_named_by_civcas_and_a_symlink_is_not_followed(crawled, tmp_path):
    root, data = crawled
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours\n")
    out = tmp_path / "export.wacz"
    out.symlink_to(victim)
    done = _export(root, data, out)
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "not yours\n"  # the link was replaced, not written through
    assert out.is_file() and not out.is_symlink()
    names = zipfile.ZipFile(out).namelist()
    fixed = {"datapackage.json", "datapackage-digest.json", "pages/pages.jsonl", "indexes/index.cdx"}
    for name in names:
        assert name in fixed or (name.startswith("archive/") and name.endswith(".warc.gz")), name
        assert ".." not in name and not name.startswith("/")


def test_wacz_export_refuses_a_store_naming_a_file_outside_the_warcs(crawled, tmp_path):
    root, data = crawled
    copy = tmp_path / "data"
    subprocess.run(["cp", "-r", str(data), str(copy)], check=True)
    outside = tmp_path / "outside.warc.gz"
    outside.write_bytes((data / "warcs").glob("*.warc.gz").__next__().read_bytes())
    with sqlite3.connect(copy / "civcas.db") as conn:
        conn.execute("UPDATE captures SET warc_file = '../../outside.warc.gz' WHERE id = 1")
    out = tmp_path / "tricked.wacz"
    done = _export(root, copy, out)
    assert done.returncode != 0
    assert "not in" in done.stderr and "outside.warc.gz" in done.stderr
    assert not out.exists()


def test_the_scheduler_job_store_holds_no_secret(tmp_path):
    token = "s3cr3t-token-for-the-battery"
    config = tmp_path / "w.toml"
    config.write_text('[watchers.hook]\ntype = "webhook"\nurl = "http://127.0.0.1:9/hook"\n'
                      'token_env = "CIVCAS_BATTERY_TOKEN"\n')
    data = tmp_path / "data"
    done = subprocess.run([CIVCAS, "schedule", "--list", "--config", str(config), "--data-dir",
                           str(data)], capture_output=True, text=True,
                          env={**env_for(tmp_path), "CIVCAS_BATTERY_TOKEN": token}, timeout=120)
    assert done.returncode == 0, done.stderr
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name == "scheduler.db" for p in files), files
    for path in files:
        assert token.encode() not in path.read_bytes(), path
