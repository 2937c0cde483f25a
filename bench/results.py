"""Results at scale (issue 5): aggregates through the API against hand-written SQL, the whole
survey's aggregates, and the CSV export's speed and memory. Run by hand:

    TNS_DATABASE_URL=URL .venv/bin/python -m bench.results [--responses 100000] [--repeat 5]

It uses the database TNS_DATABASE_URL names (migrate it and `tns dev bootstrap` it first, or let
this script do both when the database is empty), seeds `--responses` synthetic submitted
responses with `tns demo seed` when the stakeholder survey has fewer, then measures in one run:

- one question's aggregate, through the API (an in-process HTTP client on the whole ASGI app:
  routing, authentication, the session, JSON), next to a hand-written SQL query that computes
  the same numbers on the same tables (what a person would write for that one table: the counts
  and the bases, without the generality of the aggregate builder);
- every question's aggregates in one call (`GET /aggregates`), with the text questions' answers
  counted (`texts=false`) and listed (every answer with its party: about 2 million rows);
- the CSV exports, long (one row per answer) and wide (one row per response), in rows per second,
  with the peak growth of the process's resident memory while each runs (sampled every 5 ms).

Goals: the aggregate within 2x the hand SQL, the whole survey under 2 s, CSV at 20,000 rows/s or
more with under 100 MB of memory growth.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from bench.timing import timed

STAKEHOLDERS = "technology-needs-stakeholders"
QUESTIONS = [  # (question, by): a multiple choice by region, a loop's choice, a number, a rating
    ("priority_sectors", "un_group"),
    ("need_types", None),
    ("inventory_year", "development_status"),
    ("challenge_severity", None),
]
HAND_SQL = {
    # The counts and the base of a choice question per group: what one would write by hand.
    "choice": """
        SELECT {group} f.loop_code, f.row_key, f.option, count(*)
        FROM answer_fact f JOIN response r ON r.id = f.response_id {join}
        WHERE f.question_id = :q AND r.cycle_id = :cycle AND r.status IN ('submitted', 'accepted')
        GROUP BY {group} f.loop_code, f.row_key, f.option;
        SELECT {group} s.loop_code, count(*)
        FROM question_shown s JOIN response r ON r.id = s.response_id {join}
        WHERE s.question_id = :q AND r.cycle_id = :cycle AND r.status IN ('submitted', 'accepted')
        GROUP BY {group} s.loop_code""",
    # n, sum, mean, min, max and the median of a number per group (percentile_cont on PostgreSQL;
    # SQLite has no percentile function: the median through a window, as the builder does).
    "number": """
        SELECT {group} count(f.num), sum(f.num), avg(f.num), min(f.num), max(f.num) {median}
        FROM answer_fact f JOIN response r ON r.id = f.response_id {join}
        WHERE f.question_id = :q AND r.cycle_id = :cycle AND r.status IN ('submitted', 'accepted')
        GROUP BY {group} f.loop_code;
        SELECT {group} count(*)
        FROM question_shown s JOIN response r ON r.id = s.response_id {join}
        WHERE s.question_id = :q AND r.cycle_id = :cycle AND r.status IN ('submitted', 'accepted')
        GROUP BY {group} s.loop_code""",
}


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakMemory:
    """The largest resident-set growth while a block runs, sampled by a thread."""

    def __enter__(self) -> PeakMemory:
        self.base = rss_mb()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())

    @property
    def growth(self) -> float:
        return self.peak - self.base


def prepare(responses: int) -> None:
    from sqlalchemy import func, select

    from app.cli.db import upgrade_database
    from app.cli.main import cli
    from app.core.db import session_scope
    from app.responses.models import Response
    from app.surveys.models import Cycle

    upgrade_database()
    from typer.testing import CliRunner

    runner = CliRunner()
    result = runner.invoke(cli, ["dev", "bootstrap"], env={"TNS_ENV": "development"})
    assert result.exit_code == 0, result.output
    with session_scope() as session:
        have = session.execute(
            select(func.count())
            .select_from(Response)
            .join(Cycle, Cycle.id == Response.cycle_id)  # type: ignore[arg-type]
            .where(Cycle.survey_id == STAKEHOLDERS)  # type: ignore[arg-type]
        ).scalar_one()
    if have < responses:
        print(f"seeding {responses - have} responses (have {have}) ...", flush=True)
        started = time.perf_counter()
        from app.demo.seed import seed

        parties = seed("technology-needs", 194, pool=2000)  # every country answers the party survey
        print(f"  party survey: {parties.responses} responses", flush=True)
        result_ = seed(STAKEHOLDERS if have else "technology-needs", responses - have, pool=2000)
        print(f"  {result_.survey}: {result_.responses} responses, {time.perf_counter() - started:.0f} s", flush=True)
    # The steady state of a database that autovacuum looks after: statistics, and the visibility map
    # that lets PostgreSQL answer from the covering indexes alone.
    from app.core.db import get_engine

    engine = get_engine()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("TNS_ENV", "development")
    prepare(args.responses)

    from fastapi.testclient import TestClient

    from app.core.db import get_engine, session_scope
    from app.main import create_app
    from app.results.export import export
    from app.results.export.source import Selection
    from app.surveys.service import get_cycle
    from app.users import service as users
    from app.users.models import Role

    engine = get_engine()
    with session_scope() as session:
        cycle = get_cycle(session, STAKEHOLDERS, None)
        email = f"bench.{time.time_ns()}@example.org"
        token = users.add_user(session, email, Role.secretariat).token
        selection = Selection.of(cycle, ("submitted", "accepted"), None)
        count = session.execute(text("SELECT count(*) FROM response WHERE cycle_id = :c"), {"c": cycle.id}).scalar_one()
    print(f"database: {engine.dialect.name}, {count} responses in {STAKEHOLDERS} cycle {cycle.code}", flush=True)
    client = TestClient(create_app())
    auth = {"Authorization": f"Bearer {token}"}
    base = f"/api/v1/surveys/{STAKEHOLDERS}"

    def api(question: str, by: str | None) -> Callable[[], Any]:
        def call() -> Any:
            response = client.get(f"{base}/aggregates/{question}", params={"by": by} if by else {}, headers=auth)
            assert response.status_code == 200, response.text
            return response.json()

        return call

    def hand(question: str, by: str | None, kind: str) -> Callable[[], Any]:
        group = f"c.{by}," if by else ""
        join = "LEFT JOIN country c ON c.iso3 = r.party" if by else ""
        median = ""
        if kind == "number" and engine.dialect.name == "postgresql":
            median = ", percentile_cont(0.5) WITHIN GROUP (ORDER BY f.num)"
        statements = HAND_SQL[kind].format(group=group, join=join, median=median).split(";")

        def call() -> Any:
            with engine.connect() as conn:
                return [conn.execute(text(s), {"q": question, "cycle": cycle.id}).all() for s in statements]

        return call

    print("\none question's aggregate (ms, median / p95 of", args.repeat, "runs)")
    for question, by in QUESTIONS:
        kind = "number" if question == "inventory_year" else "choice"
        api(question, by)()  # warm: compile, caches
        through_api = timed(api(question, by), args.repeat)
        by_hand = timed(hand(question, by, kind), args.repeat)
        ratio = through_api.median / by_hand.median
        print(
            f"  {question:<20} by {by or '-':<18} API {through_api.median:8.1f} / {through_api.p95:8.1f}"
            f"   hand SQL {by_hand.median:8.1f} / {by_hand.p95:8.1f}   ratio {ratio:4.2f}",
            flush=True,
        )

    print("\nevery question's aggregates (one call)")
    for texts in ("false", "true"):

        def everything(texts: str = texts) -> Any:
            response = client.get(f"{base}/aggregates", params={"texts": texts}, headers=auth)
            assert response.status_code == 200
            return response

        size = len(everything().content)
        whole = timed(everything, max(2, args.repeat // 2))
        seconds = f"{whole.median / 1000:.2f} s median, {whole.best / 1000:.2f} s best"
        print(f"  texts={texts:<5}  {seconds}   {size / 2**20:.1f} MB of JSON", flush=True)

    print("\nCSV export (in process, streamed to nowhere)")
    for layout in ("long", "wide"):
        with PeakMemory() as memory:
            started = time.perf_counter()
            size, rows = 0, 0
            for chunk in export(selection, "csv", layout).chunks:  # type: ignore[arg-type]
                size += len(chunk)
                rows += chunk.count(b"\r\n")
            seconds = time.perf_counter() - started
        rows -= 1  # the header
        print(
            f"  {layout:<5} {rows:>10} rows  {seconds:6.1f} s  {rows / seconds:9.0f} rows/s"
            f"  {size / 2**20:7.1f} MB  peak RSS growth {memory.growth:6.1f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
