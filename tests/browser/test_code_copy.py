"""Code blocks in the contributor guide have a working copy button (Material's content.code.copy)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_every_code_block_in_the_guide_has_a_copy_button(page, site_url):
    page.goto(site_url + "contribute/recommendation/", wait_until="load")
    blocks = page.locator("article pre > code")
    assert blocks.count() >= 3
    buttons = page.locator("article pre button.md-code__button[data-md-type=copy]")
    assert buttons.count() == blocks.count(), "a code block has no copy button"
    first = buttons.first
    assert (first.get_attribute("title") or first.get_attribute("aria-label") or "").strip(), "the button has no name"


def test_the_copy_button_copies_the_example_as_written(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(site_url + "contribute/recommendation/", wait_until="load")
        block = page.locator("article pre", has_text="- id: TK13").first
        block.hover()
        block.locator("button.md-code__button[data-md-type=copy]").click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith("  - id: TK13\n    status: current\n") and "history:" in copied
    finally:
        context.close()
