"""Stage 4, build: the checked parts assembled into a `CompiledSurvey`."""

from __future__ import annotations

from app.compiler import spec
from app.compiler.check import Checked
from app.compiler.model import CompiledSurvey, Section


def build(survey: spec.Survey, checked: Checked) -> CompiledSurvey:
    sections = tuple(
        Section(s.id, s, checked.section_questions[s.id], checked.section_conditions.get(s.id)) for s in survey.sections
    )
    return CompiledSurvey(survey, sections, checked.questions, locations=checked.locations)
