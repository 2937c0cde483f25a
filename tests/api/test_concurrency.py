"""Concurrent saves against real server processes: optimistic concurrency holds under real races.

Two focal points (or two browser tabs) who edited the same revision must never both win: one save
is stored, the other is refused with 409 and the current revision, and nothing the loser sent is
written anywhere. This must hold between threads of one process and between processes sharing
the database, because the check-and-bump is one conditional UPDATE in the database itself; so the
tests race real `uvicorn` processes (tests/servers.py) rather than the one-request-at-a-time
TestClient, and check what the database holds, not only what the API says.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

import httpx
import pytest
from sqlmodel import col, select

from app.core.db import session_scope
from app.responses.models import Response, Revision
from app.users.models import Role
from tests.factory import SMALL, Person, person, publish
from tests.servers import Server, serve

pytestmark = pytest.mark.db

URL = "/api/v1/surveys/small/responses/{party}"
ROUNDS = 20  # races per test: one race proves little, twenty lose-or-win coin tosses do
SAVERS, SAVES_EACH, MAX_ATTEMPTS = 8, 10, 100
TIMEOUT = 30.0  # seconds, for any one request or barrier
T = TypeVar("T")
Answers = dict[str, Any]
Go = Callable[[], object]  # called by a thread when it is ready; returns when every thread is


@pytest.fixture
def fp(db: str) -> Person:
    publish(SMALL)
    return person(Role.focal_point, "KEN")


# The servers hold nothing between requests (all state is in the database, which `db` empties
# after each test), so the tests of this module share them rather than wait for new ones.
@pytest.fixture(scope="module")
def server(migrated: str) -> Iterator[Server]:
    with serve(migrated) as s:
        yield s


@pytest.fixture(scope="module")
def two_servers(migrated: str) -> Iterator[tuple[Server, Server]]:
    """Two separate processes (one worker each) on the same database, as behind a load balancer."""
    with serve(migrated) as a, serve(migrated) as b:
        yield a, b


def client(server: Server, who: Person) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers=who.auth, timeout=TIMEOUT)


def read_revision(c: httpx.Client, party: str = "KEN") -> int:
    response = c.get(URL.format(party=party))
    assert response.status_code == 200, response.text
    return int(response.json()["revision"])


def save(c: httpx.Client, answers: Answers, revision: int | None, party: str = "KEN") -> httpx.Response:
    headers = {} if revision is None else {"If-Match": str(revision)}
    return c.put(URL.format(party=party), json={"answers": answers}, headers=headers)


def together(jobs: Sequence[Callable[[Go], T]]) -> list[T]:
    """Run the jobs in threads; each calls the `go` it is given when it is ready, and all go at once."""
    barrier = threading.Barrier(len(jobs), timeout=TIMEOUT)
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = [pool.submit(job, barrier.wait) for job in jobs]
        return [f.result(timeout=TIMEOUT * 4) for f in futures]


def stored(party: str = "KEN") -> tuple[list[Response], list[tuple[int, Answers]]]:
    """What the database holds for the party: its responses, and every revision (number, answers)."""
    with session_scope() as session:
        responses = list(session.exec(select(Response).where(Response.subject == party)).all())
        revisions = session.exec(
            select(Revision)
            .join(Response, col(Response.id) == col(Revision.response_id))
            .where(Response.subject == party)
            .order_by(col(Revision.number))
        ).all()
        return responses, [(r.number, r.answers) for r in revisions]


def edit(c: httpx.Client, answers: Answers, go: Go) -> tuple[int, httpx.Response]:
    """Read the current revision (which also opens the connection, so the saves leave together),
    wait for the others, then save with the revision read."""
    seen = read_revision(c)
    go()
    return seen, save(c, answers, seen)


def race_saves(pairs: Sequence[tuple[httpx.Client, httpx.Client]]) -> None:
    """Each round both savers read revision N, then save at the same moment with If-Match N.

    Exactly one is stored as N+1; the other is told 409 with current_revision N+1; afterwards the
    response holds the winner's answers and the history is the winners' answers, one per round.
    """
    assert save(pairs[0][0], {"name": "start"}, None).status_code == 200
    winners: list[Answers] = [{"name": "start"}]
    for n, pair in enumerate(pairs, start=1):
        answers = [{"name": f"saver {i}, round {n}", "count": n} for i in range(2)]
        results = together([partial(edit, pair[i], answers[i]) for i in range(2)])
        assert [seen for seen, _ in results] == [n, n]
        codes = [r.status_code for _, r in results]
        assert sorted(codes) == [200, 409], [r.text for _, r in results]
        won = codes.index(200)
        lost = results[1 - won][1].json()
        assert (lost["current_revision"], lost["errors"][0]["code"]) == (n + 1, "stale_revision")
        assert results[won][1].json()["revision"] == n + 1
        winners.append(answers[won])

        (response,), revisions = stored()
        assert (response.revision, response.answers) == (n + 1, answers[won])
        assert revisions == list(enumerate(winners, start=1)), "the loser's answers were written"


def test_two_savers_of_one_revision_on_one_server_one_wins_and_the_other_is_told(server: Server, fp: Person) -> None:
    """Two requests in the same process (the thread pool runs them at once) that both edited
    revision N: the conditional UPDATE lets one through, the other gets 409 and writes nothing."""
    a, b = client(server, fp), client(server, fp)
    with a, b:
        race_saves([(a, b)] * ROUNDS)


def test_two_savers_of_one_revision_on_two_servers_one_wins_and_the_other_is_told(
    two_servers: tuple[Server, Server], fp: Person
) -> None:
    """The same race between two server processes sharing the database: no process-local lock can
    help here, only the database; the savers swap servers every round."""
    first, second = two_servers
    a0, a1, b0, b1 = client(first, fp), client(first, fp), client(second, fp), client(second, fp)
    with a0, a1, b0, b1:
        race_saves([(a0, b1) if n % 2 == 0 else (b0, a1) for n in range(ROUNDS)])


def test_many_savers_retrying_on_conflict_lose_nothing_and_duplicate_nothing(
    two_servers: tuple[Server, Server], fp: Person
) -> None:
    """Eight savers over two processes, each saving ten times: read the current revision, save
    with it, and on 409 read again and retry. Every save that was answered 200 must be exactly
    one revision, under the number the answer gave, and there must be no other revisions: a save
    told "stored" that is not, or stored twice, or stored without being told, is a lost edit."""
    with client(two_servers[0], fp) as c:
        assert save(c, {"name": "start"}, None).status_code == 200
    deadline = time.monotonic() + 60

    def saver(i: int, go: Go) -> tuple[list[tuple[int, Answers]], int]:
        saved: list[tuple[int, Answers]] = []
        conflicts = 0
        with client(two_servers[i % 2], fp) as c:
            read_revision(c)
            go()
            for k in range(SAVES_EACH):
                answers = {"name": f"saver {i}, save {k}", "count": k}
                for _ in range(MAX_ATTEMPTS):
                    assert time.monotonic() < deadline, "the savers took too long"
                    revision = read_revision(c)
                    response = save(c, answers, revision)
                    if response.status_code == 200:
                        saved.append((response.json()["revision"], answers))
                        break
                    assert response.status_code == 409, response.text
                    assert response.json()["current_revision"] > revision, "refused, yet nobody else saved"
                    conflicts += 1
                else:
                    pytest.fail(f"saver {i} could not save {answers} in {MAX_ATTEMPTS} attempts")
        return saved, conflicts

    results = together([partial(saver, i) for i in range(SAVERS)])
    saved = sorted(s for ours, _ in results for s in ours)
    assert len(saved) == SAVERS * SAVES_EACH
    assert [number for number, _ in saved] == list(range(2, SAVERS * SAVES_EACH + 2)), "a revision number twice"
    (response,), revisions = stored()
    assert revisions == [(1, {"name": "start"}), *saved]
    assert (response.revision, response.answers) == saved[-1]
    assert sum(conflicts for _, conflicts in results) > 0, "the savers never raced: the test proves nothing"


PARTIES = ["KEN", "UGA", "TZA", "GHA", "NGA", "SEN", "BRA", "COL", "PER", "IDN"]
REFUSED_FIRST_SAVE = {409: "stale_revision", 428: "revision_required"}


def start(c: httpx.Client, party: str, answers: Answers, if_match: int | None, go: Go) -> httpx.Response:
    """Open the not-started response (revision 0), wait for the others, then save it for the first time."""
    assert read_revision(c, party) == 0
    go()
    return save(c, answers, if_match, party)


@pytest.mark.parametrize("if_match", [None, 0], ids=["no If-Match", "If-Match 0"])
def test_two_concurrent_first_saves_start_one_response(
    two_servers: tuple[Server, Server], db: str, if_match: int | None
) -> None:
    """Two tabs of a party's focal point save the not-yet-started response at once, one through
    each server. One creates it; the other is refused with the current revision 1 and creates
    nothing: never two responses, never a second revision 1.

    How the loser is refused depends on when it looks. Without If-Match (as the API documents a
    first save) it is 409 stale_revision if its INSERT lost to the winner's (PostgreSQL, when both
    requests looked before either committed), but 428 revision_required if the winner had
    committed by the time it looked (always on SQLite, whose writers take turns): either way it is
    told revision 1 and stores nothing. With If-Match 0, the ETag of the not-started response, the
    loser is always 409."""
    publish(SMALL)
    for party in PARTIES:
        fp = person(Role.focal_point, party)
        answers = [{"name": f"tab {i} of {party}"} for i in range(2)]
        with client(two_servers[0], fp) as a, client(two_servers[1], fp) as b:
            results = together([partial(start, c, party, answers[i], if_match) for i, c in enumerate((a, b))])
        codes = [r.status_code for r in results]
        assert 200 in codes, [r.text for r in results]
        won = codes.index(200)
        lost = results[1 - won]
        expected = {409: "stale_revision"} if if_match == 0 else REFUSED_FIRST_SAVE
        assert lost.status_code in expected, lost.text
        assert (lost.json()["errors"][0]["code"], lost.json()["current_revision"]) == (expected[lost.status_code], 1)
        (response,), revisions = stored(party)
        assert (response.revision, response.answers) == (1, answers[won])
        assert revisions == [(1, answers[won])]
