"""Web addresses and DOIs: only what the standards allow, so an address can never be anything else.

url: https or http, a host, then only the characters RFC 3986 allows (a space is written %20).
doi: the DOI handbook's syntax, '10.' + registrant + '/' + suffix; real DOIs may hold '<' and '>'.
Writing them into pages safely is the renderers' job; the schema keeps out what is not an address.
"""

from __future__ import annotations

import pytest

from macros.schemas import fast_accepts, validate

GOOD_URLS = ["https://www.hra.nhs.uk/", "http://resolution.nhs.uk/", "https://example.org/a?b=c&d=e#part",
             "https://example.org/path%20with%20space", "https://example.org:8443/x_(y)~z;a=b,c!*'+$@"]
BAD_URLS = ["javascript:alert(1)", "ftp://example.org/", "www.example.org", "https://", "https://exa mple.org/",
            "https://example.org/a b", 'https://example.org/"x"', "https://example.org/<script>",
            "https://example.org/`code`", "https://example.org/{x}", "https://example.org/%zz",
            "https://example.org/a|b", "https://example.org/a\\b", "//example.org/", "https://example.org/\u00e9"]
GOOD_DOIS = ["10.1111/medu.14528", "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
             "10.1000.10/123", "10.3310/hsdr09020"]
BAD_DOIS = ["https://doi.org/10.1111/medu.14528", "10.1111/medu. 14528", "doi:10.1111/x", "10.11/x", "10.1111",
            "10.1111/", "11.1111/x"]


def source(**address) -> dict:
    return {"sources": [{"id": "a2020-b", "kind": "web-page", "authors": "A", "title": "T", "about": "U.",
                         **address}]}


@pytest.mark.parametrize("url", GOOD_URLS)
def test_real_web_addresses_are_accepted(url):
    assert fast_accepts(source(url=url), "source.schema.json")


@pytest.mark.parametrize("url", BAD_URLS)
def test_other_addresses_are_refused_by_both_validators_with_the_rule(url):
    data = source(url=url)
    assert not fast_accepts(data, "source.schema.json")
    [problem] = validate(data, "source.schema.json", {}, "data/sources.yaml")
    assert problem.code == "TK-E032" and "starting https:// (or http://)" in problem.message


@pytest.mark.parametrize("doi", GOOD_DOIS)
def test_real_dois_are_accepted_even_with_angle_brackets(doi):
    assert fast_accepts(source(doi=doi), "source.schema.json")


@pytest.mark.parametrize("doi", BAD_DOIS)
def test_malformed_dois_are_refused(doi):
    data = source(doi=doi)
    assert not fast_accepts(data, "source.schema.json")
    [problem] = validate(data, "source.schema.json", {}, "data/sources.yaml")
    assert problem.code == "TK-E033" and "should look like '10.1111/medu.14528'" in problem.message
