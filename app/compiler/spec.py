"""The definition language as pydantic models: what each YAML key means, and its JSON Schema.

These models check shape only (keys, types, ranges of single values). References, expressions and
every rule that spans several places are the checker's job (`checker.py`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
Lang = Literal["en", "fr", "es", "ru", "zh", "ar"]

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
SurveyId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]


def _code_to_str(value: object) -> object:
    # `code: 1` in YAML is an int; option codes are always strings.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


CODE_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"
Code = Annotated[
    str,
    BeforeValidator(_code_to_str),
    Field(pattern=CODE_PATTERN, max_length=64),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": CODE_PATTERN, "maxLength": 64}, {"type": "integer"}]}),
]


def _text(value: object) -> object:
    """One clear error for a text, instead of one per member of the union."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for lang, text in value.items():
            if lang not in LANGUAGES:
                raise PydanticCustomError(
                    "unknown_language",
                    "unknown language '{lang}'; texts may use en, fr, es, ru, zh, ar",
                    {"lang": lang},
                )
            if not isinstance(text, str):
                raise PydanticCustomError("text_type", "the {lang} text must be a string", {"lang": lang})
        return value
    raise PydanticCustomError("text_type", "expected a text, or a map of language codes to texts", {})


# A human-readable text: a plain string in the default language, or a map of language to string.
Text = Annotated[str | dict[Lang, str], PlainValidator(_text, json_schema_input_type=str | dict[Lang, str])]
# A condition in the expression language (see docs/definitions.md).
Expr = Annotated[str, Field(min_length=1, max_length=2000)]


def _required(value: object) -> object:
    if isinstance(value, bool) or (isinstance(value, str) and value.strip()):
        return value
    raise PydanticCustomError("required_type", "'required' is true, false, or a condition", {})


Required = Annotated[bool | str, PlainValidator(_required, json_schema_input_type=bool | str)]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _one_or_list(value: object) -> object:
    # `renamed_from: old` and `renamed_from: [old, older]` mean the same thing: a list of earlier names.
    return [value] if isinstance(value, str | int) and not isinstance(value, bool) else value


def _renames_schema(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item}]}


# The ids a question had in earlier versions (one id, or a list when it was renamed more than once).
QuestionRenames = Annotated[
    list[Id],
    BeforeValidator(_one_or_list),
    WithJsonSchema(_renames_schema({"type": "string", "pattern": ID_PATTERN, "maxLength": 64})),
]
# The codes an option had in earlier versions.
OptionRenames = Annotated[
    list[Code],
    BeforeValidator(_one_or_list),
    WithJsonSchema(
        _renames_schema({"anyOf": [{"type": "string", "pattern": CODE_PATTERN, "maxLength": 64}, {"type": "integer"}]})
    ),
]


class Option(Spec):
    code: Code
    label: Text
    hint: Text | None = None
    show_if: Expr | None = Field(None, description="Show this option only when the condition holds.")
    exclusive: bool = Field(False, description="Selecting it clears every other option (e.g. 'none').")
    other: bool = Field(False, description="'Other, please specify': adds a text answer <id>_other.")
    renamed_from: OptionRenames = Field(
        [], description="The code (or codes) this option had in earlier versions: a recode, not a new option."
    )


OptionsRef = Annotated[
    Annotated[list[Option], Tag("list")] | Annotated[str, Field(pattern=ID_PATTERN), Tag("ref")],
    Discriminator(lambda v: "ref" if isinstance(v, str) else "list"),
]


class Constraint(Spec):
    rule: Expr = Field(description="Must hold for the answer to be valid; '.' is the answer itself.")
    message: Text


class QuestionBase(Spec):
    id: Id
    title: Text
    hint: Text | None = None
    show_if: Expr | None = None
    renamed_from: QuestionRenames = Field(
        [], description="The id (or ids) this question had in earlier versions: its answers carry over."
    )


class Answerable(QuestionBase):
    required: Required = Field(False, description="true, false, or a condition.")
    constraints: list[Constraint] = []


class TextQuestion(Answerable):
    type: Literal["text", "long_text"]
    min_length: Annotated[int, Field(ge=0)] | None = None
    max_length: Annotated[int, Field(ge=1, le=100_000)] | None = None
    pattern: str | None = Field(None, description="A regular expression the whole answer must match.")
    pattern_message: Text | None = None
    placeholder: Text | None = None


