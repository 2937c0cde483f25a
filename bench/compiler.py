"""Compiler and validator speed. Run by hand: `.venv/bin/python -m bench.compiler`.

Goals (issue 2): the shipped survey compiles in under 50 ms; a full answers document validates in
under 1 ms; a generated definition of about 1.6 MB compiles in under 2 s.
"""

from __future__ import annotations

from app.compiler import compile_text, validate
from bench.generate import full_answers, large_definition
from bench.timing import timed
from tests.conftest import ROOT


def main() -> None:
    shipped = (ROOT / "survey_definitions" / "technology-needs.yaml").read_bytes()
    result = compile_text(shipped, "technology-needs.yaml")
    survey = result.survey
    assert survey is not None
    print(f"shipped survey: {len(shipped):,} bytes, {len(survey.questions)} questions")
    t = timed(lambda: compile_text(shipped, "technology-needs.yaml"), 30)
    print(f"  compile                 median {t.median:8.2f} ms   best {t.best:8.2f} ms   (goal < 50 ms)")

    answers = full_answers(survey)
    answers.update(domestic_share=60, international_share=30, private_share=10)  # its cross-question rule
    assert validate(survey, answers, "submit").errors == [], validate(survey, answers, "submit").errors
    for mode in ("draft", "submit"):
        t = timed(lambda mode=mode: validate(survey, answers, mode), 500)  # type: ignore[misc]
        print(f"  validate full ({mode:6}) median {t.median:8.3f} ms   best {t.best:8.3f} ms   (goal < 1 ms)")

    large = large_definition().encode()
    large_result = compile_text(large, "large.yaml")
    assert large_result.ok, [d.format_line() for d in large_result.errors[:5]]
    count = len(large_result.survey.questions) if large_result.survey else 0
    print(f"generated definition: {len(large) / 1e6:.2f} MB, {count} questions")
    t = timed(lambda: compile_text(large, "large.yaml"), 5)
    print(f"  compile                 median {t.median:8.1f} ms   best {t.best:8.1f} ms   (goal < 2000 ms)")


if __name__ == "__main__":
    main()
