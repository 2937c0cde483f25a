"""Untrusted YAML is read safely: no objects, bounded size and alias expansion, no silent overwrites."""

from __future__ import annotations

import pytest

from app.compiler.reader import read_text


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
        prev = name
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_an_error_not_an_out_of_memory_kill() -> None:
    doc, errors = read_text(billion_laughs(), "lol.yaml")
    assert doc is None
    assert [e.code for e in errors] == ["E104"]
    assert "billion laughs" in errors[0].message


def test_a_few_aliases_are_fine() -> None:
    doc, errors = read_text("a: &x [1, 2]\nb: *x\n")
    assert errors == [] and doc is not None
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_duplicate_keys_are_refused_with_both_lines() -> None:
    doc, errors = read_text("id: a\ntitle: T\nid: b\n", "dup.yaml")
    assert [(e.code, e.location.line) for e in errors] == [("E102", 3)]
    assert "first defined at line 1" in errors[0].message
    assert doc is not None and doc.data["id"] == "a"  # nothing silently replaced


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: !!python/object/apply:os.system ['echo hi']\n", id="python-apply"),
        pytest.param("a: !!python/name:os.system\n", id="python-name"),
        pytest.param("a: !custom 1\n", id="custom-tag"),
        pytest.param("a: &x [*x]\n", id="recursive-alias"),
        pytest.param("base: &b {k: 1}\nc:\n  <<: *b\n", id="merge-key"),
        pytest.param("a: 1\n---\nb: 2\n", id="two-documents"),
    ],
)
def test_unsafe_or_unsupported_yaml_is_refused(text: str) -> None:
    doc, errors = read_text(text)
    assert doc is None
    assert errors and errors[0].code == "E105"


def test_size_limit() -> None:
    doc, errors = read_text("a: " + "x" * 200 + "\n", max_bytes=100)
    assert doc is None and errors[0].code == "E103"


def test_not_utf8() -> None:
    doc, errors = read_text(b"a: \xff\xfe\n")
    assert doc is None and errors[0].code == "E106"


def test_yaml_1_2_scalars_keep_codes_as_strings() -> None:
    doc, _ = read_text("codes: [yes, no, on, off, y, n]\nflags: [true, false]\nnums: [1, 2.5, 0x10]\nnothing: null\n")
    assert doc is not None
    assert doc.data == {
        "codes": ["yes", "no", "on", "off", "y", "n"],
        "flags": [True, False],
        "nums": [1, 2.5, 16],
        "nothing": None,
    }


def test_every_value_and_key_has_its_position() -> None:
    doc, _ = read_text("sections:\n  - id: s\n    title: T\n")
    assert doc is not None
    assert doc.values[("sections", 0, "title")] == (3, 12)
    assert doc.keys[("sections", 0, "title")] == (3, 5)
    assert doc.locate(("sections", 0, "nope", 3)).line == 2  # nearest located ancestor
