"""The local archive of downloaded lists: ``<archive>/<list>/<date>-<sha256>.<ext>``.

A file's hash names it, so a download whose bytes are already archived is spotted
without reading the store; ``<date>`` is the list's own date where the file has one
(else the server's Last-Modified date, else the day of the download). Beside the
files, ``.fetch.json`` keeps what each address's server said about its last download
(ETag and Last-Modified), for a conditional request next time: per address, so that
fetching from a mirror (``--url``) and then from the publisher again loses neither.

>>> import tempfile
>>> a = Archive(Path(tempfile.mkdtemp()))
>>> a.name_for("un-xml", "2026-02-27", "ab" * 32, "xml").name[:16]
'2026-02-27-ababa'
>>> a.find("un-xml", "ab" * 32) is None
True
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import string
import time
from dataclasses import asdict, dataclass
from pathlib import Path

STATE = ".fetch.json"
# Addresses remembered per list: the publisher's and a few mirrors; an address unused
# for long only costs one unconditional request when it comes back.
KEPT_ADDRESSES = 16


@dataclass(frozen=True)
class State:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    file: str | None = None  # the archived file this state answered for


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def partial(self, name: str, ext: str) -> Path:
        """A fresh file to download into, in the list's folder (so that archiving it
        is a rename, never a copy across file systems)."""
        # Letters only: a run of digits could read as a date in the name (loaders.dates),
        # and the extension stays last, as workbook readers expect.
        token = "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
        folder = self.folder(name)
        # A run that was killed mid-download leaves its part behind; a day later no run
        # can still be writing it.
        for old in folder.glob(".download-*"):
            with contextlib.suppress(OSError):
                if time.time() - old.stat().st_mtime > 86_400:
                    old.unlink()
        return folder / f".download-{token}.{ext}"

    def name_for(self, name: str, date: str, sha256: str, ext: str) -> Path:
        return self.root / name / f"{date}-{sha256}.{ext}"

    def find(self, name: str, sha256: str) -> Path | None:
        """The archived file with these bytes, if any."""
        folder = self.root / name
        if not folder.is_dir():
            return None
        return next((p for p in sorted(folder.glob(f"*-{sha256}.*")) if p.is_file()), None)

    def keep(self, partial: Path, target: Path) -> Path:
        os.replace(partial, target)
        return target

    def files(self, name: str) -> list[Path]:
        folder = self.root / name
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))

    def _states(self, name: str) -> dict[str, dict[str, str | None]]:
        path = self.root / name / STATE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: the next request is unconditional
        if not isinstance(data, dict):
            return {}
        if isinstance(data.get("url"), str):  # written before states were per address
            return {data["url"]: data}
        urls = data.get("urls")
        return (
            {str(u): v for u, v in urls.items() if isinstance(v, dict)}
            if isinstance(urls, dict)
            else {}
        )

    def state(self, name: str, url: str) -> State | None:
        """What the server of ``url`` said about the last download from it."""
        data = self._states(name).get(url)
        if data is None:
            return None
        try:
            return State(url, **{k: data.get(k) for k in ("etag", "last_modified", "file")})
        except TypeError:
            return None

    def save_state(self, name: str, state: State) -> None:
        states = self._states(name)
        states.pop(state.url, None)  # the newest last, so the oldest are the ones dropped
        states[state.url] = {k: v for k, v in asdict(state).items() if k != "url"}
        kept = dict(list(states.items())[-KEPT_ADDRESSES:])
        path = self.folder(name) / STATE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"urls": kept}, indent=1), encoding="utf-8")
        os.replace(tmp, path)
