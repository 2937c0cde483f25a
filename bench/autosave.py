"""Autosave under load (issue 3), next to a bare FastAPI insert. Run by hand:

    .venv/bin/python -m bench.autosave [--database-url URL] [--parties 150] [--seconds 20] [--workers 2]

Goal: with 150 parties saving drafts of the shipped survey concurrently (PostgreSQL, two uvicorn
workers), at least half the throughput of a bare FastAPI endpoint that inserts one row into the
same database (bench/bare_app.py: same request body, same engine settings), and no save lost.

What it does: creates a database of its own (a new database on the PostgreSQL server of
--database-url, dropped at the end; for any sqlite URL a new temporary file), migrates it, publishes
survey_definitions/technology-needs.yaml, opens a cycle and adds one focal point (with a token) for
each of the first --parties countries of the registry. Then, for each app in turn (the real one,
then the bare one), it starts `python -m uvicorn APP --workers N` on a free port of 127.0.0.1
(TNS_ENV=test), waits for /healthz, and loads it from this process: one asyncio task per party, a
closed loop with one request in flight per party, each over its own httpx.AsyncClient (so 150
connections). Each task PUTs the full answers document again and again, changing one answer each
time, with If-Match set to the revision (ETag) of its previous save; the first save sends none.
After a warm-up (not measured, but its saves count in the final check), every request completing
within the next --seconds seconds is measured; the requests still in flight then finish (bounded by
a timeout) and are checked too. Finally it checks in the database that no save was lost: for each
party the response's revision equals the number of 200s it got, the revision table holds exactly
that many rows, the last ETag is the stored revision and the stored answers are the last ones sent.

The machine this was written for has 2 cores, shared by the servers, PostgreSQL and this load
generator (and whatever else runs): the output says how many cores each part used during the
measured window (from /proc and getrusage), and the CPU time per save. The client is kept cheap:
bodies are a pre-encoded template with one value replaced, the revision is read from the ETag
rather than by parsing the echoed answers, the clients share one SSL context, and one AsyncClient
per party avoids httpcore's pool bookkeeping (one client with 150 connections spent more CPU than
the server it was loading). Measured here (getrusage of this process): about 0.13 of a core against
the real app (2.5 ms per save) and 0.35-0.5 of a core against the bare app (1.3-1.8 ms per request),
with a median event-loop lag of a few ms; the servers' work queue stays full (150 requests in
flight), so the client's share of the CPU, not its speed, is what it takes from the servers.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import os
import platform
import resource
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
from sqlalchemy import Engine, create_engine, func, text
from sqlalchemy.engine import make_url
from sqlmodel import col, select

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "survey_definitions" / "technology-needs.yaml"
COUNTRIES = ROOT / "app" / "registry" / "countries.csv"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
HOST = "127.0.0.1"
SURVEY, CYCLE = "technology-needs", "2026"
CHANGED = "final_comments"  # the answer each save changes (a long_text question)
MARK = "@@MARK@@"  # placeholder of CHANGED in the pre-encoded body
READY_SECONDS = 60.0  # for a server to answer /healthz
STOP_SECONDS = 10.0
SETTLE_SECONDS = 3.0
REQUEST_TIMEOUT = 60.0  # seconds, for any one request; a timeout counts as an error (outcome unknown)
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- the database ----------------------------------------------------------------------------------


@contextmanager
def own_database(base: str) -> Iterator[str]:
    """A new database: on the PostgreSQL server of `base` (dropped afterwards), or a temporary SQLite file."""
    if base.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix="tns_bench_") as folder:
            yield f"sqlite:///{folder}/tns.sqlite3"
        return
    if not base.startswith("postgresql"):
        raise SystemExit(f"--database-url must be a postgresql or sqlite URL, not {base}")
    host = make_url(base).host
    if host not in (None, "", HOST, "localhost"):
        raise SystemExit(f"this benchmark only uses {HOST}, not {host}")
    name = f"tns_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def use_database(url: str) -> None:
    """Point this process's settings and engine at `url` (the servers get it from their environment)."""
    from app.core import config, db

    os.environ["TNS_DATABASE_URL"] = url
    os.environ["TNS_ENV"] = "test"
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()


def first_parties(count: int) -> list[str]:
    with COUNTRIES.open(encoding="utf-8", newline="") as handle:
        codes = [row["iso3"] for row in csv.DictReader(handle)]
    if not 1 <= count <= len(codes):
        raise SystemExit(f"--parties must be between 1 and {len(codes)}")
    return codes[:count]


