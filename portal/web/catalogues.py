"""Translation catalogues: extract, update, compile, and find anything stale or missing."""

from __future__ import annotations

import gettext
import io
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from portal.web.i18n import DEFAULT_LANGUAGE, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent.parent
TRANSLATIONS = ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
#: A fixed date keeps the template byte-for-byte stable between extractions.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
#: Numbers every plural rule is tried on (integers only: the portal counts things).
PLURAL_SAMPLES = (*range(0, 1001), 1_000_000, 2_000_000, 1_000_001, 10_000_000)


def translated_languages() -> list[str]:
    """Every language that has a catalogue (English is the source language)."""
    return [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]


def po_path(code: str) -> Path:
    return TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"


def extract_template() -> Catalog:
    """Extract every marked message from the code and templates into a fresh catalogue."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog(project="coproduction-portal", creation_date=FIXED_DATE, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None},
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path, **options) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _read(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def read_catalogue(code: str) -> Catalog:
    """One language's catalogue as it is on disk."""
    return _read(po_path(code), code)


def extract() -> None:
    """Write translations/messages.pot from the code and templates."""
    _write(extract_template(), TEMPLATE, sort_by_file=True)


def _set_plural_forms(catalog: Catalog, code: str) -> None:
    header = LANGUAGES[code].plural_forms
    nplurals = int(header.split(";")[0].split("=")[1])
    catalog._num_plurals = nplurals  # Babel has no public setter for these two.
    catalog._plural_expr = header.split("plural=", 1)[1].rstrip(";").strip()


def update() -> None:
    """Merge the template into every language's catalogue, creating any that are missing."""
    template = _read(TEMPLATE)
    for code in translated_languages():
        path = po_path(code)
        catalog = _read(path, code) if path.exists() else Catalog(locale=code, creation_date=FIXED_DATE)
        catalog.update(template, update_creation_date=False)
        catalog.revision_date = FIXED_DATE
        catalog.fuzzy = False
        catalog.language_team = f"{Locale.parse(code).english_name} <translations>"
        _set_plural_forms(catalog, code)
        _write(catalog, path, ignore_obsolete=True)


def compile_all() -> None:
    """Compile each catalogue to its .mo file (fuzzy entries are left out)."""
    for code in translated_languages():
        catalog = _read(po_path(code), code)
        with open(po_path(code).with_suffix(".mo"), "wb") as handle:
            write_mo(handle, catalog)


def cldr_disagreement(code: str, plural_forms: str) -> str | None:
    """Why a Plural-Forms header disagrees with CLDR's rule for the language, or None."""
    rule = Locale.parse(code).plural_form
    categories = [tag for tag in CLDR_ORDER if tag in rule.tags or tag == "other"]
    nplurals = int(plural_forms.split(";")[0].split("=")[1])
    if nplurals != len(categories):
        return f"nplurals={nplurals}, CLDR has {len(categories)} forms ({', '.join(categories)})"
    pick = gettext.c2py(plural_forms.split("plural=", 1)[1].rstrip(";").strip())
    for n in PLURAL_SAMPLES:
        expected = categories.index(rule(n))
        if pick(n) != expected:
            return f"n={n} gives form {pick(n)}, CLDR says {expected} ({rule(n)})"
    return None


def _message_keys(catalog: Catalog) -> set:
    return {(message.id if isinstance(message.id, str) else tuple(message.id), message.context)
            for message in catalog if message.id}


def problems() -> list[str]:
    """Everything wrong with the catalogues: stale template, gaps, fuzzy, bad plurals or formats."""
    found: list[str] = []
    template_keys = _message_keys(extract_template())
    if not TEMPLATE.exists() or _message_keys(_read(TEMPLATE)) != template_keys:
        found.append("translations/messages.pot is stale: run `make extract-strings`")
    for code in translated_languages():
        path = po_path(code)
        if not path.exists():
            found.append(f"{code}: no catalogue")
            continue
        catalog = _read(path, code)
        header = f"nplurals={catalog.num_plurals}; plural={catalog.plural_expr};"
        expected = LANGUAGES[code].plural_forms
        if header.replace(" ", "") != expected.replace(" ", ""):
            found.append(f"{code}: Plural-Forms is {header!r}, expected {expected!r}")
        disagreement = cldr_disagreement(code, expected)
        if disagreement:
            found.append(f"{code}: plural rule disagrees with CLDR: {disagreement}")
        if _message_keys(catalog) != template_keys:
            found.append(f"{code}: catalogue does not match the template: run `make extract-strings`")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            label = message.id[0] if isinstance(message.id, tuple) else message.id
            if message.fuzzy:
                found.append(f"{code}: fuzzy: {label[:60]!r}")
            elif not all(strings):
                found.append(f"{code}: untranslated: {label[:60]!r}")
            elif isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
                found.append(f"{code}: {len(strings)} plural forms for {label[:60]!r}")
        for message, errors in catalog.check():
            for error in errors:
                found.append(f"{code}: {message.id!r}: {error}")
    return found
