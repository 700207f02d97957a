"""Every page in a real browser at phone size: with JavaScript on (axe) and off."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PAGES = ["/", "/get-help-now", "/privacy", "/accessibility", "/language", "/report-a-problem", "/report-a-problem/sent", "/no-such-page"]
axe = Axe()


def _unchecked_contrast(results) -> list[str]:
    """Text whose contrast axe could not decide; only the drawn radio circle or checkbox
    square (a pseudo element beside the label, not behind its text) is a known false alarm."""
    unchecked = []
    for rule in results.response["incomplete"]:
        if rule["id"] != "color-contrast":
            continue
        for node in rule["nodes"]:
            reasons = " ".join(check["message"] for check in node["any"])
            drawn_control = any(name in node["html"] for name in ("nhsuk-radios__label", "nhsuk-checkboxes__label"))
            if not (drawn_control and "pseudo element" in reasons):
                unchecked.append(f"{node['target']}: {reasons}")
    return unchecked


def assert_no_axe_violations(page) -> None:
    results = axe.run(page, options={"resultTypes": ["violations", "incomplete"]})
    violations = [
        f"{v['id']}: {[node['target'] for node in v['nodes']][:3]}" for v in results.response["violations"]
    ]
    assert violations == [], f"{page.url}: {violations}"
    assert _unchecked_contrast(results) == [], f"{page.url}: contrast not checkable"


#: The widest elements that reach past the screen's right edge, and whether the style sheet
#: arrived: what a failure needs to be understood without a screenshot.
_TOO_WIDE = """() => {
  const edge = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.right > edge + 1 || box.left < -1)
    .sort((a, b) => b[1].width - a[1].width).slice(0, 4)
    .map(([el, box]) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(box.width)}px`
      + ` "${(el.textContent || '').trim().slice(0, 60)}"`);
  const sheets = [...document.styleSheets].map(s => { try { return s.cssRules.length } catch (e) { return -1 } });
  return {wide, sheets};
}"""


def assert_fits_the_screen(page) -> None:
    # Text can be on the page before its style sheet is: measured then, a table is as wide
    # as its longest row (a busy machine made the audit log "scroll" 519 px that way).
    page.wait_for_load_state("load")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        found = page.evaluate(_TOO_WIDE)
        raise AssertionError(
            f"{page.url} scrolls sideways by {overflow}px: {found['wide']}; style sheet rules {found['sheets']}"
        )


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_page_passes_axe_and_fits_a_phone(new_page, language):
    page = new_page(javascript=True, language=language)
    for url in PAGES:
        page.goto(url)
        assert page.locator("h1").count() == 1
        assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ur" else "ltr")
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)


def test_every_page_works_without_javascript(new_page):
    page = new_page(javascript=False)
    for url in PAGES:
        response = page.goto(url)
        assert response.status == (404 if url == "/no-such-page" else 200)
        assert page.locator("h1").is_visible()
        assert_fits_the_screen(page)


@pytest.mark.parametrize("width", [320, 640])
def test_pages_reflow_at_400_and_200_percent_zoom(new_page, width):
    page = new_page(javascript=True, viewport={"width": width, "height": 640})
    for url in ["/", "/report-a-problem", "/get-help-now", "/accessibility"]:
        page.goto(url)
        assert_fits_the_screen(page)


def test_the_form_error_summary_passes_axe_in_english_and_urdu(new_page):
    for language in ("en", "ur"):
        page = new_page(javascript=True, language=language)
        page.goto("/report-a-problem")
        page.locator("form[action='/report-a-problem'] button[type=submit]").click()
        page.locator(".nhsuk-error-summary").wait_for()
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)


def test_keyboard_only_reaches_the_skip_link_first_and_it_moves_focus_to_main(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/privacy")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "nhsuk-skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_focus_is_visible_on_links(new_page):
    page = new_page(javascript=True)
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.backgroundColor, s.boxShadow, s.outlineStyle]; })()"
    )
    assert style[0] != "rgba(0, 0, 0, 0)" or style[1] != "none" or style[2] != "none"


def test_the_report_form_works_with_and_without_javascript(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/report-a-problem")
    page.locator("#description").fill("The buttons are too close together.")
    page.locator("form[action='/report-a-problem'] button[type=submit]").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert page.locator("#description").input_value() == "The buttons are too close together."
    if javascript:
        expect(summary).to_be_focused()
    page.locator("label[for='kind-0']").click()
    page.locator("form[action='/report-a-problem'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/report-a-problem/sent$"))
    assert page.locator("h1").inner_text() == "Report sent"


def test_links_and_buttons_outside_text_are_at_least_24px(new_page):
    page = new_page(javascript=True)
    for url in ["/", "/report-a-problem", "/get-help-now", "/language"]:
        page.goto(url)
        small = page.evaluate(
            """() => [...document.querySelectorAll('header a, footer a, footer button, main button, .nhsuk-radios__input, a.nhsuk-button')]
                .map(el => [el.textContent.trim() || el.id, el.getBoundingClientRect()])
                .filter(([_, box]) => box.width > 0 && (box.height < 24 || box.width < 24))
                .map(([name, box]) => `${name} ${Math.round(box.width)}x${Math.round(box.height)}`)"""
        )
        assert small == [], f"{url}: {small}"


def test_a_boosted_page_change_moves_focus_and_announces_the_page(new_page):
    page = new_page(javascript=True)
    page.goto("/")
    page.locator("footer a", has_text="Privacy").click()
    page.wait_for_url(re.compile(r"/privacy$"))
    expect(page.locator("#portal-live")).to_have_text(re.compile(r"^Privacy – "))
    assert page.evaluate("document.activeElement.tagName") == "H1"
    assert page.locator("#portal-live").text_content() == page.title()