def prepare(parties: list[str]) -> dict[str, str]:
    """Migrate, publish the shipped survey, open a cycle, add a focal point per party: {party: token}."""
    from app.cli.db import upgrade_database
    from app.core.db import get_engine, session_scope
    from app.surveys import service as surveys
    from app.users import service as users
    from app.users.models import Role

    upgrade_database()
    tokens: dict[str, str] = {}
    with session_scope() as session:
        published = surveys.publish(session, SHIPPED.read_bytes(), SHIPPED.name, None)
        surveys.open_cycle(session, published.version.survey_id, CYCLE, None, None, None)
        for party in parties:
            new = users.add_user(session, f"focal.{party.lower()}@example.org", Role.focal_point, party=party)
            tokens[party] = new.token
    get_engine().dispose()
    return tokens


def describe_database(engine: Engine) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            version = conn.execute(text("SHOW server_version")).scalar_one()
            return f"PostgreSQL {version} on {HOST}"
        version = conn.execute(text("SELECT sqlite_version()")).scalar_one()
        return f"SQLite {version} (WAL, one file)"


@dataclass(frozen=True)
class PgState:
    postmaster: int | None  # the PostgreSQL server's main process, when it runs on this machine
    ours: int  # connections to this run's database
    connections: int  # client connections to the server, all databases (max_connections is shared)
    sessions: int  # connections ever opened to this run's database (pg_stat_database.sessions)


def pg_state(engine: Engine, database: str) -> PgState | None:
    """Connection counts of the PostgreSQL server, and its main process (for CPU time); None for SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        rows = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE datname = :d AND pid <> pg_backend_pid()), count(*)"
                " FROM pg_stat_activity WHERE backend_type = 'client backend'"
            ),
            {"d": database},
        ).one()
        sessions = conn.execute(text("SELECT sessions FROM pg_stat_database WHERE datname = :d"), {"d": database})
        fields = _stat_fields(int(pid))
        return PgState(
            postmaster=int(fields[1]) if fields else None,  # our backend's parent
            ours=int(rows[0]),
            connections=int(rows[1]),
            sessions=int(sessions.scalar_one()),
        )


# --- the servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """`python -m uvicorn APP --workers N` on a free port of 127.0.0.1, in a process group of its own."""

    def __init__(self, app: str, database_url: str, workers: int) -> None:
        self.app = app
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `stop`

    def start(self) -> None:
        command = [sys.executable, "-m", "uvicorn", self.app, "--host", HOST, "--port", str(self.port)]
        command += ["--workers", str(self.workers)]
        env = {**os.environ, "TNS_ENV": "test", "TNS_DATABASE_URL": self.database_url}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.app} exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.app} was not ready within {READY_SECONDS} s:\n{self.output()}")

    def cpu_seconds(self) -> float:
        """CPU time of every process of the server's group (the supervisor and its workers)."""
        return 0.0 if self.process is None else group_cpu(self.process.pid)

    def stop(self) -> None:
        """SIGTERM to the group (the workers too), SIGKILL if it has not exited in time."""
        process = self.process
        if process is not None and process.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=STOP_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.log.close()

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-5000:]

    def errors(self) -> str:
        """The exceptions in the log (the last line of each traceback), with how often each occurred."""
        self.log.seek(0)
        seen: Counter[str] = Counter()
        skip = ("Traceback", "The above", "During handling", "INFO:", "ERROR:", "WARNING:", " ")
        for line in self.log.read().decode(errors="replace").splitlines():
            if line.strip() and not line.startswith(skip):
                seen[line[:300]] += 1
        return "\n".join(f"{count:6} x {line}" for line, count in seen.most_common(10))


# --- CPU accounting from /proc ---------------------------------------------------------------------


def _stat_fields(pid: int | str) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rfind(")") + 2 :].split()  # fields from the 3rd (state) on


