"""A server killed hard (SIGKILL: no shutdown handlers, no flushing) and started again on the same
database loses nothing a client was told was stored, and forgets no promise it made.

Everything that matters lives in the database and every answer is sent only after its commit, so
a focal point in the middle of their work sees, after the restart, the same draft at the same
revision, stays signed in, and meets the same rules: stale saves refused, failed submissions
changing nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.api.deps import SESSION_COOKIE
from app.core.db import session_scope
from app.users import service as users
from app.users.models import Role
from tests.factory import SMALL, Person, person, publish
from tests.servers import Server, serve

pytestmark = pytest.mark.db

URL = "/api/v1/surveys/small/responses/KEN"
TIMEOUT = 30.0


@pytest.fixture
def fp(db: str) -> Person:
    publish(SMALL)
    return person(Role.focal_point, "KEN")


@pytest.fixture
def server(db: str) -> Iterator[Server]:
    with serve(db) as s:
        yield s


def invitation(who: Person) -> str:
    with session_scope() as session:
        return users.invite(session, users.get_user(session, who.email), None)


def test_a_hard_kill_in_the_middle_of_a_session_loses_nothing(server: Server, fp: Person) -> None:
    """The focal point signs in through their invitation link (a browser, keeping its cookie) and
    saves an incomplete draft twice through the API; the server is killed with SIGKILL and started
    again on the same port and database. The draft and its revision are unchanged, the session
    cookie still signs the browser in, a save based on the old revision is still refused, and a
    submission of the incomplete draft is refused with 422 and changes nothing."""
    browser = httpx.Client(base_url=server.url, follow_redirects=False, timeout=TIMEOUT)
    api = httpx.Client(base_url=server.url, headers=fp.auth, timeout=TIMEOUT)
    with browser, api:
        signed_in = browser.get(f"/invitations/{invitation(fp)}")
        assert signed_in.status_code == 303, signed_in.text
        assert browser.cookies.get(SESSION_COOKIE)
        assert browser.get("/api/v1/me").json()["email"] == fp.email

        assert api.put(URL, json={"answers": {"count": 1}}).status_code == 200
        saved = api.put(URL, json={"answers": {"count": 2, "sectors": ["asgm"]}}, headers={"If-Match": "1"})
        assert saved.status_code == 200 and saved.json()["revision"] == 2
        before = api.get(URL).json()

        server.stop(kill=True)
        with pytest.raises(httpx.TransportError):
            api.get(URL)  # really gone
        server.start()

        after = api.get(URL).json()
        assert after == before
        assert (after["status"], after["revision"], after["answers"]) == ("draft", 2, {"count": 2, "sectors": ["asgm"]})
        assert [r["number"] for r in api.get(URL + "/revisions").json()] == [1, 2]

        me = browser.get("/api/v1/me")
        assert me.status_code == 200 and me.json()["email"] == fp.email

        stale = api.put(URL, json={"answers": {"count": 3}}, headers={"If-Match": "1"})
        assert stale.status_code == 409, stale.text
        assert (stale.json()["current_revision"], stale.json()["errors"][0]["code"]) == (2, "stale_revision")

        failed = api.post(URL + "/submit")
        assert failed.status_code == 422, failed.text
        assert [(e["loc"], e["code"]) for e in failed.json()["errors"]] == [(["name"], "required")]
        assert api.get(URL).json() == before
        assert [r["number"] for r in api.get(URL + "/revisions").json()] == [1, 2]


def test_a_save_cut_short_by_a_hard_kill_is_stored_whole_or_not_at_all(server: Server, fp: Person) -> None:
    """A save in flight when the process dies is either stored whole (the response, its revision
    and its history agree) or not at all; a save the client was told succeeded is always there.
    The kill lands at a different moment each round, from before the request to about when the
    answer comes (the rounds spread over the time one save takes here)."""
    with httpx.Client(base_url=server.url, headers=fp.auth, timeout=TIMEOUT) as api:
        assert api.put(URL, json={"answers": {"count": 0}}).status_code == 200
        began = time.monotonic()
        assert api.put(URL, json={"answers": {"count": 0}}, headers={"If-Match": "1"}).status_code == 200
        one_save = time.monotonic() - began
        for n, fraction in enumerate([0.0, 0.25, 0.5, 0.75, 1.0], start=1):
            before = api.get(URL).json()
            answers = {"count": n}
            with ThreadPoolExecutor(1) as pool:
                pending = pool.submit(
                    api.put, URL, json={"answers": answers}, headers={"If-Match": str(before["revision"])}
                )
                time.sleep(one_save * fraction)
                server.stop(kill=True)
                try:
                    told: int | None = pending.result(timeout=TIMEOUT).status_code
                except httpx.TransportError:
                    told = None  # cut off: the client does not know
            server.start()

            after = api.get(URL).json()
            stored_it = after["revision"] == before["revision"] + 1
            assert after["answers"] == (answers if stored_it else before["answers"])
            assert stored_it or after["revision"] == before["revision"]
            assert told != 200 or stored_it, "told it was stored, but it is not"
            history = api.get(URL + "/revisions").json()
            assert [r["number"] for r in history] == list(range(1, after["revision"] + 1))
            assert api.get(f"{URL}/revisions/{after['revision']}").json()["answers"] == after["answers"]
