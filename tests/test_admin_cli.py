"""The administration commands: users, survey publish, cycle open, parties import and export."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.main import cli
from app.core.db import session_scope
from app.users.service import user_for_token
from tests.conftest import SHIPPED

pytestmark = pytest.mark.db
runner = CliRunner()


def test_users_add_prints_the_token_alone_on_the_last_line(db: str) -> None:
    result = runner.invoke(cli, ["users", "add", "fp@example.org", "--role", "focal_point", "--party", "KEN"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    with session_scope() as session:
        assert user_for_token(session, token).email == "fp@example.org"
    invite = runner.invoke(cli, ["users", "invite", "fp@example.org"])
    assert "/invitations/" in invite.stdout


def test_users_add_errors_are_clear(db: str) -> None:
    result = runner.invoke(cli, ["users", "add", "fp@example.org", "--role", "focal_point", "--party", "XXX"])
    assert result.exit_code == 1 and "no country or party 'XXX'" in result.stderr


def test_publish_and_open_a_cycle(db: str, tmp_path: Path) -> None:
    first = runner.invoke(cli, ["survey", "publish", str(SHIPPED)])
    assert first.exit_code == 0 and "(published)" in first.stdout
    again = runner.invoke(cli, ["survey", "publish", str(SHIPPED)])
    assert "already published, unchanged" in again.stdout
    opened = runner.invoke(cli, ["cycle", "open", "technology-needs", "2026", "--closes", "2026-12-31"])
    assert opened.exit_code == 0 and "open from now to 2026-12-31" in opened.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: [\n")
    failed = runner.invoke(cli, ["survey", "publish", str(broken)])
    assert failed.exit_code == 1 and "E101" in failed.stderr


def test_parties_import_and_export(db: str, tmp_path: Path) -> None:
    rows = tmp_path / "parties.yaml"
    rows.write_text("- {iso3: KEN, is_party: true, development_status: developing}\n")
    assert runner.invoke(cli, ["parties", "import", str(rows)]).stdout.strip() == "1 countries changed"
    exported = runner.invoke(cli, ["parties", "export"]).stdout.splitlines()
    assert "KEN,Kenya,True,developing" in exported and len(exported) == 195
    bad = tmp_path / "bad.csv"
    bad.write_text("iso3,is_party\nKEN,perhaps\n")
    result = runner.invoke(cli, ["parties", "import", str(bad)])
    assert result.exit_code == 1 and "row 1" in result.stderr