def group_cpu(pgid: int) -> float:
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(entry.name)
            if fields is not None and int(fields[2]) == pgid:  # the 5th field: process group
                total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def tree_cpu(parent: int) -> float:
    """CPU time of a process, its children that exited (cutime, cstime) and its live children: for the
    PostgreSQL server, whose connection processes come and go (every database on it, and its
    background processes such as the WAL writer, are included)."""
    fields = _stat_fields(parent)
    if fields is None:
        return 0.0
    total = sum(int(v) for v in fields[11:15]) / CLK_TCK  # utime, stime, cutime, cstime
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            child = _stat_fields(entry.name)
            if child is not None and int(child[1]) == parent:  # the 4th field: parent
                total += (int(child[11]) + int(child[12])) / CLK_TCK
    return total


def busy_cores(seconds: float) -> float:
    """How many cores were busy over the next `seconds` (all processes)."""
    before, start = machine_cpu(), time.monotonic()
    time.sleep(seconds)
    after = machine_cpu()
    return (after[0] - before[0]) / (time.monotonic() - start)


def machine_cpu() -> tuple[float, float]:
    """(busy, total) seconds of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values)
    return (total - idle) / CLK_TCK, total / CLK_TCK


@dataclass
class CpuSample:
    wall: float
    client: float
    server: float
    postgres: float
    machine: tuple[float, float]
    pg: PgState | None


def cpu_sample(server: Server, pg: PgState | None) -> CpuSample:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return CpuSample(
        wall=time.monotonic(),
        client=usage.ru_utime + usage.ru_stime,
        server=server.cpu_seconds(),
        postgres=tree_cpu(pg.postmaster) if pg and pg.postmaster else 0.0,
        machine=machine_cpu(),
        pg=pg,
    )


# --- the load --------------------------------------------------------------------------------------


@dataclass
class PartyLog:
    ok: int = 0  # 200s over the whole run (warm-up and drain included)
    revision: int | None = None  # the last ETag received (real app)
    last_saved: str | None = None  # the value of CHANGED in the last document saved with a 200
    unknown: int = 0  # requests whose outcome is unknown (timeout, connection error)


@dataclass
class RunResult:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)  # ms, of the measured requests that succeeded
    errors: Counter[str] = field(default_factory=Counter)  # of requests completed after the warm-up
    all_errors: Counter[str] = field(default_factory=Counter)  # over the whole run
    background: float = 0.0  # cores busy on the machine in the second before the load started (others' work)
    slowest: tuple[float, str] = (0.0, "")  # ms and status of the slowest request completed after the warm-up
    parties: dict[str, PartyLog] = field(default_factory=dict)
    loop_lag: list[float] = field(default_factory=list)  # ms
    cpu: tuple[CpuSample, CpuSample] | None = None
    total_requests: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def body_template(answers: dict[str, Any]) -> tuple[bytes, bytes]:
    """The request body with MARK in place of CHANGED's value: (before, after) the marker."""
    encoded = json.dumps({"answers": {**answers, CHANGED: MARK}}, ensure_ascii=False).encode()
    before, _, after = encoded.partition(json.dumps(MARK).encode())
    return before, after


