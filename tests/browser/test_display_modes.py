"""How readers set up their screens: text zoomed to 200 % (WCAG 1.4.4), Windows high-contrast and
other forced-colour modes (WCAG 1.4.11 and 2.4.7 in those modes), and reduced motion (WCAG 2.3.3).

Each test looks at what a reader would notice: text cut off or needing a sideways scroll, a control
that disappears, a drawer that still slides.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Page types: home, lists, an item of each kind, the interactive self-review, a long reference page.
PAGES = ["", "recommendations/", "recommendations/tk04/", "case-studies/cs01/", "review/", "glossary/",
         "sources/", "contribute/fields/"]

# Text zoom as browsers do it: the reader's default font size doubled (Chromium's font-size setting,
# through its DevTools protocol). Material sizes text in rem and switches layouts at widths in em, so
# both follow, as they do for a reader who sets large text.
ZOOM = 2


def zoom_text(page) -> float:
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16 * ZOOM, "fixed": 13 * ZOOM}})
    page.wait_for_function(f"parseFloat(getComputedStyle(document.documentElement).fontSize) >= {before * ZOOM - 0.5}")
    return before


# Visible elements with text of their own that a box with hidden overflow cuts off.
CLIPPED_JS = r"""() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.checkVisibility()) continue;
    const style = getComputedStyle(el);
    if (!/(hidden|clip)/.test(style.overflowX + style.overflowY)) continue;
    // Text for screen readers only is hidden on purpose: a 1 px box, clipped away.
    if (el.clientWidth <= 1 || el.clientHeight <= 1 || style.clip === 'rect(0px, 0px, 0px, 0px)' ||
        /inset\(50%\)/.test(style.clipPath)) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const texty = own || el.querySelector(':scope > :is(span, a, strong, em, code)');
    if (!texty) continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ': ' + el.textContent.trim().slice(0, 50));
    }
  }
  return out.slice(0, 10);
}"""


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", PAGES, ids=lambda u: u or "home")
def test_text_zoomed_to_200_percent_is_never_cut_off(desktop, site_url, url):
    desktop.goto(site_url + url, wait_until="load")
    zoom_text(desktop)
    wide = desktop.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"/{url} at 200 % text scrolls sideways by {wide} px"
    clipped = desktop.evaluate(CLIPPED_JS)
    assert not clipped, f"/{url} at 200 % text cuts off: {clipped}"


# Controls a reader can operate, and whether forced colours leave something to see: text, an icon, a
# native form control, or a border. Backgrounds and shadows are removed in these modes, so a control
# drawn only with them vanishes.
CONTROLS_JS = (r"""() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, """
               r"""label[for], [role=button], [tabindex="0"]';
  const invisible = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const style = getComputedStyle(el);
    const text = (el.innerText || el.value || '').trim();
    const icon = el.querySelector('svg, img');
    const native = /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && style.appearance !== 'none' ||
      el.type === 'file' && getComputedStyle(el, '::file-selector-button').appearance !== 'none';
    const border = ['Top', 'Right', 'Bottom', 'Left'].some(s =>
      parseFloat(style['border' + s + 'Width']) > 0 && style['border' + s + 'Style'] !== 'none');
    if (!(text || icon || native || border)) invisible.push(el.outerHTML.slice(0, 120));
  }
  return invisible;
}""")


@pytest.mark.parametrize("url", PAGES, ids=lambda u: u or "home")
def test_every_control_stays_visible_in_forced_colours(browser, site_url, url):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, forced_colors="active")
    page = context.new_page()
    page.goto(site_url + url, wait_until="load")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    invisible = page.evaluate(CONTROLS_JS)
    context.close()
    assert not invisible, f"/{url}: controls with nothing to see in forced colours: {invisible[:5]}"


MOTION_JS = (r"""() => {
  const secs = v => Math.max(...v.split(',').map(t => t.trim().endsWith('ms') ? parseFloat(t) / 1000 : """
             r"""parseFloat(t)));
  const moving = [];
  for (const el of [document.documentElement, ...document.querySelectorAll('body *')]) {
    const style = getComputedStyle(el);
    const longest = Math.max(secs(style.transitionDuration), """
             r"""style.animationName !== 'none' ? secs(style.animationDuration) : 0);
    if (longest > 0.01) moving.push(el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0] + ' ' + """
             r"""longest + 's');
  }
  return {moving: moving.slice(0, 8), smooth: getComputedStyle(document.documentElement).scrollBehavior};
}""")


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("url", ["", "recommendations/tk04/", "review/"], ids=lambda u: u or "home")
def test_nothing_moves_for_readers_who_ask_for_reduced_motion(browser, site_url, url, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(site_url + url, wait_until="load")
    if size[0] < 960:
        page.click(".md-header label[for=__drawer]")  # the drawer opens at once, with no slide
    found = page.evaluate(MOTION_JS)
    context.close()
    assert not found["moving"], f"/{url}: transitions or animations despite reduced motion: {found['moving']}"
    assert found["smooth"] == "auto"


def test_motion_check_sees_motion_when_it_is_allowed(browser, site_url):
    """The check above is real: without the preference, Material's drawer and header do move."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="no-preference")
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    found = page.evaluate(MOTION_JS)
    context.close()
    assert found["moving"]
