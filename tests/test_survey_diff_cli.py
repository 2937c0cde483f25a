"""`tns survey diff`: the report people read, JSON for machines, and exit codes CI can gate on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.main import cli
from tests.conftest import ROOT

runner = CliRunner()
EXAMPLE = "docs/examples/changing-a-survey"
V1, V2 = f"{EXAMPLE}/v1.yaml", f"{EXAMPLE}/v2.yaml"
GOOD = "id: t\ntitle: T\nsections:\n  - id: s\n    title: S\n    questions:\n      - {id: q, type: integer, title: Q}\n"


@pytest.fixture(autouse=True)
def in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the example paths are relative, as in the docs


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_worked_example_in_the_docs_is_the_real_output() -> None:
    result = runner.invoke(cli, ["survey", "diff", V1, V2])
    assert result.exit_code == 1, result.output  # breaking changes
    docs = (ROOT / "docs" / "definitions.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- diff-output: (\S+) (\S+) -->\n```text\n\$ tns survey diff \S+ \S+\n(.*?)```", docs, re.S)
    assert block is not None and block.group(1, 2) == (V1, V2)
    assert block.group(3) == result.stdout, "update docs/definitions.md section 14.4 with this output"


def test_text_lines_say_id_class_safety_and_what() -> None:
    lines = runner.invoke(cli, ["survey", "diff", V1, V2]).stdout.splitlines()
    assert lines[0].endswith(": 12 change(s), 3 breaking")
    assert "section about" in lines
    row = next(line for line in lines if "options_removed" in line)
    assert row.split() == ["sectors", "options_removed", "breaking", "options", "removed:", "products"]


def test_json_for_machines() -> None:
    result = runner.invoke(cli, ["survey", "diff", V1, V2, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"] == {"changes": 12, "breaking": 3}
    assert (report["old"]["file"], report["new"]["survey"]) == (V1, "needs-example")
    assert len(report["old"]["sha256"]) == 64
    renamed = report["changes"][0]
    assert (renamed["kind"], renamed["old_id"], renamed["new_id"], renamed["safe"]) == (
        "renamed",
        "contact_email",
        "focal_point_email",
        True,
    )
    assert report["matched"]["contact_email"] == "focal_point_email"


def test_no_change_exits_0() -> None:
    result = runner.invoke(cli, ["survey", "diff", V1, V1])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{V1} -> {V1}: 0 change(s), 0 breaking"


def test_safe_changes_only_exit_0(tmp_path: Path) -> None:
    new = GOOD.replace("title: Q}", "title: How many?, required: true}")
    result = runner.invoke(cli, ["survey", "diff", write(tmp_path, "a.yaml", GOOD), write(tmp_path, "b.yaml", new)])
    assert result.exit_code == 0, result.output
    assert "required_added" in result.stdout and "text_changed" in result.stdout


def test_a_definition_that_does_not_compile_exits_2_with_its_diagnostics(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.yaml", GOOD.replace("integer", "integr"))
    result = runner.invoke(cli, ["survey", "diff", V1, broken])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{broken}:7:23: E204 unknown question type 'integr'" in result.stderr


def test_a_missing_file_exits_2() -> None:
    result = runner.invoke(cli, ["survey", "diff", V1, "/nonexistent/v2.yaml"])
    assert result.exit_code == 2
    assert "E106" in result.stderr


@pytest.mark.db
def test_published_versions_from_the_database(db: str) -> None:
    assert runner.invoke(cli, ["survey", "publish", V1]).exit_code == 0
    latest = runner.invoke(cli, ["survey", "diff", "needs-example@latest", V2, "--format", "json"])
    assert latest.exit_code == 1, latest.output
    report = json.loads(latest.stdout)
    assert report["summary"] == {"changes": 12, "breaking": 3}
    sha = report["old"]["sha256"]
    by_sha = runner.invoke(cli, ["survey", "diff", f"needs-example@{sha[:12]}", V1])
    assert by_sha.exit_code == 0 and by_sha.stdout.endswith(": 0 change(s), 0 breaking\n")
    missing = runner.invoke(cli, ["survey", "diff", "needs-example@deadbeef00", V2])
    assert missing.exit_code == 2 and "has no version 'deadbeef00'" in missing.stderr