async def run_load(
    name: str,
    server: Server,
    path: Callable[[str], str],
    tokens: dict[str, str],
    answers: dict[str, Any],
    *,
    warmup: float,
    seconds: float,
    sample: Callable[[], CpuSample],
    uses_revisions: bool,
) -> RunResult:
    result = RunResult(name, seconds, parties={party: PartyLog() for party in tokens})
    before, after = body_template(answers)
    # One client (one keep-alive connection) per party: a single AsyncClient pooling 150 connections
    # spends the client's CPU in its pool bookkeeping (httpcore scans every connection and every
    # queued request on each request), which made the load generator the bottleneck. The clients
    # share one SSL context (unused on http://, but each client would otherwise load the CA bundle:
    # about 25 ms of CPU each) and are all made before the clock starts.
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    timeout = httpx.Timeout(REQUEST_TIMEOUT)
    tls = ssl.create_default_context()
    clients = {
        party: httpx.AsyncClient(base_url=server.url, limits=limits, timeout=timeout, verify=tls) for party in tokens
    }
    start = time.monotonic()
    window = (start + warmup, start + warmup + seconds)
    samples: list[CpuSample] = []

    async def party_loop(party: str, token: str) -> None:
        async with clients[party] as client:
            await save_loop(party, token, client)

    async def save_loop(party: str, token: str, client: httpx.AsyncClient) -> None:
        log = result.parties[party]
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        n = 0
        while time.monotonic() < window[1]:  # closed loop: one request in flight; bounded by the window
            n += 1
            text_value = f"Draft {n} of {party}, saved at {time.time():.6f}"
            content = before + json.dumps(text_value, ensure_ascii=False).encode() + after
            headers = dict(auth)
            if uses_revisions and log.revision is not None:
                headers["If-Match"] = str(log.revision)
            sent = time.monotonic()
            try:
                response = await client.put(path(party), content=content, headers=headers)
                status = str(response.status_code)
            except httpx.HTTPError as exc:
                response, status = None, type(exc).__name__
                log.unknown += 1
            done = time.monotonic()
            result.total_requests += 1
            measured = window[0] <= done < window[1]
            if done >= window[0] and (done - sent) * 1000 > result.slowest[0]:
                result.slowest = ((done - sent) * 1000, status)
            if response is not None and response.status_code == 200:
                log.ok += 1
                log.last_saved = text_value
                if uses_revisions:
                    log.revision = int(response.headers["etag"].strip('"'))
                if measured:
                    result.latencies.append((done - sent) * 1000)
                continue
            result.all_errors[status] += 1
            if done >= window[0]:  # in the window, or in the drain after it: a failure all the same
                result.errors[status] += 1
            if uses_revisions and time.monotonic() < window[1]:  # find the current revision, to go on saving
                try:
                    current = await client.get(path(party), headers=auth)
                    log.revision = int(current.json()["revision"]) or None
                except (httpx.HTTPError, KeyError, ValueError):
                    await asyncio.sleep(0.1)

    async def lag_probe() -> None:
        """How late the event loop wakes a sleeper: if the client were starved, this would grow."""
        while (now := time.monotonic()) < window[1]:
            await asyncio.sleep(0.01)
            if now >= window[0]:
                result.loop_lag.append((time.monotonic() - now - 0.01) * 1000)

    async def cpu_probe() -> None:
        await asyncio.sleep(max(0.0, window[0] - time.monotonic()))
        samples.append(sample())
        await asyncio.sleep(max(0.0, window[1] - time.monotonic()))
        samples.append(sample())

    jobs = [party_loop(party, token) for party, token in tokens.items()]
    async with asyncio.timeout(warmup + seconds + 3 * REQUEST_TIMEOUT):  # every loop is bounded anyway
        await asyncio.gather(lag_probe(), cpu_probe(), *jobs)
    result.cpu = (samples[0], samples[1])
    return result


# --- the checks ------------------------------------------------------------------------------------


@dataclass
class Check:
    lost: list[str] = field(default_factory=list)  # a save answered 200 that the database does not hold as sent
    unsure: list[str] = field(default_factory=list)  # requests with no answer (timeout): stored or not, either is fine


def check_real(engine: Engine, result: RunResult) -> Check:
    """Every 200 is in the database: revision == number of 200s == revision rows, the last ETag is the stored
    revision and the stored answers are the last ones saved. A request that got no answer may or may not
    have been stored."""
    from sqlmodel import Session

    from app.responses.models import Response, Revision

    check = Check()
    with Session(engine) as session:
        stored = {r.subject: r for r in session.exec(select(Response)).all()}
        counts = dict(
            session.exec(
                select(Response.subject, func.count(col(Revision.id)))
                .join(Revision, col(Revision.response_id) == col(Response.id))
                .group_by(col(Response.subject))
            ).all()
        )
    for party, log in result.parties.items():
        row = stored.get(party)
        revision = row.revision if row else 0
        rows = counts.get(party, 0)
        saved = row.answers.get(CHANGED) if row else None
        found = f"{party}: {log.ok} saves answered 200, revision {revision}, {rows} revision rows"
        if log.unknown:
            if rows == revision and log.ok <= revision <= log.ok + log.unknown:
                check.unsure.append(f"{party}: {log.unknown} unanswered, {revision - log.ok} of them stored")
            else:
                check.lost.append(found)
        elif revision != log.ok or rows != log.ok:
            check.lost.append(found)
        elif log.revision is not None and log.revision != revision:
            check.lost.append(f"{party}: last ETag {log.revision}, stored revision {revision}")
        elif log.ok and saved != log.last_saved:
            check.lost.append(f"{party}: stored answers are not the last ones saved")
    return check


