"""Languages: catalogues complete and current, plural rules as CLDR has them, locale choice."""

import re

import pytest

from portal.web import catalogues
from portal.web.i18n import LANGUAGE_COOKIE, LANGUAGES


def test_every_catalogue_is_complete_current_and_has_cldr_plurals():
    assert catalogues.problems() == []


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_plural_rules_agree_with_cldr(code):
    assert catalogues.cldr_disagreement(code, LANGUAGES[code].plural_forms) is None


def test_babels_own_plural_rules_would_be_caught():
    # Babel writes these headers for Arabic and Bengali; the check must reject both.
    assert catalogues.cldr_disagreement(
        "ar",
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);",
    )
    assert catalogues.cldr_disagreement("bn", "nplurals=2; plural=(n != 1);")


def test_a_stale_template_is_reported(monkeypatch):
    real = catalogues.extract_template

    def with_a_new_message():
        catalog = real()
        catalog.add("A message nobody has extracted yet")
        return catalog

    monkeypatch.setattr(catalogues, "extract_template", with_a_new_message)
    found = catalogues.problems()
    assert any("messages.pot is stale" in problem for problem in found)
    assert any(problem.startswith("cy: catalogue does not match") for problem in found)


def test_an_untranslated_or_fuzzy_message_is_reported(monkeypatch, tmp_path):
    po = catalogues.po_path("so").read_text(encoding="utf-8")
    first = re.search(r'\nmsgid "(.+)"\nmsgstr "(.+)"\n', po)
    broken = po.replace(first.group(0), f'\n#, fuzzy\nmsgid "{first.group(1)}"\nmsgstr "{first.group(2)}"\n', 1)
    second = re.search(r'\nmsgid "(.+)"\nmsgstr "(.+)"\n', broken[first.end() + 20 :])
    broken = broken.replace(second.group(0), f'\nmsgid "{second.group(1)}"\nmsgstr ""\n', 1)
    fake = tmp_path / "so" / "LC_MESSAGES" / "messages.po"
    fake.parent.mkdir(parents=True)
    fake.write_text(broken, encoding="utf-8")
    real_path = catalogues.po_path
    monkeypatch.setattr(catalogues, "po_path", lambda code: fake if code == "so" else real_path(code))
    found = [problem for problem in catalogues.problems() if problem.startswith("so:")]
    assert any("fuzzy" in problem for problem in found)
    assert any("untranslated" in problem for problem in found)


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        (None, None, "en"),
        (None, "bn,en;q=0.5", "bn"),
        (None, "pt-BR,pt;q=0.9", "pt"),
        (None, "xx-YY, zz", "en"),
        ("ar", "bn", "ar"),
        ("not-a-language", "pl", "pl"),
        ("../../etc/passwd", None, "en"),
    ],
)
def test_locale_comes_from_the_choice_then_the_browser_then_english(client, cookie, accept, expected):
    if cookie:
        client.set_cookie(LANGUAGE_COOKIE, cookie)
    headers = {"Accept-Language": accept} if accept else {}
    html = client.get("/", headers=headers).text
    assert f'<html lang="{LANGUAGES[expected].tag}" dir="{LANGUAGES[expected].direction}"' in html


@pytest.mark.parametrize("code", ["ur", "ar"])
def test_right_to_left_languages_mirror_the_page(client, code):
    client.set_cookie(LANGUAGE_COOKIE, code)
    assert 'dir="rtl"' in client.get("/").text.split(">", 2)[1]


def _csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/language").text).group(1)


def test_choosing_a_language_remembers_it_and_returns_to_the_page(client):
    response = client.post("/language", data={"csrf_token": _csrf(client), "language": "bn", "next": "/privacy"})
    assert response.status_code == 303 and response.headers["Location"] == "/privacy"
    cookie = client.get_cookie(LANGUAGE_COOKIE)
    assert cookie.value == "bn" and cookie.http_only
    assert '<html lang="bn"' in client.get("/privacy").text


def test_choosing_a_language_never_returns_to_another_site(client):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post("/language", data={"csrf_token": _csrf(client), "language": "cy", "next": target})
        assert response.headers["Location"] == "/"


def test_an_unknown_language_is_a_clear_400(client):
    response = client.post("/language", data={"csrf_token": _csrf(client), "language": "xx"})
    assert response.status_code == 400
    assert "Something in the request was not right" in response.text


def test_language_names_are_shown_in_their_own_language(page):
    _response, document = page.get("/language")
    buttons = {b.get("value"): ("".join(b.itertext()).strip(), b.get("lang")) for b in document.iter("button")}
    assert buttons["ur"] == ("اردو", "ur")
    assert buttons["pa"] == ("ਪੰਜਾਬੀ", "pa-Guru")
    assert buttons["cy"] == ("Cymraeg", "cy")


def test_the_translation_note_shows_until_a_language_is_reviewed(client):
    assert 'role="note"' not in client.get("/").text
    client.set_cookie(LANGUAGE_COOKIE, "ro")
    assert 'role="note"' in client.get("/").text
