"""`tns demo seed` and `tns export`: synthetic responses that the real validator accepts, as the
lifecycle would have stored them, then exported from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlmodel import col, func, select
from typer.testing import CliRunner

from app.cli.main import cli
from app.compiler import validate
from app.core.db import session_scope
from app.responses.models import Respondent, Response, Revision
from app.results.facts import facts_of
from app.results.models import AnswerFact
from app.surveys.service import compiled_by_id
from tests.factory import publish

pytestmark = pytest.mark.db
runner = CliRunner()


def test_seeded_responses_are_valid_submissions_with_their_facts(db: str) -> None:
    publish()
    result = runner.invoke(cli, ["demo", "seed", "--responses", "40", "--pool", "15"])
    assert result.exit_code == 0, result.output
    assert "seeded 40 submitted responses" in result.stdout
    with session_scope() as session:
        stored = session.exec(select(Response)).all()
        assert len(stored) == 40 and {r.status.value for r in stored} <= {"submitted", "accepted"}
        assert len({r.party for r in stored}) == 40  # one per party
        survey = compiled_by_id(session, stored[0].version_id)[1]
        for response in stored[:10]:
            check = validate(survey, response.answers, "submit")
            assert check.errors == [] and check.record == response.record
            facts = session.exec(select(func.count()).where(col(AnswerFact.response_id) == response.id)).one()
            assert facts == len(facts_of(survey, check.record)[0])
        assert session.exec(select(func.count()).select_from(Revision)).one() == 40


def test_beyond_the_parties_a_stakeholder_survey_takes_the_responses(db: str) -> None:
    publish()
    result = runner.invoke(cli, ["demo", "seed", "-n", "260", "--pool", "10"])
    assert result.exit_code == 0, result.output
    assert "in technology-needs-stakeholders cycle 2026" in result.stdout
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(Respondent)).one() >= 260
        subjects = session.exec(select(Response.subject)).all()
        assert len(subjects) == 260 and all(s.startswith("S") for s in subjects)


def test_export_from_the_command_line(db: str, tmp_path: Path) -> None:
    publish()
    runner.invoke(cli, ["demo", "seed", "-n", "12", "--pool", "5"])
    out = tmp_path / "wide.csv"
    result = runner.invoke(cli, ["export", "technology-needs", "--out", str(out), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert len(rows) == 12 and "priority_sectors.label" in rows[0]
    missing = runner.invoke(cli, ["export", "technology-needs", "--cycle", "1999"])
    assert missing.exit_code == 1 and "1999" in missing.stderr
    bad = runner.invoke(cli, ["export", "technology-needs", "--status", "lost"])
    assert bad.exit_code == 1 and "status is one of" in bad.stderr