class EmailQuestion(Answerable):
    type: Literal["email"]
    placeholder: Text | None = None


class NumberQuestion(Answerable):
    type: Literal["integer", "decimal"]
    min: float | None = None
    max: float | None = None
    unit: Text | None = Field(None, description="Shown beside the field, e.g. USD or tonnes.")
    decimals: Annotated[int, Field(ge=0, le=10)] | None = None
    placeholder: Text | None = None


class YesNoQuestion(Answerable):
    type: Literal["yes_no"]


class DateQuestion(Answerable):
    type: Literal["date"]
    min: str | None = Field(None, description="Earliest date, YYYY-MM-DD.")
    max: str | None = Field(None, description="Latest date, YYYY-MM-DD.")


class ChoiceBase(Answerable):
    type: str
    options: OptionsRef = Field(description="Inline options, or the name of a shared choice list.")
    choice_filter: Expr | None = Field(
        None, description="Offer only options for which this holds; 'option' is the candidate code."
    )


class SingleChoiceQuestion(ChoiceBase):
    type: Literal["single_choice"]
    widget: Literal["radio", "dropdown"] = "radio"


class MultipleChoiceQuestion(ChoiceBase):
    type: Literal["multiple_choice"]
    min_selected: Annotated[int, Field(ge=0)] | None = None
    max_selected: Annotated[int, Field(ge=1)] | None = None


class RankingQuestion(ChoiceBase):
    type: Literal["ranking"]
    min_ranked: Annotated[int, Field(ge=0)] | None = None
    max_ranked: Annotated[int, Field(ge=1)] | None = None


class RatingQuestion(ChoiceBase):
    type: Literal["rating"]


class MatrixQuestion(Answerable):
    type: Literal["matrix"]
    rows: OptionsRef
    columns: OptionsRef


class NoteQuestion(Spec):
    type: Literal["note"]
    id: Id
    title: Text | None = None
    body: Text
    show_if: Expr | None = None


ColumnQuestion = Annotated[
    TextQuestion | EmailQuestion | NumberQuestion | YesNoQuestion | DateQuestion | SingleChoiceQuestion,
    Discriminator("type"),
]


class TableQuestion(Answerable):
    type: Literal["table"]
    columns: list[ColumnQuestion] = Field(min_length=1)
    min_rows: Annotated[int, Field(ge=0)] | None = None
    max_rows: Annotated[int, Field(ge=1, le=1000)] | None = None
    add_label: Text | None = Field(None, description="Text of the 'add a row' button.")


def _tag(value: Any) -> str | None:
    return value.get("type") if isinstance(value, dict) else getattr(value, "type", None)


_SIMPLE = (
    Annotated[TextQuestion, Tag("text")]
    | Annotated[TextQuestion, Tag("long_text")]
    | Annotated[EmailQuestion, Tag("email")]
    | Annotated[NumberQuestion, Tag("integer")]
    | Annotated[NumberQuestion, Tag("decimal")]
    | Annotated[YesNoQuestion, Tag("yes_no")]
    | Annotated[DateQuestion, Tag("date")]
    | Annotated[SingleChoiceQuestion, Tag("single_choice")]
    | Annotated[MultipleChoiceQuestion, Tag("multiple_choice")]
    | Annotated[RankingQuestion, Tag("ranking")]
    | Annotated[RatingQuestion, Tag("rating")]
    | Annotated[MatrixQuestion, Tag("matrix")]
    | Annotated[TableQuestion, Tag("table")]
    | Annotated[NoteQuestion, Tag("note")]
)
LoopChild = Annotated[_SIMPLE, Discriminator(_tag)]


class LoopQuestion(QuestionBase):
    type: Literal["loop"]
    over: Id = Field(description="The multiple-choice question whose selected options are looped over.")
    questions: list[LoopChild] = Field(min_length=1)


Question = Annotated[_SIMPLE | Annotated[LoopQuestion, Tag("loop")], Discriminator(_tag)]

