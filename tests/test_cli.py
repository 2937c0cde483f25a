"""The `tns` command line: lint output editors understand, exit codes, JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from app.cli.main import cli
from tests.conftest import ROOT

runner = CliRunner()

BROKEN = (
    "id: t\ntitle: T\nsections:\n  - id: s\n    title: S\n    questions:\n      - {id: q, type: integr, title: Q}\n"
)
GOOD = "id: t\ntitle: T\nsections:\n  - id: s\n    title: S\n    questions:\n      - {id: q, type: integer, title: Q}\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lint_prints_file_line_col_code_and_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", BROKEN)
    result = runner.invoke(cli, ["lint", str(path)])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{path}:7:23: E204 unknown question type 'integr'; did you mean 'integer'?")


def test_lint_exits_0_without_errors(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["lint", str(write(tmp_path, "good.yaml", GOOD))])
    assert result.exit_code == 0, result.output


def test_lint_json(tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", BROKEN)
    write(tmp_path, "good.yml", GOOD)
    result = runner.invoke(cli, ["lint", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    report = {Path(r["file"]).name: r for r in json.loads(result.stdout)}
    assert report["good.yml"]["ok"] is True
    (d,) = report["broken.yaml"]["diagnostics"]
    assert (d["code"], d["name"], d["line"], d["column"]) == ("E204", "unknown-question-type", 7, 23)
    assert d["path"] == "sections[0].questions[0].type"


def test_lint_defaults_to_the_shipped_definitions() -> None:
    result = runner.invoke(cli, ["lint"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ""  # no errors and no warnings: every text in six languages


def test_lint_missing_file() -> None:
    result = runner.invoke(cli, ["lint", "/nonexistent/survey.yaml"])
    assert result.exit_code == 1
    assert "E106" in result.stdout


def test_schema_definition_validates_the_shipped_survey() -> None:
    result = runner.invoke(cli, ["schema", "definition"])
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    from app.compiler.reader import read_file

    doc, _ = read_file(str(ROOT / "survey_definitions" / "technology-needs.yaml"))
    assert doc is not None
    jsonschema.validate(doc.data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc.data, "colour": "red"}, schema)


def test_schema_file_for_editors_is_current() -> None:
    """docs/survey-definition.schema.json is what the yaml-language-server modeline points at."""
    result = runner.invoke(cli, ["schema", "definition"])
    committed = json.loads((ROOT / "docs" / "survey-definition.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(result.stdout), "run: tns schema definition > docs/survey-definition.schema.json"


def test_schema_response_of_a_file(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["schema", "response", str(write(tmp_path, "good.yaml", GOOD))])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.validate({"q": 3}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"q": "three"}, schema)


def test_schema_response_of_a_broken_file(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["schema", "response", str(write(tmp_path, "broken.yaml", BROKEN))])
    assert result.exit_code == 1
