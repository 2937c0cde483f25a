"""Server render time of the form pages. Run by hand: `.venv/bin/python -m bench.render`.

Goal (issue 4): the largest section of the shipped survey renders in under 30 ms at p50. Measured
as a whole request through the app (session lookup, database read, view model, templates) with
the TestClient on a temporary SQLite database, every sector selected: an upper bound of the render.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("TNS_ENV", "test")
os.environ["TNS_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

from fastapi.testclient import TestClient

from app.cli.db import upgrade_database
from app.compiler import compile_file
from app.core.db import session_scope
from app.main import create_app
from app.users import service as users
from app.users.models import Role
from bench.generate import full_answers
from bench.timing import timed
from tests.conftest import SHIPPED
from tests.factory import publish


def main() -> None:
    survey = compile_file(SHIPPED).survey
    assert survey is not None
    answers = full_answers(survey)
    answers["priority_sectors"] = list(survey.loop_codes(survey.questions["sector_needs"]))
    answers.update(domestic_share=60, international_share=30, private_share=10)

    upgrade_database()
    publish()
    with session_scope() as session:
        new = users.add_user(session, "fp@example.org", Role.focal_point, party="KEN")
        invitation = users.invite(session, new.user, None)
    client = TestClient(create_app())
    client.get(f"/invitations/{invitation}", follow_redirects=False)
    client.put(
        "/api/v1/surveys/technology-needs/responses/KEN",
        json={"answers": answers},
        headers={"Authorization": f"Bearer {new.token}"},
    ).raise_for_status()
    print("whole request through the app (TestClient, SQLite), every sector selected:")
    for section in survey.sections:
        path = f"/forms/technology-needs/KEN/s/{section.id}"
        size = len(client.get(path).content)
        t = timed(lambda p=path: client.get(p), 30)  # type: ignore[misc]
        print(f"  {section.id:22} p50 {t.median:6.2f} ms  p95 {t.p95:6.2f} ms  {size / 1000:6.1f} kB")
    for path in ("/forms/technology-needs/KEN/review", "/forms/technology-needs/KEN/print"):
        t = timed(lambda p=path: client.get(p), 20)  # type: ignore[misc]
        print(f"  {path.rsplit('/', 1)[1]:22} p50 {t.median:6.2f} ms  p95 {t.p95:6.2f} ms")
    assets = sum(len(client.get(f"/static/{a}").content) for a in ("app.css", "app.js"))
    print(f"static assets: {assets / 1000:.1f} kB (app.css + app.js)")


if __name__ == "__main__":
    main()