QUESTION_TYPES = [
    "text",
    "long_text",
    "email",
    "integer",
    "decimal",
    "yes_no",
    "date",
    "single_choice",
    "multiple_choice",
    "ranking",
    "rating",
    "matrix",
    "table",
    "loop",
    "note",
]
CHOICE_TYPES = ("single_choice", "multiple_choice", "ranking", "rating")
COLUMN_TYPES = ("text", "long_text", "email", "integer", "decimal", "yes_no", "date", "single_choice")


class Section(Spec):
    id: Id
    title: Text
    description: Text | None = None
    show_if: Expr | None = None
    questions: list[Question] = Field(min_length=1)


class TranslationStatus(Spec):
    reviewed: bool = Field(description="Reviewed by a professional translator.")
    note: str | None = None


def _bool_key(value: object) -> object:
    # `true:` and `false:` are booleans in YAML; as keys of `values` they name the yes/no answers.
    return str(value).lower() if isinstance(value, bool) else value


class QuestionMapping(Spec):
    """Where a question's answers come from in the previous version: another question, converted."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: Id = Field(alias="from", description="The question of the previous version whose answers this one takes.")
    values: dict[Annotated[Literal["true", "false"], BeforeValidator(_bool_key)], Code] = Field(
        {}, description="yes_no to a choice question: the option code for each yes/no answer."
    )


class Drops(Spec):
    questions: list[Id] = Field(
        [], description="Questions of the previous version (or `<id>_other` texts) whose answers are dropped."
    )
    options: dict[Id, list[Code]] = Field(
        {}, description="Per question of this version: option codes of the previous version dropped on purpose."
    )


class Mapping(Spec):
    """What happens to the answers of the previous version when this one is published (section 14)."""

    questions: dict[Id, QuestionMapping] = Field(
        {}, description="Per question of this version: the previous version's question its answers come from."
    )
    options: dict[Id, dict[Code, Code]] = Field(
        {}, description="Per question of this version: previous option code -> new code (several to one: a merge)."
    )
    drop: Drops = Drops()
    keep_invalid: list[Id] = Field(
        [],
        description="Questions whose stored answers stay as they are although a tightened constraint or a new "
        "choice filter may refuse them: the focal point corrects them before submitting.",
    )


class Survey(Spec):
    """A survey definition, one YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Survey definition")

    id: SurveyId = Field(description="Stable id (slug) of the survey; never changes across versions.")
    title: Text
    description: Text | None = None
    languages: list[Lang] = Field(["en"], min_length=1, description="Default language first.")
    respondent: Literal["party", "individual"] = "party"
    translations: dict[Lang, TranslationStatus] = {}
    choice_lists: dict[Annotated[str, Field(pattern=ID_PATTERN)], list[Option]] = {}
    sections: list[Section] = Field(min_length=1)
    mapping: Mapping | None = Field(
        None, description="What happens to the answers of the previous published version (docs/definitions.md, 14)."
    )


ALL_KEYS = frozenset(
    name
    for model in (
        Survey,
        Section,
        TranslationStatus,
        Option,
        Constraint,
        TextQuestion,
        EmailQuestion,
        NumberQuestion,
        DateQuestion,
        SingleChoiceQuestion,
        MultipleChoiceQuestion,
        RankingQuestion,
        MatrixQuestion,
        TableQuestion,
        LoopQuestion,
        NoteQuestion,
        Mapping,
        Drops,
    )
    for name in model.model_fields
)

QUESTION_MODELS: dict[str, type[Spec]] = {
    "text": TextQuestion,
    "long_text": TextQuestion,
    "email": EmailQuestion,
    "integer": NumberQuestion,
    "decimal": NumberQuestion,
    "yes_no": YesNoQuestion,
    "date": DateQuestion,
    "single_choice": SingleChoiceQuestion,
    "multiple_choice": MultipleChoiceQuestion,
    "ranking": RankingQuestion,
    "rating": RatingQuestion,
    "matrix": MatrixQuestion,
    "table": TableQuestion,
    "loop": LoopQuestion,
    "note": NoteQuestion,
}

AnyQuestion = (
    TextQuestion
    | EmailQuestion
    | NumberQuestion
    | YesNoQuestion
    | DateQuestion
    | SingleChoiceQuestion
    | MultipleChoiceQuestion
    | RankingQuestion
    | RatingQuestion
    | MatrixQuestion
    | TableQuestion
    | LoopQuestion
    | NoteQuestion
)
