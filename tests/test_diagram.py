"""The programme-theory diagram: drawn from the data, self-contained SVG, with a text equivalent."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from macros.diagram import description, programme_theory_svg, wrap
from macros.render_lists import programme_theory

SVG = "{http://www.w3.org/2000/svg}"


def drawings(toolkit):
    figure = ET.fromstring(programme_theory_svg(toolkit))
    return figure, figure.findall(f"{SVG}svg")


def test_both_drawings_are_well_formed_and_name_every_strategy_and_mechanism(toolkit):
    figure, svgs = drawings(toolkit)
    assert [s.get("class").split()[-1] for s in svgs] == ["tk-diagram--wide", "tk-diagram--narrow"]
    for svg in svgs:
        shown = " ".join(" ".join(t.text.split()) for t in svg.iter(f"{SVG}text"))
        for item in [*toolkit.mechanisms, *toolkit.strategies]:
            words = item["name"].split()
            assert all(w in shown for w in words), f"{item['id']} is missing from the {svg.get('class')} drawing"


def test_each_drawing_is_a_named_image_with_a_description(toolkit):
    _, svgs = drawings(toolkit)
    for svg in svgs:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        desc = svg.find(f"{SVG}desc")
        assert desc.get("id") == desc_id and desc.text == description(toolkit)
    for strategy in toolkit.strategies:
        assert strategy["name"] in description(toolkit)


def test_no_script_style_attribute_or_outside_reference(toolkit):
    html = programme_theory_svg(toolkit)
    assert "<script" not in html and "style=" not in html and " on" not in re.sub(r'"[^"]*"', '""', html)
    assert "href" not in html and "url(" not in html


def test_the_page_shows_the_diagram_before_the_text_list(toolkit):
    page = programme_theory(toolkit, "about/programme-theory.md")
    assert page.index('<figure class="tk-figure"') < page.index("## ")
    assert "\n\n" not in page.split("</figure>")[0], "a blank line inside raw HTML would end the block in Markdown"


def test_markup_in_names_is_shown_as_text(toolkit):
    import copy
    tk = copy.copy(toolkit)
    tk.strategies = [{**toolkit.strategies[0], "name": "<b>Bold</b> & {{ x }}"}, *toolkit.strategies[1:]]
    html = programme_theory_svg(tk)
    assert "<b>" not in html and "&lt;b&gt;Bold&lt;/b&gt;" in html and "{{" not in html


def test_wrap_keeps_every_word_and_fits_the_width():
    text = "Rehearsing new behaviours and skills in a safe place before real work"
    lines = wrap(text, 150)
    assert " ".join(lines) == text
    assert all(len(line) <= int(150 / (17 * 0.53)) or " " not in line for line in lines)
