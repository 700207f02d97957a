"""Switching language without JavaScript or with it; leaving fast with "Exit this page"."""

import re

import pytest

from tests.browser.conftest import EXIT_URL


@pytest.mark.parametrize(("language", "name", "direction"), [("ur", "اردو", "rtl"), ("bn", "বাংলা", "ltr")])
def test_the_footer_switches_language_and_stays_on_the_page(new_page, javascript, language, name, direction):
    page = new_page(javascript=javascript)
    page.goto("/privacy")
    page.locator("footer button", has_text=name).click()
    page.wait_for_url(re.compile(r"/privacy$"))
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [language, direction]
    assert page.locator("footer button[aria-current='true']").inner_text() == name


def test_the_language_page_switches_language_from_the_header(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/get-help-now")
    page.locator("header a.portal-header__language").click()
    page.wait_for_url(re.compile(r"/language\?next="))
    page.locator("main button", has_text="اردو").click()
    page.wait_for_url(re.compile(r"/get-help-now$"))
    assert page.evaluate("document.documentElement.dir") == "rtl"


def test_exit_this_page_leaves_and_back_does_not_return(new_page):
    page = new_page(javascript=True)
    page.goto("/")
    page.goto("/get-help-now")
    page.locator("a[data-exit-this-page]").click()
    page.wait_for_url(EXIT_URL)
    page.go_back()
    assert not page.url.endswith("/get-help-now")


def test_exit_this_page_works_without_javascript(new_page):
    page = new_page(javascript=False)
    page.goto("/get-help-now")
    page.locator("a[data-exit-this-page]").click()
    page.wait_for_url(EXIT_URL)


def test_pressing_shift_three_times_exits(new_page):
    page = new_page(javascript=True)
    page.goto("/privacy")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)


def test_typing_capital_letters_does_not_exit(new_page):
    page = new_page(javascript=True)
    page.goto("/report-a-problem")
    page.locator("#description").press_sequentially("ABC DEF")
    page.wait_for_timeout(300)
    assert page.url.endswith("/report-a-problem")


def test_exit_this_page_is_reachable_by_keyboard(new_page):
    page = new_page(javascript=True)
    page.goto("/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-exit-this-page')"):
            break
    else:
        pytest.fail("Exit this page was not reached within six tabs")
    page.keyboard.press("Enter")
    page.wait_for_url(EXIT_URL)
