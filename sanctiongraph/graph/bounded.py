"""Ad-hoc Cypher run in a process of its own, under a memory limit (embedded and Neo4j).

The engine's page cache can be capped, but not everything a query builds lives there:
``RETURN range(1, 30000000)`` builds its list on the engine's heap (past 6 GB), and a
long variable-length path match grows until the machine swaps. A limit that holds for
a query of *any* shape has to sit outside the engine, so the user's query runs in a
child process (``python -m sanctiongraph.graph.bounded``) while this one watches the
child's resident memory every few milliseconds and stops it past
``SANCTIONGRAPH_QUERY_MEMORY_MB``. The child's page cache is half of that limit, so a
query that only needs more cache fails with the engine's own message instead; its
result may take at most ``SANCTIONGRAPH_MAX_RESULT_MB`` on the way back.

Neo4j runs a query in its server, but the driver builds each record in this process:
``RETURN range(1, 30000000)`` took 4.4 GB of the command's memory before this, so a
Neo4j store's ad-hoc queries run in the child too (the server's own memory is bounded
by its settings, ``db.memory.transaction.total.max``). The request, credentials
included, goes to the child on a pipe, never on its command line or environment.

A child stopped in the middle of ``--write`` leaves the store as its last commit
(writes go to a copy renamed over the store at commit; the next writer removes the
orphaned copy).
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sanctiongraph.graph.store import Row, Store, StoreError
from sanctiongraph.settings import Limits

MB = 1024 * 1024
# How often the child's memory is read: at a few GB/s of allocation, 5 ms is ~20 MB.
POLL_SECONDS = 0.005
# Time the child may take beyond the query's own limit (start-up, opening the store).
GRACE_SECONDS = 30.0


def _rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` in MB (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            resident = int(fh.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return resident * os.sysconf("SC_PAGE_SIZE") / MB


def memory_message(limit_mb: int) -> str:
    return (
        f"the query needed more than {limit_mb:,} MB of memory and was stopped; narrow it "
        "(LIMIT, shorter variable-length patterns), or raise SANCTIONGRAPH_QUERY_MEMORY_MB"
    )


def run(
    spec: Mapping[str, Any],
    text: str,
    params: Mapping[str, Any],
    write: bool,
    limits: Limits,
) -> list[Row]:
    """Run ``text`` in a child process on the store ``spec`` describes (see
    :func:`open_spec`); its rows, or StoreError."""
    request = pickle.dumps(
        {
            "spec": dict(spec),
            "text": text,
            "params": dict(params),
            "write": write,
            "limits": asdict(limits),
        }
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "sanctiongraph.graph.bounded"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        start_new_session=False,
    )
    out: list[bytes] = []

    def talk() -> None:
        assert child.stdin is not None and child.stdout is not None
        try:
            child.stdin.write(request)
            child.stdin.close()
        except BrokenPipeError:
            pass
        out.append(child.stdout.read())

    talker = threading.Thread(target=talk, daemon=True)
    talker.start()
    limit = limits.query_memory_mb
    deadline = time.monotonic() + (limits.query_timeout or 0) + GRACE_SECONDS
    stopped = ""
    try:
        while talker.is_alive():
            if _rss_mb(child.pid) > limit:
                stopped = memory_message(limit)
            elif limits.query_timeout and time.monotonic() > deadline:
                stopped = (
                    f"the query ran longer than {limits.query_timeout:g} s and was stopped; "
                    "narrow it, or raise the limit with --timeout or SANCTIONGRAPH_QUERY_TIMEOUT"
                )
            if stopped:
                child.kill()
                break
            talker.join(POLL_SECONDS)
    except BaseException:
        child.kill()
        raise
    finally:
        talker.join(5)
        child.wait()
    if stopped:
        raise StoreError(stopped)
    data = out[0] if out else b""
    if child.returncode != 0 or not data:
        if child.returncode in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT):
            raise StoreError(
                f"the query's process ended abnormally (signal {-child.returncode}); "
                "the store is unchanged"
            )
        raise StoreError(f"the query's process failed (exit {child.returncode})")
    status, payload = pickle.loads(data)
    if status == "error":
        raise StoreError(str(payload))
    rows: list[Row] = payload
    return rows


def _size(value: Any, budget: int) -> int:
    """Roughly the memory ``value`` takes once read back (each object counted every time
    it appears: a pickle stores a repeated string once, the reader's table does not),
    counting no further than just past ``budget``."""
    total, stack = 0, [value]
    while stack and total <= budget:
        item = stack.pop()
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
    return total


def open_spec(spec: Mapping[str, Any], limits: Limits) -> Store:
    """The store a child runs its query on: ``{"backend": "embedded", "path", "lock_timeout"}``
    or ``{"backend": "neo4j", "uri", "auth", "database"}``, opened to run here."""
    if spec["backend"] == "embedded":
        from sanctiongraph.graph.ladybug_store import LadybugStore

        cache_mb = max(64, limits.query_memory_mb // 2)
        return LadybugStore(
            spec["path"],
            limits=limits,
            lock_timeout=spec["lock_timeout"],
            read_buffer_mb=cache_mb,
            write_buffer_mb=cache_mb,
            isolate=False,
        )
    if spec["backend"] == "neo4j":
        from sanctiongraph.graph.neo4j_store import Neo4jStore

        auth = (str(spec["auth"][0]), str(spec["auth"][1])) if spec["auth"] else None
        return Neo4jStore(spec["uri"], auth, spec["database"], limits=limits, isolate=False)
    raise StoreError(f"no bounded runner for the {spec['backend']} store")


def _serve() -> None:
    """The child: read one request on stdin, answer (status, payload) on stdout."""
    request = pickle.loads(sys.stdin.buffer.read())
    stdout = sys.stdout.buffer
    # Nothing else may write to the answer channel.
    sys.stdout = sys.stderr
    limits = Limits(**request["limits"])
    try:
        with open_spec(request["spec"], limits) as store:
            rows = store.cypher(request["text"], request["params"], write=request["write"])
        answer = pickle.dumps(("ok", rows), protocol=pickle.HIGHEST_PROTOCOL)
        if max(len(answer), _size(rows, limits.max_result_mb * MB)) > limits.max_result_mb * MB:
            answer = pickle.dumps(
                (
                    "error",
                    f"the query's result is larger than {limits.max_result_mb:,} MB; "
                    "return fewer or smaller values, or raise SANCTIONGRAPH_MAX_RESULT_MB",
                )
            )
    except StoreError as err:
        answer = pickle.dumps(("error", str(err)))
    except MemoryError:
        answer = pickle.dumps(("error", memory_message(limits.query_memory_mb)))
    stdout.write(answer)
    stdout.flush()


if __name__ == "__main__":
    _serve()
