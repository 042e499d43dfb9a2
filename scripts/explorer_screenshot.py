"""The manual's picture of the explorer: the 2017 story, Korea Computer Center's network.

    python scripts/explorer_screenshot.py [-o docs/img/explorer-network.png]

Loads the story with ``sanctiongraph demo`` into a new store in a temporary directory,
serves it with ``sanctiongraph serve`` on a free port of 127.0.0.1, opens Korea Computer
Center's network in Debian's Chromium (Playwright) once its layout has settled, and
writes a 256-colour PNG (Pillow) so that the file stays small.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "docs/img/explorer-network.png")
    args = ap.parse_args()
    from PIL import Image
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "graph.lbug")
        cli = [sys.executable, "-m", "sanctiongraph", "--store-path", store]
        subprocess.run([*cli, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx.get(base + "/api/stats").raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            hits = httpx.get(base + "/api/search", params={"q": "Korea Computer Center"}).json()
            kcc = hits["results"][0]["id"]
            executable = os.environ.get("SANCTIONGRAPH_CHROMIUM") or shutil.which("chromium")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable,
                                            args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
                page = browser.new_page(viewport={"width": 1100, "height": 900})
                page.goto(f"{base}/#/network/{quote(kcc, safe=':')}?hops=2")
                page.wait_for_selector("#graph[data-stable='1']", state="attached", timeout=60_000)
                page.wait_for_timeout(300)
                png = page.screenshot()
                browser.close()
        finally:
            server.terminate()
            server.wait(30)
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.output, optimize=True)
    print(f"{args.output}: {args.output.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
