"""The explorer at scale: API latencies, pages in Chromium, label overlap, 20 clients.

    nice -n 10 python benchmarks/web_benchmark.py --store /tmp/webbench-1m.lbug [--build 1000000]

Against an embedded store (built once from ``tests.support.synthetic`` with ``--build N``
when the file is missing, as benchmarks/store_benchmark.py builds it), the server is
``sanctiongraph --store-path PATH serve`` in a process of its own, as a user runs it, and:

* startup: seconds until ``/api/stats`` answers; the name index's build (the first
  search), and the server's resident and peak memory after it;
* API, one request at a time: p50/p95/max of search (a sampled entity's name as typed,
  its last word begun; the same with a typo), entity, network (1 hop) and
  path (between two sampled entities), over ``--samples`` entities;
* Chromium (Playwright, Debian's ``chromium``): from navigation (a fresh document) until
  the entity page's name and listings are visible, and until the network view has drawn
  its first frame;
* labels: networks of up to 150 nodes drawn in Chromium; when the first layout has
  settled, the node label boxes vis-network drew (``window.sanctiongraph.labelBoxes()``)
  are compared pairwise and overlapping pairs counted;
* load: ``--clients`` asynchronous httpx clients, each looping over those requests for
  ``--seconds``; requests, errors (a non-200 answer or a failed request), p50/p95.

Prints one Markdown table with the machine (nproc, memory, CPU model, load average).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_API_MS = 50.0
TARGET_PAGE_S = 1.0
MAX_LABELLED_NODES = 150


def machine() -> str:
    model = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({model}), {mem_kb / 2**20:.0f} GiB, Python "
        f"{sys.version.split()[0]}, load average {load} at the end"
    )


def build(path: Path, size: int) -> float:
    from sanctiongraph.graph.ladybug_store import LadybugStore
    from sanctiongraph.settings import Limits
    from tests.support.synthetic import synthetic_records

    store = LadybugStore(path, limits=Limits(query_timeout=3600, max_rows=10**9))
    t = time.perf_counter()
    with store.writer() as w:
        for r in synthetic_records(size):
            w.add(r)
    store.close()
    return time.perf_counter() - t


def sample_entities(path: Path, n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` (id, name) pairs of entities, drawn at random with a fixed seed."""
    from sanctiongraph.graph.ladybug_store import LadybugStore
    from sanctiongraph.settings import Limits

    store = LadybugStore(path, limits=Limits(query_timeout=3600, max_rows=10**9))
    try:
        rows = [(str(r["id"]), str(r.get("name") or "")) for r in store.names("Entity")]
    finally:
        store.close()
    rows.sort()
    return random.Random(seed).sample(rows, min(n, len(rows)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _rss_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def typo(word: str, rng: random.Random) -> str:
    """The word with one letter changed (a misspelling search must forgive)."""
    i = rng.randrange(1, len(word))
    return word[:i] + ("a" if word[i] != "a" else "e") + word[i + 1 :]


def search_query(name: str, rng: random.Random, misspell: bool) -> str:
    """As typed into the search box: the name's words, the last one begun (two letters);
    misspelled, one letter wrong in its first word of four letters or more."""
    words = name.split()
    if len(words) > 1:
        words[-1] = words[-1][:2]
    if misspell:
        at = next((i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()), None)
        if at is not None:
            words[at] = typo(words[at], rng)
    return " ".join(words)


def requests_for(entities: list[tuple[str, str]], seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    out: dict[str, list[str]] = {"search": [], "search, one typo": [], "entity": [],
                                 "network (1 hop)": [], "path": []}  # fmt: skip
    for i, (eid, name) in enumerate(entities):
        out["search"].append("/api/search?q=" + quote(search_query(name, rng, False)))
        out["search, one typo"].append("/api/search?q=" + quote(search_query(name, rng, True)))
        out["entity"].append("/api/entity/" + quote(eid, safe=":"))
        out["network (1 hop)"].append("/api/network/" + quote(eid, safe=":") + "?hops=1")
        other = entities[(i + 1) % len(entities)][0]
        out["path"].append(f"/api/path?from={quote(eid)}&to={quote(other)}")
    return out


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Server:
    """``sanctiongraph --store-path PATH serve`` in a process of its own."""

    def __init__(self, path: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "sanctiongraph", "--store-path", str(path), "serve",
               "--port", str(self.port)]  # fmt: skip
        t = time.perf_counter()
        self.proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)  # fmt: skip
        while True:
            try:
                if httpx.get(self.base + "/api/stats", timeout=60).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None:
                assert self.proc.stderr is not None
                raise SystemExit(f"the server died:\n{self.proc.stderr.read().decode()[-3000:]}")
            time.sleep(0.2)
        self.started_s = time.perf_counter() - t

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def api_latencies(base: str, urls: dict[str, list[str]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {k: [] for k in urls}
    with httpx.Client(base_url=base, timeout=120) as client:
        for what, group in urls.items():
            client.get(group[0])  # warm: the first of a kind pays imports and plans
            for url in group:
                t = time.perf_counter()
                r = client.get(url)
                times[what].append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"{url}: {r.status_code} {r.text[:300]}")
    return times


def _launch(p: Any) -> Any:
    executable = os.environ.get("SANCTIONGRAPH_CHROMIUM") or shutil.which("chromium")
    if not executable:
        raise SystemExit("no Chromium here (apt-get install chromium)")
    return p.chromium.launch(
        executable_path=executable,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    )  # fmt: skip


def _fresh(page: Any, url: str) -> float:
    """Start a new document at ``url`` (a hash change alone would not load the page)."""
    page.goto("about:blank")
    t = time.perf_counter()
    page.goto(url)
    return t


def overlaps(boxes: list[dict[str, float]]) -> int:
    """Pairs of label boxes whose areas intersect (touching edges do not count)."""
    count = 0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            across = a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
            down = a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]
            if across and down:
                count += 1
    return count


def browser_pages(base: str, entities: list[tuple[str, str]]) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"entity page": [], "network view": []}
    with sync_playwright() as p:
        b = _launch(p)
        page = b.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        for eid, _ in entities:
            t = _fresh(page, f"{base}/#/entity/{quote(eid, safe=':')}")
            page.wait_for_selector("#listings", state="visible", timeout=60_000)
            page.wait_for_selector("h1", state="visible")
            out["entity page"].append(time.perf_counter() - t)
            t = _fresh(page, f"{base}/#/network/{quote(eid, safe=':')}")
            page.wait_for_selector("#graph[data-drawn='1'] canvas", state="visible",
                                   timeout=60_000)  # fmt: skip
            out["network view"].append(time.perf_counter() - t)
        b.close()
    return out


def label_check(base: str, views: list[tuple[str, int]]) -> list[tuple[str, int, int, int]]:
    """(view, hops, nodes, overlapping label pairs) once each view's first layout settles."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        b = _launch(p)
        page = b.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        for eid, hops in views:
            _fresh(page, f"{base}/#/network/{quote(eid, safe=':')}?hops={hops}")
            page.wait_for_selector("#graph[data-stable='1']", state="attached", timeout=120_000)
            boxes = page.evaluate("window.sanctiongraph.labelBoxes()")
            rows.append((eid, hops, len(boxes), overlaps(boxes)))
        b.close()
    return rows


def pick_views(base: str, entities: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """Networks of different sizes up to 150 nodes: the largest and a spread below it."""
    sized: list[tuple[int, str, int]] = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for eid, _ in entities:
            for hops in (1, 2, 3):
                r = client.get("/api/network/" + quote(eid, safe=":") + f"?hops={hops}")
                if r.status_code == 200:
                    n = len(r.json()["nodes"])
                    if n <= MAX_LABELLED_NODES:
                        sized.append((n, eid, hops))
    sized.sort()
    if not sized:
        return []
    chosen = {sized[-1]}
    for frac in (0.25, 0.5, 0.75, 0.9):
        chosen.add(sized[int(frac * (len(sized) - 1))])
    return [(eid, hops) for _, eid, hops in sorted(chosen)]


async def _client(base: str, urls: list[str], until: float, seed: int,
                  times: list[float], errors: list[str]) -> None:  # fmt: skip
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for _ in range(100_000):  # bounded, whatever the clock does
            if time.monotonic() >= until:
                return
            url = rng.choice(urls)
            t = time.perf_counter()
            try:
                r = await client.get(url)
                if r.status_code != 200:
                    errors.append(f"{url}: {r.status_code}")
            except httpx.HTTPError as err:
                errors.append(f"{url}: {err!r}")
            times.append((time.perf_counter() - t) * 1000)


def concurrent(
    base: str, urls: list[str], clients: int, seconds: float
) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []

    async def run() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(_client(base, urls, until, i, times, errors) for i in range(clients))
        )

    asyncio.run(run())
    return times, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=Path("/tmp/webbench-1m.lbug"))
    ap.add_argument("--build", type=int, help="entities to build the store with, if missing")
    ap.add_argument("--samples", type=int, default=200, help="entities for the API latencies")
    ap.add_argument("--pages", type=int, default=20, help="entities opened in Chromium")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=20)
    args = ap.parse_args()

    if not args.store.exists():
        if not args.build:
            raise SystemExit(f"{args.store} does not exist: give --build N to make it")
        print(f"building {args.build:,} entities into {args.store} …", flush=True)
        print(f"built in {build(args.store, args.build):.1f} s", flush=True)
    t = time.perf_counter()
    entities = sample_entities(args.store, max(args.samples, args.pages), args.seed)
    print(f"sampled {len(entities)} entities in {time.perf_counter() - t:.1f} s", flush=True)

    rows: list[tuple[str, str, str, str]] = []
    server = Server(args.store)
    try:
        rows.append(
            ("server start (until /api/stats answers)", f"{server.started_s:.1f} s", "", "")
        )
        t = time.perf_counter()
        httpx.get(server.base + "/api/search?q=a", timeout=3600).raise_for_status()
        index_s = time.perf_counter() - t
        rss, peak = _rss_mb(server.proc.pid)
        rows.append(("name index built (the first search)", f"{index_s:.1f} s", "", ""))
        rows.append(("server memory after it (RSS, peak)", f"{rss:,.0f} MB, {peak:,.0f} MB",
                     "", ""))  # fmt: skip
        print(f"index {index_s:.1f} s, RSS {rss:.0f} MB (peak {peak:.0f})", flush=True)

        urls = requests_for(entities[: args.samples], args.seed)
        for what, ms in api_latencies(server.base, urls).items():
            p95 = _pct(ms, 95)
            rows.append((f"API {what}, p50 / p95 / max (n={len(ms)})",
                         f"{statistics.median(ms):.1f} / {p95:.1f} / {max(ms):.1f} ms",
                         f"p95 ≤ {TARGET_API_MS:.0f} ms",
                         "met" if p95 <= TARGET_API_MS else "missed"))  # fmt: skip
            print(rows[-1], flush=True)

        for what, secs in browser_pages(server.base, entities[: args.pages]).items():
            worst = max(secs)
            rows.append((f"Chromium: {what} visible, p50 / max (n={len(secs)})",
                         f"{statistics.median(secs):.2f} / {worst:.2f} s",
                         f"≤ {TARGET_PAGE_S:.0f} s",
                         "met" if worst <= TARGET_PAGE_S else "missed"))  # fmt: skip
            print(rows[-1], flush=True)

        views = pick_views(server.base, entities[: args.pages * 2])
        checked = label_check(server.base, views)
        worst_overlap = max((c[3] for c in checked), default=0)
        sizes = ", ".join(f"{n} ({ov})" for _, _, n, ov in checked)
        rows.append(("node labels overlapping after the first layout: nodes (overlapping pairs)",
                     sizes or "no views", "0 pairs",
                     "met" if checked and worst_overlap == 0 else "missed"))  # fmt: skip
        print(rows[-1], flush=True)

        mix = [u for group in urls.values() for u in group]
        times, errors = concurrent(server.base, mix, args.clients, args.seconds)
        rows.append((f"{args.clients} clients for {args.seconds:.0f} s: requests, errors, "
                     "p50 / p95",
                     f"{len(times):,}, {len(errors)}, {statistics.median(times):.0f} / "
                     f"{_pct(times, 95):.0f} ms", "no error",
                     "met" if not errors else "missed"))  # fmt: skip
        for e in errors[:5]:
            print("error:", e)
    finally:
        server.stop()

    print(f"\n{machine()}; store {args.store} ({args.store.stat().st_size / 1e9:.2f} GB)\n")
    print("| measure | measured | target | |\n|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
