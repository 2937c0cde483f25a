"""Interface strings in the six UN languages, from Babel/gettext catalogues compiled at install time.

Survey texts come from the YAML; only the platform's own words (buttons, headings, statuses) are
here. The language is chosen by `?lang=`, then the `tns_lang` cookie, then Accept-Language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations
from fastapi import Request

from app.compiler.spec import LANGUAGES

LOCALES = Path(__file__).with_name("locales")
RTL = frozenset({"ar"})
LANG_COOKIE = "tns_lang"
NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "zh": "中文", "ar": "العربية"}


@lru_cache(maxsize=8)
def translations(lang: str) -> NullTranslations:
    return Translations.load(str(LOCALES), [lang], domain="messages")


def gettext_for(lang: str) -> Callable[..., str]:
    """`_("Section %(n)s", n=2)`: translated, then %-formatted with the keyword arguments."""
    t = translations(lang)

    def _(message: str, **values: Any) -> str:
        text = t.gettext(message)
        return text % values if values else text

    return _


def choose_language(request: Request, offered: tuple[str, ...] = LANGUAGES) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in offered:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in offered:
            return code
    return offered[0]
