"""Languages: which the portal speaks, how one is chosen, and which way it is written."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_babel import get_locale

#: Cookie that remembers a language chosen with the switcher.
LANGUAGE_COOKIE = "portal_lang"


@dataclass(frozen=True)
class Language:
    """A supported UI language and the facts the templates and catalogues need."""

    code: str
    #: The language's name in the language itself, for the switcher.
    native_name: str
    #: Value for <html lang>.
    tag: str
    direction: str
    #: gettext Plural-Forms, checked against CLDR by the test suite (Babel's own table is
    #: wrong for Arabic and Bengali, among others).
    plural_forms: str


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "en", "ltr", "nplurals=2; plural=(n != 1);"),
        Language(
            "cy",
            "Cymraeg",
            "cy",
            "ltr",
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);",
        ),
        Language(
            "pl",
            "Polski",
            "pl",
            "ltr",
            "nplurals=4; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1"
            " : n%1==0 ? 2 : 3);",
        ),
        Language(
            "ro",
            "Română",
            "ro",
            "ltr",
            "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100>=1 && n%100<=19)) ? 1 : 2);",
        ),
        Language("pa", "ਪੰਜਾਬੀ", "pa-Guru", "ltr", "nplurals=2; plural=(n > 1);"),
        Language("ur", "اردو", "ur", "rtl", "nplurals=2; plural=(n != 1);"),
        Language("bn", "বাংলা", "bn", "ltr", "nplurals=2; plural=(n > 1);"),
        Language(
            "ar",
            "العربية",
            "ar",
            "rtl",
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3"
            " : n%100>=11 && n%100<=99 ? 4 : 5);",
        ),
        Language(
            "pt",
            "Português",
            "pt",
            "ltr",
            "nplurals=3; plural=((n==0 || n==1) ? 0 : n!=0 && n%1000000==0 ? 1 : 2);",
        ),
        Language("so", "Soomaali", "so", "ltr", "nplurals=2; plural=(n != 1);"),
    )
}
DEFAULT_LANGUAGE = "en"


def select_locale() -> str:
    """Account preference, then the switcher's choice, then Accept-Language, then English."""
    account_choice = g.get("account_language")
    if account_choice in LANGUAGES:
        return account_choice
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def current_language() -> Language:
    """The Language the current request is rendered in."""
    return LANGUAGES.get(str(get_locale()), LANGUAGES[DEFAULT_LANGUAGE])
