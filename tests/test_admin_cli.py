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


def test_publish_prints_the_diff_refuses_unmapped_breaking_changes_and_dry_runs(db: str, tmp_path: Path) -> None:
    from app.core.db import session_scope as scope
    from app.responses import service as responses
    from app.responses.target import resolve_target
    from app.surveys import service as surveys
    from app.users import service as users
    from app.users.models import Role
    from tests.conftest import ROOT

    example = ROOT / "docs" / "examples" / "changing-a-survey"
    assert runner.invoke(cli, ["survey", "publish", str(example / "v1.yaml")]).exit_code == 0
    assert runner.invoke(cli, ["cycle", "open", "needs-example", "2026"]).exit_code == 0
    with scope() as session:
        fp = users.add_user(session, "fp.cli@example.org", Role.focal_point, party="KEN").user
        target = resolve_target(session, surveys.get_cycle(session, "needs-example", "2026"), "KEN")
        responses.save_draft(session, target, {"comments": "keep me", "sectors": ["products"]}, None, fp)
    unmapped = tmp_path / "v2.yaml"
    unmapped.write_text((example / "v2.yaml").read_text(encoding="utf-8").split("# What happens")[0], encoding="utf-8")
    refused = runner.invoke(cli, ["survey", "publish", str(unmapped)])
    assert refused.exit_code == 1 and refused.stderr.count("[E510]") == 2, refused.output
    assert "comments: long_text question removed" in refused.stderr
    dry = runner.invoke(cli, ["survey", "publish", "--dry-run", str(example / "v2.yaml")])
    assert dry.exit_code == 0, dry.output
    assert "(dry run, nothing published)" in dry.stdout and "comments           removed" in dry.stdout
    assert "2026/KEN: revision 2: 0 carried, 0 converted, 2 dropped, 0 not carried" in dry.stdout
    real = runner.invoke(cli, ["survey", "publish", str(example / "v2.yaml")])
    assert "(published)" in real.stdout and "cycles moved to the new version: 2026" in real.stdout
