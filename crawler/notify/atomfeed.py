"""The `atom` watcher type: a feed file that feed readers poll.

Each notification becomes an entry of `DATA/feeds/NAME.atom` (or the watcher's `path`,
relative to the data folder): newest first, at most `max_entries` (default 500). The
entry id is the notification's idempotency key, so a notification delivered twice after a
crash is one entry. The file is rewritten whole through a temporary file and a rename, so
a reader never sees half a feed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from archive.atomic import replacing
from crawler.changes.feed import ATOM
from crawler.config import ConfigError, Watcher

from .channels import Channel, ChannelError, Outgoing, _Settings

NS = {"a": ATOM}


def _q(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


@dataclass
class AtomChannel(Channel):
    path: Path = field(default=Path("feed.atom"))
    max_entries: int = 500

    KEYS = {"path", "max_entries"}

    @classmethod
    def build(cls, watcher: Watcher, secrets, data_dir: Path) -> AtomChannel:
        s = _Settings(watcher, cls.KEYS, secrets)
        relative = Path(s.text("path", f"feeds/{watcher.name}.atom"))
        # The feed lives in the data folder: no absolute paths, no way out of it.
        if relative.is_absolute() or ".." in relative.parts or not re.fullmatch(r"[\w./-]+", str(relative)):
            raise ConfigError(f"watcher {watcher.name}: path must be a plain path inside the data folder")
        return cls(name=watcher.name, type=watcher.type, retry=s.retry(),
                   path=Path(data_dir) / relative, max_entries=int(s.number("max_entries", 500, 1)))

    def _read(self) -> list[ET.Element]:
        if not self.path.exists():
            return []
        try:
            return ET.parse(self.path).getroot().findall("a:entry", NS)
        except ET.ParseError as exc:
            raise ChannelError(f"atom: {self.path} is not a readable feed ({exc}); move it away") from exc

    def send(self, out: Outgoing) -> None:
        entries = self._read()
        entry_id = f"urn:civcas:notification:{out.idempotency_key}"
        if any(e.findtext("a:id", namespaces=NS) == entry_id for e in entries):
            return  # delivered before a crash could mark it sent
        new = ET.Element(_q("entry"))
        ET.SubElement(new, _q("id")).text = entry_id
        ET.SubElement(new, _q("title")).text = out.message.subject
        ET.SubElement(new, _q("updated")).text = out.created_at
        if out.message.url:
            ET.SubElement(new, _q("link"), rel="alternate", href=out.message.url)
        ET.SubElement(new, _q("category"), term=out.change_kind)
        ET.SubElement(new, _q("content"), type="text").text = out.message.text
        entries = [new, *entries][: self.max_entries]
        ET.register_namespace("", ATOM)
        feed = ET.Element(_q("feed"))
        ET.SubElement(feed, _q("id")).text = f"urn:civcas:watcher:{self.name}"
        ET.SubElement(feed, _q("title")).text = f"civcas: changes for {self.name}"
        ET.SubElement(feed, _q("updated")).text = max(
            (e.findtext("a:updated", namespaces=NS) or "" for e in entries), default=out.created_at)
        author = ET.SubElement(feed, _q("author"))
        ET.SubElement(author, _q("name")).text = "civcas"
        feed.extend(entries)
        self._write(ET.tostring(feed, encoding="utf-8", xml_declaration=True))

    def _write(self, data: bytes) -> None:
        try:
            with replacing(self.path) as tmp:  # a feed is for readers: 0644, nothing secret
                tmp.write_bytes(data)
        except OSError as exc:
            raise ChannelError(f"atom: cannot write {self.path}: {exc.strerror}") from exc
