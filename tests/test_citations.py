"""Every citation names one work: two works that would cite alike get a, b after the year."""

from __future__ import annotations

import re

from macros.text import cite_short, reference


def test_no_two_works_cite_alike(toolkit):
    labels = {}
    for source in toolkit.sources:
        text = re.sub(r"\]\(.*", "", cite_short(source, "index.md")).lstrip("[")
        assert text not in labels, f"{source['id']} and {labels[text]} both cite as {text!r}"
        labels[text] = source["id"]


def test_the_reference_shows_the_same_year_as_the_citation(toolkit):
    price = [s for s in toolkit.sources if s["id"] in ("price2021-medu", "price2021-hsdr")]
    assert len(price) == 2
    for source in price:
        cited_year = re.search(r" (2021[ab])\]", cite_short(source, "index.md")).group(1)
        assert f"({cited_year})" in reference(source)
