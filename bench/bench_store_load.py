"""Load test of the storage layer: N simulated raters x M score writes, SQLite and PostgreSQL.

Each simulated rater is a thread that submits its own scores (one transaction each, with the
optimistic version check and the audit event), like a laptop in a committee workshop. Prints
writes/s and p50/p95 latency per backend. Bounded: at most --max-seconds per backend; only
the local machine (SQLite in a temp dir, PostgreSQL at 127.0.0.1:5432; skipped with a message
when unreachable).

    .venv/bin/python bench/bench_store_load.py --raters 20 --writes 50
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crm_select.models.scenario import Scenario
from crm_select.store.api import (
    Actor,
    Database,
    create_workspace,
    invite_rater,
    open_database,
    start_scoring,
    submit_score,
)
from crm_select.store.records import Role

PG_HOST = "127.0.0.1"
OPTIONS, CRITERIA = 6, 10


def scenario() -> Scenario:
    return Scenario.model_validate(
        {
            "name": "Load test",
            "currency": "EUR",
            "company": {
                "crm_users": 50,
                "sales_reps": 20,
                "annual_revenue": 1e7,
                "gross_margin": 0.4,
                "deals_per_year": 300,
                "win_rate": 0.25,
                "average_deal": 3e4,
                "admin_costs": 5e5,
                "cross_sell_revenue": 1e6,
                "churn": 0.1,
                "loaded_labour_cost_per_day": 300,
                "discount_rate": 0.1,
            },
            "criteria": {
                "groups": [
                    {
                        "id": "functionality",
                        "weight": 1,
                        "criteria": [{"id": f"c{i}", "name": f"C{i}"} for i in range(CRITERIA)],
                    }
                ]
            },
            "options": [{"id": f"o{i}", "catalog_id": f"v{i}"} for i in range(OPTIONS)],
        }
    )


def run(db: Database, raters: int, writes: int, max_seconds: float) -> dict[str, float]:
    created = create_workspace(db, scenario(), "Bench")
    boss = Actor(created.workspace_id, "facilitator", Role.FACILITATOR)
    actors = []
    for i in range(raters):
        invite_rater(db, boss, f"r{i:03d}", f"Rater {i}")
        actors.append(Actor(created.workspace_id, f"r{i:03d}", Role.RATER))
    start_scoring(db, boss)
    cells = [(f"o{o}", f"c{c}") for o in range(OPTIONS) for c in range(CRITERIA)]
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(raters)
    stop_at = time.monotonic() + max_seconds + 5

    def rater(actor: Actor) -> None:
        versions: dict[tuple[str, str], int] = {}
        mine: list[float] = []
        barrier.wait()
        try:
            for n in range(writes):
                if time.monotonic() > stop_at:
                    break
                cell = cells[n % len(cells)]
                t0 = time.perf_counter()
                rec = submit_score(
                    db,
                    actor,
                    *cell,
                    (n % 11) / 2,
                    expected_version=versions.get(cell, 0),
                    note=f"write {n}",
                )
                mine.append(time.perf_counter() - t0)
                versions[cell] = rec.version
        except BaseException as e:
            errors.append(e)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=rater, args=(a,)) for a in actors]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max_seconds + 30)
    elapsed = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"{len(errors)} writers failed, first: {errors[0]!r}")
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "writes": len(latencies),
        "seconds": elapsed,
        "writes_per_s": len(latencies) / elapsed,
        "p50_ms": q[49] * 1000,
        "p95_ms": q[94] * 1000,
        "max_ms": max(latencies) * 1000,
    }


def report(name: str, r: dict[str, float]) -> None:
    print(
        f"{name:10} {int(r['writes']):6d} writes in {r['seconds']:6.2f} s  "
        f"{r['writes_per_s']:8.1f} writes/s  p50 {r['p50_ms']:7.1f} ms  "
        f"p95 {r['p95_ms']:7.1f} ms  max {r['max_ms']:7.1f} ms"
    )


def pg_database() -> tuple[str | None, str]:
    """A throwaway database on the local server, or (None, reason)."""
    try:
        import psycopg

        with psycopg.connect(
            f"host={PG_HOST} port=5432 user=postgres dbname=test",
            connect_timeout=3,
            autocommit=True,
        ) as conn:
            name = f"crm_select_bench_{uuid.uuid4().hex[:8]}"
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@{PG_HOST}:5432/{name}", name
    except Exception as e:
        return None, f"{type(e).__name__}: {e}"


def drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(
        f"host={PG_HOST} port=5432 user=postgres dbname=test", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--raters", type=int, default=20, help="simulated raters (threads)")
    p.add_argument("--writes", type=int, default=50, help="score writes per rater")
    p.add_argument("--max-seconds", type=float, default=60, help="time bound per backend")
    p.add_argument("--backend", choices=["all", "sqlite", "postgres"], default="all")
    a = p.parse_args(argv)
    a.raters = max(1, min(a.raters, 200))
    a.writes = max(1, min(a.writes, 10_000))
    print(f"{a.raters} raters x {a.writes} writes (each a transaction with version check + audit)")
    if a.backend in ("all", "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            db = open_database(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
            try:
                report("sqlite", run(db, a.raters, a.writes, a.max_seconds))
            finally:
                db.dispose()
    if a.backend in ("all", "postgres"):
        url, name = pg_database()
        if url is None:
            print(f"postgres   SKIPPED: no PostgreSQL server reachable at {PG_HOST}:5432 ({name})")
        else:
            db = open_database(url)
            try:
                report("postgres", run(db, a.raters, a.writes, a.max_seconds))
            finally:
                db.dispose()
                drop_pg(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
