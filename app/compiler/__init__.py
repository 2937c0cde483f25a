"""The survey compiler and response validator: a pure library (no web framework, no database)."""

from app.compiler.compiler import CompileResult, compile_file, compile_text
from app.compiler.diagnostics import Diagnostic, Severity
from app.compiler.model import CompiledSurvey
from app.compiler.validate import AnswerError, Validation, validate

__all__ = [
    "AnswerError",
    "CompileResult",
    "CompiledSurvey",
    "Diagnostic",
    "Severity",
    "Validation",
    "compile_file",
    "compile_text",
    "validate",
]
