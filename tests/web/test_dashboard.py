"""The secretariat's results page: who may open it, a chart per question, escaping, `by` and filters."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.users.models import Role
from tests.factory import person, publish
from tests.shipped_answers import answers
from tests.web.conftest import sign_in

pytestmark = pytest.mark.db

HOSTILE = textwrap.dedent(
    """\
    id: hostile
    title: "Survey <b>bold</b>"
    sections:
      - id: s
        title: "Section </h2><script>alert(1)</script>"
        questions:
          - {id: name, type: text, title: Name}
          - {id: count, type: integer, title: Count, min: 0}
          - id: sectors
            type: multiple_choice
            title: Sectors
            options:
              - {code: asgm, label: "ASGM </text><script>alert(2)</script>"}
              - {code: waste, label: "Waste & \\"more\\""}
    """
).encode()
PAGE = "/results/hostile"


def respond(client: TestClient, party: str, answers: dict[str, Any], survey: str = "hostile") -> None:
    fp = person(Role.focal_point, party)
    url = f"/api/v1/surveys/{survey}/responses/{party}"
    assert client.put(url, json={"answers": answers}, headers=fp.auth).status_code == 200
    assert client.post(url + "/submit", headers=fp.auth).status_code == 200


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    publish(HOSTILE)
    with TestClient(create_app()) as c:
        respond(c, "KEN", {"name": "<script>alert(3)</script>", "count": 4, "sectors": ["asgm"]})
        respond(c, "UGA", {"name": "Uganda", "count": 6, "sectors": ["asgm", "waste"]})
        respond(c, "FRA", {"name": "France", "count": 10, "sectors": ["waste"]})
        yield c


@pytest.mark.parametrize(
    ("role", "party", "status"),
    [
        pytest.param(Role.secretariat, None, 200, id="secretariat"),
        pytest.param(Role.admin, None, 200, id="admin"),
        pytest.param(Role.focal_point, "KEN", 403, id="focal-point"),
    ],
)
def test_only_the_secretariat_and_administrators_see_the_results(
    client: TestClient, role: Role, party: str | None, status: int
) -> None:
    sign_in(client, person(role, party))
    assert client.get(PAGE).status_code == status
    home = client.get("/").text
    assert (f'href="{PAGE}"' in home) is (status == 200)  # linked from the start page


def test_anyone_signed_out_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get(PAGE, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")


def bars(page: str, qid: str) -> dict[str, str]:
    """The values written beside the bars of a question's chart, by option (as its <desc> says them)."""
    figure = page.split(f'id="q-{qid}"', 1)[1].split('<div class="figure"', 1)[0]
    desc = re.search(r"<desc[^>]*>([^<]*)</desc>", figure)
    assert desc, figure
    return dict(item.split(": ", 1) for item in html.unescape(desc.group(1)).split("; "))


def test_a_chart_per_question_and_hostile_labels_are_escaped(client: TestClient) -> None:
    sign_in(client, person(Role.secretariat))
    page = client.get(PAGE).text
    for qid in ("name", "count", "sectors"):
        assert f'id="q-{qid}"' in page
    assert "<script>alert" not in page and "</text><script>" not in page
    assert "ASGM &lt;/text&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "Section &lt;/h2&gt;" in page and "Survey &lt;b&gt;" in page
    assert page.count("<svg") == page.count("</svg>") >= 3  # coverage, sectors, count
    assert "n = 3 parties to which the question applied" in page
    assert "3 answers in words" in page
    assert " style=" not in page and "<script>" not in page
    assert len(page.encode()) < 100_000


def test_the_form_groups_and_filters_the_numbers(client: TestClient) -> None:
    sign_in(client, person(Role.secretariat))
    asgm = "ASGM </text><script>alert(2)</script>"
    waste = 'Waste & "more"'
    plain = bars(client.get(PAGE).text, "sectors")
    assert plain == {asgm: "67% (2)", waste: "67% (2)"}
    grouped = bars(client.get(PAGE, params={"by": "un_group"}).text, "sectors")
    assert grouped[asgm] == "African States 100% (2), Western European and other States 0% (0)"
    assert grouped[waste] == "African States 50% (1), Western European and other States 100% (1)"
    only = client.get(PAGE, params={"un_group": "weog"}).text
    assert bars(only, "sectors") == {asgm: "0% (0)", waste: "100% (1)"}
    assert "n = 1 parties to which the question applied" in only
    drafts = client.get(PAGE, params={"status": "draft"}).text
    assert 'id="q-sectors"' in drafts and "No answers with these filters." in drafts
    # The links give the same numbers from the API, with the same filters.
    assert (
        'href="/api/v1/surveys/hostile/aggregates/sectors?status=submitted&amp;status=accepted&amp;un_group=weog'
        in only
    )


def test_the_shipped_survey_in_arabic(client: TestClient) -> None:
    publish()
    for i, party in enumerate(("KEN", "FRA", "BRA")):
        respond(client, party, answers(i), "technology-needs")
    sign_in(client, person(Role.secretariat))
    for by in ("", "development_status", "un_group", "ldc"):
        page = client.get("/results/technology-needs", params={"lang": "ar", "by": by})
        assert page.status_code == 200
        assert 'lang="ar" dir="rtl"' in page.text and 'direction="rtl"' in page.text
        # Lean SVG: about 100 kB without groups; grouped bars (one per group and option) weigh more.
        assert len(page.content) < (120_000 if not by else 300_000), (by, len(page.content))
