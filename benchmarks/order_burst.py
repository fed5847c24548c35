"""Order burst: 200 clients place a slip order at the same moment on the standalone server on loopback.

Two bursts, each on a fresh server (``vb-renew-server``, started as ``longpoll.py`` starts it: QA mode, clock
stopped, a fresh database seeded with the default scenario), every client with its own connection, opened
before the burst, and its own ``Idempotency-Key``:

- **one serial**: every client orders the installed product's serial. Exactly one order must be created (201),
  every other client told 409 ``order.already_open``;
- **distinct serials**: before the server starts again, its database gets ``--clients`` more licences of the same
  account (rows copied from the installed product's, new serials); each client orders its own, and all must be
  created.

Each answer is timed from the common start: p50, p99, max; with the server's CPU (``/proc/<pid>/stat``) and its
peak memory (``VmHWM``), before and after. Targets (as for the login burst): p99 <= 1 s, server memory <= 250 MiB.

    .venv/bin/python benchmarks/order_burst.py [--clients 200] [--json]

Bounded: each request times out after 60 s, each burst after ``--deadline`` seconds; the server is stopped at
the end whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
import time
import uuid
from contextlib import closing
from pathlib import Path

import httpx
from figures import Figure, add_json_option, emit, human_stream, percentile, status_kib
from longpoll import CUSTOMER, SERIAL, TARO, cpu_seconds, start_server, stop_server

P99_TARGET_MS = 1000.0
MEMORY_TARGET_MIB = 250.0


def add_licences(db: Path, count: int) -> list[str]:
    """``count`` more licences of the installed product's account, as the scenario wrote its own."""
    serials = [f"VB5C-BNCH-{n // 10000:04d}-{n % 10000:04d}-0001" for n in range(1, count + 1)]
    with closing(sqlite3.connect(db)) as conn:
        for serial in serials:
            added = conn.execute(
                "INSERT INTO licences (serial, account_id, product, expiry) "
                "SELECT ?, account_id, product, expiry FROM licences WHERE serial = ?", (serial, SERIAL))
            if added.rowcount != 1:
                raise RuntimeError(f"no licence {SERIAL} to copy in {db}")
        conn.commit()
    return serials


async def burst(base: str, pid: int, serials: list[str]) -> dict[str, object]:
    api = f"{base}/api/v1"
    timeout = httpx.Timeout(60, connect=10)
    async with httpx.AsyncClient(timeout=timeout) as http:
        token = (await http.post(f"{api}/auth/login", json=TARO)).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    pool = [httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=timeout, headers=auth)
            for _ in serials]
    try:
        await asyncio.gather(*(client.get(f"{api}/health") for client in pool))
        memory_before = status_kib("VmHWM", pid) / 1024

        async def one(client: httpx.AsyncClient, serial: str) -> tuple[float, int, str]:
            body = {"items": [{"serial": serial, "product": "vb_cloud", "years": 1}], "payment_method": "slip",
                    "customer": CUSTOMER}
            try:
                answer = await client.post(f"{api}/orders", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
                status = answer.status_code
                code = answer.json().get("error", {}).get("code", "") if status >= 400 else ""
            except (httpx.HTTPError, ValueError):
                status, code = 0, ""
            return (time.perf_counter() - started) * 1000, status, code

        cpu_before, client_before = cpu_seconds(pid), time.process_time()
        started = time.perf_counter()
        answers = await asyncio.gather(*(one(client, serial) for client, serial in zip(pool, serials)))
        cpu, client_cpu = cpu_seconds(pid) - cpu_before, time.process_time() - client_before
    finally:
        await asyncio.gather(*(client.aclose() for client in pool))
    statuses: dict[str, int] = {}
    for _, status, code in answers:
        key = f"{status}{' ' + code if code else ''}" if status else "no answer"
        statuses[key] = statuses.get(key, 0) + 1
    return {"latencies": [latency for latency, _, _ in answers], "statuses": statuses, "cpu": cpu,
            "client_cpu": client_cpu, "memory_before": memory_before, "memory_peak": status_kib("VmHWM", pid) / 1024,
            "rss_after": status_kib("VmRSS", pid) / 1024}


def run_burst(kind: str, clients: int, deadline: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "backend.sqlite3"
        proc, base = start_server(db)
        if kind == "distinct":
            stop_server(proc)
            serials = add_licences(db, clients)
            proc, base = start_server(db)
        else:
            serials = [SERIAL] * clients
        try:
            return asyncio.run(asyncio.wait_for(burst(base, proc.pid, serials), deadline))
        finally:
            stop_server(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--deadline", type=float, default=180.0, help="each burst, seconds")
    add_json_option(parser)
    args = parser.parse_args()
    out = human_stream(args.json)
    print(f"vb-renew order burst, {args.clients} clients at once ({os.cpu_count()} CPUs)", file=out)
    figures, right_everywhere = [], True
    for kind, label, expected in [
            ("one", "one serial", {"201": 1, "409 order.already_open": args.clients - 1}),
            ("distinct", "distinct serials", {"201": args.clients})]:
        result = run_burst(kind, args.clients, args.deadline)
        latencies = result["latencies"]
        statuses = result["statuses"]
        shown = ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))
        right = statuses == expected
        right_everywhere = right_everywhere and right
        print(f"  {label:<17} p50 {percentile(latencies, .5):5.0f} ms  p99 {percentile(latencies, .99):5.0f} ms  "
              f"max {max(latencies):5.0f} ms  CPU server {result['cpu']:.2f} s, clients {result['client_cpu']:.2f} s; "
              f"{shown}{'' if right else '  (!) expected ' + str(expected)}", file=out)
        print(f"  {'':<17} server memory: VmHWM {result['memory_before']:.0f} MiB before, "
              f"{result['memory_peak']:.0f} MiB peak; VmRSS {result['rss_after']:.0f} MiB after", file=out)
        figures.append(Figure(f"{args.clients} concurrent orders, {label}: p99", round(percentile(latencies, .99)),
                              "ms", P99_TARGET_MS,
                              shown=f"p50 {percentile(latencies, .5):.0f} / p99 {percentile(latencies, .99):.0f} / "
                                    f"max {max(latencies):.0f} ms",
                              note="" if right else f"{shown} (expected {expected})"))
        if kind == "one":  # the race the database's constraint closes: one open order per serial
            figures.append(Figure(f"{args.clients} concurrent orders, one serial: orders created",
                                  statuses.get("201", 0), "", 1, note=shown))
        figures.append(Figure(f"{args.clients} concurrent orders, {label}: server peak memory",
                              round(result["memory_peak"]), "MiB", MEMORY_TARGET_MIB,
                              shown=f"VmHWM {result['memory_peak']:.0f} MiB ({result['memory_before']:.0f} before)"))
    emit("order_burst", figures, args.json)
    return 0 if right_everywhere and all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