def check_bare(engine: Engine, result: RunResult) -> Check:
    from bench.bare_app import bench_bare

    with engine.connect() as conn:
        rows = conn.execute(select(bench_bare.c.party, func.count()).group_by(bench_bare.c.party)).all()
    counts = {str(party): int(n) for party, n in rows}
    check = Check()
    for party, log in result.parties.items():
        stored = counts.get(party, 0)
        if not log.ok <= stored <= log.ok + log.unknown:
            check.lost.append(f"{party}: {log.ok} inserts answered 200, {stored} rows")
        elif log.unknown:
            check.unsure.append(f"{party}: {log.unknown} unanswered, {stored - log.ok} of them stored")
    return check


# --- the report ------------------------------------------------------------------------------------


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def cpu_line(result: RunResult) -> str:
    assert result.cpu is not None
    a, b = result.cpu
    wall = b.wall - a.wall
    used = {"client": b.client - a.client, "uvicorn": b.server - a.server}
    if b.pg is not None:
        used["PostgreSQL"] = b.postgres - a.postgres
    busy = b.machine[0] - a.machine[0]
    cores = (b.machine[1] - a.machine[1]) / wall
    parts = [f"{name} {seconds / wall:.2f}" for name, seconds in used.items()]
    parts.append(f"anything else {max(0.0, busy - sum(used.values())) / wall:.2f}")
    line = f"cores used in the window: {', '.join(parts)}; whole machine {busy / wall:.2f} of {cores:.0f}"
    line += f" (busy before the load: {result.background:.2f})"
    if result.latencies:
        per = ", ".join(f"{name} {1000 * seconds / len(result.latencies):.1f} ms" for name, seconds in used.items())
        line += f"\n  CPU per save answered in the window: {per}"
    return line


def pg_line(result: RunResult) -> str:
    assert result.cpu is not None
    a, b = result.cpu
    if a.pg is None or b.pg is None:
        return ""
    return (
        f"PostgreSQL: {b.pg.ours} connections of the app at the end of the window ({b.pg.connections} on the "
        f"server in all); {b.pg.sessions - a.pg.sessions} new connections opened during the window"
    )


def lag_line(result: RunResult) -> str:
    lag = sorted(result.loop_lag)
    if not lag:
        return ""
    return (
        f"client event-loop lag: median {statistics.median(lag):.1f} ms, "
        f"p95 {lag[int(0.95 * len(lag))]:.1f} ms, max {lag[-1]:.1f} ms"
    )


