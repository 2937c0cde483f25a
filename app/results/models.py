"""Submitted answers as facts: one row per answer (per option, per loop iteration, per table row),
written when a response is submitted, so that the database does every count, sum and quantile.

`QuestionShown` records that a question applied to a response (a condition did not hide it): it is
the base of every percentage.
"""

from __future__ import annotations

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel


class AnswerFact(SQLModel, table=True):
    __tablename__ = "answer_fact"
    # Covering: an aggregate reads one question's facts from the index alone (an index-only scan on
    # PostgreSQL once vacuumed, a covering index on SQLite), never the table's pages.
    __table_args__ = (
        Index(
            "ix_answer_fact_question",
            "question_id",
            "response_id",
            "loop_code",
            "row_key",
            "option",
            "num",
            "position",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    question_id: str = Field(max_length=64)
    loop_code: str = Field(default="", max_length=64)  # the looped option, '' outside loops
    row_key: str = Field(default="", max_length=64)  # a table row's index or a matrix row's code
    option: str | None = Field(default=None, max_length=64)  # a chosen code (matrix: the column)
    num: float | None = None
    text: str | None = Field(default=None, sa_type=Text)
    position: int | None = None  # a ranking's position, 1 first


class QuestionShown(SQLModel, table=True):
    __tablename__ = "question_shown"
    __table_args__ = (Index("ix_question_shown_question", "question_id", "response_id", "loop_code", "row_key"),)

    response_id: int = Field(foreign_key="response.id", primary_key=True)
    question_id: str = Field(max_length=64, primary_key=True)
    loop_code: str = Field(default="", max_length=64, primary_key=True)
    row_key: str = Field(default="", max_length=64, primary_key=True)  # a table row, for its columns
