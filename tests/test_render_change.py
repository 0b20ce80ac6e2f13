"""A page read first by a plain HTTP fetch and then rendered in a browser (the source's
`render` setting changed, or chromium appeared) is not an edit: the change is recorded as
`render_changed`, with its diff, and no watcher is told. An edit between two renders by
the same method still is one. Needs /usr/bin/chromium, as tests/test_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.captures import crawl, rows
from support.browser import ARTICLE_URL, require_chromium

from crawler.replicas import scripted
from support.replicas import ReplicaServer


def config(tmp_path: Path, render: str) -> Path:
    path = tmp_path / f"{render}.toml"
    path.write_text(f'[sources.eldorar]\nrender = "{render}"\n\n'
                    '[watchers.feed]\ntype = "atom"\n')
    return path


def changes(data: Path) -> list[tuple]:
    return [tuple(r) for r in rows(data, """
        SELECT c.kind, d.url, (SELECT COUNT(*) FROM notifications n
                                WHERE n.change_kind = 'document_change' AND n.change_id = c.id)
        FROM document_changes c JOIN documents d ON d.id = c.document_id ORDER BY c.id""")]


@pytest.fixture()
def http_then_browser(tmp_path):
    require_chromium()
    data = tmp_path / "data"
    with ReplicaServer(round=1) as server:
        for render in ("http", "browser"):
            result = crawl(server, data, "eldorar", config=config(tmp_path, render))
            assert result.returncode == 0, result.stdout + result.stderr
        yield server, data


def test_a_change_of_capture_method_is_labelled_and_not_notified(http_then_browser, tmp_path):
    server, data = http_then_browser
    found = changes(data)
    assert found and {kind for kind, _, _ in found} == {"render_changed"}
    assert ARTICLE_URL in {url for _, url, _ in found}
    assert all(notified == 0 for _, _, notified in found)
    # the text changed all the same, and the diff says how
    (diff,) = rows(data, "SELECT c.diff FROM document_changes c JOIN documents d"
                         " ON d.id = c.document_id WHERE d.url = ?", [ARTICLE_URL])[0]
    assert "+" in diff and "1,256" in diff


def test_an_edit_between_two_browser_renders_is_an_edit(http_then_browser, tmp_path):
    server, data = http_then_browser
    before = len(changes(data))
    # the article's text comes from the JSON its script loads
    server.edit(scripted.ORIGIN + scripted.API.format(id=scripted.POST_ID),
                "383 children", "384 children")
    result = crawl(server, data, "eldorar", config=config(tmp_path, "browser"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert changes(data)[before:] == [("edited", ARTICLE_URL, 1)]