def report(results: list[RunResult], checks: dict[str, Check], header: list[str]) -> bool:
    for line in header:
        print(line)
    print()
    print(f"{'target':<28}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for r in results:
        print(
            f"{r.name:<28}{r.requests:>10}{r.throughput:>10.1f}{r.percentile(0.5):>10.1f}"
            f"{r.percentile(0.95):>10.1f}{r.percentile(0.99):>10.1f}{sum(r.errors.values()):>8}"
        )
    print("latencies: of the 200s completed in the measured window; errors: any other outcome of a request")
    print("completed after the warm-up (in the window or while the last requests drained)")
    print()
    for r in results:
        print(f"{r.name}:")
        print(f"  {cpu_line(r)}")
        print(f"  {lag_line(r)}")
        if pg_line(r):
            print(f"  {pg_line(r)}")
        slowest, status = r.slowest
        print(f"  {r.total_requests} requests in all (warm-up and drain included); slowest after the warm-up: "
              f"{slowest:.0f} ms ({status})")  # fmt: skip
        if r.all_errors:
            print(f"  !! failed requests over the whole run (warm-up and drain included): {dict(r.all_errors)}")
        stale = r.all_errors.get("409", 0)
        if stale:
            print(f"  !! {stale} save(s) refused as stale (409): a save the client based on was lost")
        check = checks[r.name]
        saves = sum(p.ok for p in r.parties.values())
        if check.lost:
            print(f"  !! LOST: {len(check.lost)} parties' saves are not stored as answered, e.g.: "
                  + "; ".join(check.lost[:5]))  # fmt: skip
        else:
            print(f"  database check: all {saves} saves answered 200 are stored (per party: count and content)")
        if check.unsure:
            unanswered = sum(p.unknown for p in r.parties.values())
            print(f"  !! {unanswered} requests got no answer (timeout): stored or not, the database is consistent with "
                  f"either, e.g. {'; '.join(check.unsure[:3])}")  # fmt: skip
    real, bare = results
    ratio = real.throughput / bare.throughput if bare.throughput else float("nan")
    lost = any(c.lost for c in checks.values()) or any("409" in r.all_errors for r in results)
    failed = sum(sum(r.all_errors.values()) for r in results)
    met = ratio >= 0.5 and not lost and not failed
    print()
    print(f"real / bare throughput: {ratio:.2f} (goal >= 0.50); saves lost: {'YES' if lost else 'none'}; "
          f"failed requests: {failed or 'none'}")  # fmt: skip
    print(f"goal {'MET' if met else 'NOT MET'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.autosave", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL server (a new database is made "
                        "on it and dropped) or any sqlite URL (a new temporary file is used)")  # fmt: skip
    parser.add_argument("--parties", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per target")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds per target, first")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers per app")
    args = parser.parse_args(argv)
    if not (0 < args.seconds <= 600 and 0 <= args.warmup <= 60 and 1 <= args.workers <= 16):
        parser.error("--seconds must be in (0, 600], --warmup in [0, 60], --workers in [1, 16]")
    parties = first_parties(args.parties)

    from app.compiler import compile_text
    from bench.generate import full_answers

    survey = compile_text(SHIPPED.read_bytes(), SHIPPED.name).survey
    assert survey is not None
    answers = full_answers(survey)
    answers.update(domestic_share=60, international_share=30, private_share=10)  # its cross-question rule

    with own_database(args.database_url) as url:
        use_database(url)
        print(f"database: {make_url(url).render_as_string(hide_password=True)} (created for this run)", flush=True)
        started = time.monotonic()
        tokens = prepare(parties)
        print(f"prepared in {time.monotonic() - started:.1f} s: survey published, cycle {CYCLE} open, "
              f"{len(tokens)} focal points", flush=True)  # fmt: skip
        engine = create_engine(url)  # for the checks; the servers have their own
        database = describe_database(engine)
        name = make_url(url).database or ""
        targets: list[tuple[str, str, Callable[[str], str], bool]] = [
            ("real  PUT .../responses/{p}", "app.main:app", lambda p: f"/api/v1/surveys/{SURVEY}/responses/{p}", True),
            ("bare  PUT /bare/{p}", "bench.bare_app:app", lambda p: f"/bare/{p}", False),
        ]  # fmt: skip
        results: list[RunResult] = []
        servers: list[Server] = []
        try:
            # One app at a time: an idle app would still hold its pooled connections (10 per worker),
            # and PostgreSQL's max_connections (100 here) is shared with whatever else runs.
            for label, app, path, uses_revisions in targets:
                server = Server(app, url, args.workers)
                servers.append(server)
                server.start()
                server.wait_ready()
                print(f"loading {label}: {args.warmup:g} s warm-up, then {args.seconds:g} s measured ...", flush=True)

                def sample(server: Server = server) -> CpuSample:
                    return cpu_sample(server, pg_state(engine, name))

                time.sleep(SETTLE_SECONDS)  # /healthz answered, but the other workers may still be starting
                background = busy_cores(1.0)
                result = asyncio.run(
                    run_load(
                        label,
                        server,
                        path,
                        tokens,
                        answers,
                        warmup=args.warmup,
                        seconds=args.seconds,
                        sample=sample,
                        uses_revisions=uses_revisions,
                    )
                )
                result.background = background
                results.append(result)
                if any(not status.startswith("4") for status in result.all_errors):
                    print(f"--- {app} answered 5xx or failed; exceptions in its log:\n{server.errors()}\n---")
                server.stop()
            checks = {
                results[0].name: check_real(engine, results[0]),
                results[1].name: check_bare(engine, results[1]),
            }
        finally:
            for server in servers:
                server.stop()
            engine.dispose()
            from app.core.db import get_engine

            get_engine().dispose()

    body = len(json.dumps({"answers": answers}, ensure_ascii=False).encode())
    header = [
        f"autosave benchmark, {dt.datetime.now().isoformat(timespec='seconds')}",
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}, "
        f"Python {platform.python_version()}",
        f"database: {database}",
        f"{len(parties)} parties, one client each (closed loop, one request in flight), {args.workers} uvicorn "
        f"workers per app, {args.warmup:g} s warm-up + {args.seconds:g} s measured per target, body ~{body:,} bytes",
        "the servers, the database and this load generator share the machine's cores: see 'cores used' below",
    ]
    return 0 if report(results, checks, header) else 1


if __name__ == "__main__":
    sys.exit(main())
