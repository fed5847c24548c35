"""Login burst: 200 clients sign in at once to the standalone server on loopback.

Starts ``vb-renew-server`` (a subprocess, the same way as ``longpoll.py``: QA mode, clock stopped,
a fresh database seeded with the default scenario), opens one connection per client, then sends
every ``POST /auth/login`` with the right password at the same moment and times each answer from
that moment: p50, p99, max. All come from one address (loopback) for one account: the failed-login
limits count failures only, so every one must succeed. The server's peak memory is its
``VmHWM`` (Linux ``/proc/<pid>/status``), before and after the bursts; each burst also shows the
CPU it took, the server's (``/proc/<pid>/stat``) and the clients'.

    .venv/bin/python benchmarks/login_burst.py [--clients 200] [--rounds 1] [--json]

Bounded: each request times out after 60 s, the whole run after ``--deadline`` seconds; the server
is stopped at the end whatever happens. Targets ("Nothing doubled, nothing stuck"): p99 under 1 s,
server memory under 250 MiB. ``--json``: the figures as one JSON line on stdout for ``run_all.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

import httpx
from figures import Figure, add_json_option, emit, human_stream
from longpoll import TARO, cpu_seconds, percentile, start_server, stop_server  # the same server, started alike


def memory_kib(pid: int, field: str) -> int:
    """A ``/proc/<pid>/status`` memory line (``VmHWM``: peak resident set; ``VmRSS``: now), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid} (Linux only)")


async def burst(api: str, clients: list[httpx.AsyncClient]) -> tuple[list[float], dict[int, int]]:
    """Every client logs in at once; each one's latency (ms) from the common start, and the statuses."""
    async def one(client: httpx.AsyncClient) -> tuple[float, int]:
        try:
            response = await client.post(f"{api}/auth/login", json=TARO)
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        return (time.perf_counter() - started) * 1000, status

    started = time.perf_counter()
    answers = await asyncio.gather(*(one(client) for client in clients))
    statuses: dict[int, int] = {}
    for _, status in answers:
        statuses[status] = statuses.get(status, 0) + 1
    return [latency for latency, _ in answers], statuses


P99_TARGET_MS = 1000.0
MEMORY_TARGET_MIB = 250.0


async def run(base: str, pid: int, clients: int, rounds: int,
              stats: dict | None = None) -> tuple[list[list[str]], bool]:
    stats = {} if stats is None else stats
    stats["p99"], stats["p50"], stats["max"] = [], [], []
    api = f"{base}/api/v1"
    timeout = httpx.Timeout(60, connect=10)
    # One client (one connection) each, opened before the burst: the burst measures logins, not connecting.
    pool = [httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=timeout) for _ in range(clients)]
    rows = [["server memory before", f"VmRSS {memory_kib(pid, 'VmRSS') / 1024:.0f} MiB",
             f"VmHWM {memory_kib(pid, 'VmHWM') / 1024:.0f} MiB", "", ""]]
    ok = True
    try:
        await asyncio.gather(*(client.get(f"{api}/health") for client in pool))
        for round_ in range(1, rounds + 1):
            cpu_before, client_before = cpu_seconds(pid), time.process_time()
            latencies, statuses = await burst(api, pool)
            cpu, client_cpu = cpu_seconds(pid) - cpu_before, time.process_time() - client_before
            ok = ok and statuses == {200: clients}
            stats["p99"].append(percentile(latencies, 0.99))
            stats["p50"].append(percentile(latencies, 0.5))
            stats["max"].append(max(latencies))
            shown = ", ".join(f"{count} x {status or 'no answer'}" for status, count in sorted(statuses.items()))
            rows.append([f"round {round_}: {clients} logins at once", f"p50 {percentile(latencies, 0.5):.0f} ms",
                         f"p99 {percentile(latencies, 0.99):.0f} ms", f"max {max(latencies):.0f} ms",
                         f"CPU server {cpu:.2f} s, clients {client_cpu:.2f} s ({shown})"])
            await asyncio.sleep(0.5)
    finally:
        await asyncio.gather(*(client.aclose() for client in pool))
    rows.append(["server memory after", f"VmRSS {memory_kib(pid, 'VmRSS') / 1024:.0f} MiB",
                 f"VmHWM {memory_kib(pid, 'VmHWM') / 1024:.0f} MiB (peak)", "", ""])
    stats["peak"] = memory_kib(pid, "VmHWM") / 1024
    return rows, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="bursts, one after the other")
    parser.add_argument("--deadline", type=float, default=180.0, help="the whole run, seconds")
    add_json_option(parser)
    args = parser.parse_args()
    out = human_stream(args.json)
    stats: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(Path(tmp) / "backend.sqlite3")
        try:
            rows, ok = asyncio.run(asyncio.wait_for(run(base, proc.pid, args.clients, args.rounds, stats),
                                                    args.deadline))
        finally:
            stop_server(proc)
    print(f"vb-renew login burst, {args.clients} clients ({base}, {os.cpu_count()} CPUs)", file=out)
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip(), file=out)
    p99 = max(stats["p99"])
    emit("login_burst", [
        Figure(f"{args.clients} concurrent logins: p99", round(p99), "ms", P99_TARGET_MS,
               shown=f"p50 {max(stats['p50']):.0f} / p99 {p99:.0f} / max {max(stats['max']):.0f} ms",
               note="" if ok else "not every login answered 200"),
        Figure(f"{args.clients} concurrent logins: server peak memory", round(stats["peak"]), "MiB",
               MEMORY_TARGET_MIB, shown=f"VmHWM {stats['peak']:.0f} MiB"),
    ], args.json, ok=bool(stats["p99"]))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
