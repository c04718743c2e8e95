"""Publishing an edition: the readiness check (macros.release) and the citation (macros.render_meta)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from macros import release
from macros.render_meta import citation, edition_url, how_to_cite
from macros.text import expand_addresses

SITE = "https://example.org/toolkit/"
RELEASED = {"number": "1.1", "label": "Edition 1.1", "date": "2026-12-10", "date_uk": "10 December 2026",
            "released": True}
DEV = {"number": "dev", "label": "Development version (after edition 1.1)", "date": "2027-01-05",
       "date_uk": "5 January 2027", "released": False}


def data(editions=("1.1", "1.0"), pending=()):
    """A toolkit with these editions (newest first) and 'unreleased' history on the items named."""
    def item(item_id):
        history = [{"date": "2026-11-23", "edition": "1.0", "change": "First published."}]
        if item_id in pending:
            history.append({"date": "2026-12-01", "edition": "unreleased", "change": "Reworded."})
        return {"id": item_id, "title": f"Title of {item_id}", "history": history}
    return SimpleNamespace(editions=[{"edition": e} for e in editions], recommendations=[item("TK01"), item("TK02")],
                           case_studies=[item("CS01")], principles=[item("EP1")])


@pytest.mark.parametrize("tag, edition", [("v1.2.0", "1.2"), ("v1.2.3", "1.2"), ("1.2", "1.2"), ("v10.0.1", "10.0"),
                                          ("v1", None), ("1.2.x", None), ("release-1.2.0", None), ("", None)])
def test_a_release_tag_names_its_edition(tag, edition):
    assert release.edition_of(tag) == edition


def test_an_edition_is_ready_when_it_is_the_newest_and_nothing_is_left_unreleased():
    assert release.release_problems(data(), "1.1") == []


def test_an_edition_missing_from_releases_is_not_ready():
    (problem,) = release.release_problems(data(), "1.2")
    assert "Edition 1.2 is not in data/releases.yaml" in problem


def test_an_older_edition_would_take_over_latest():
    (problem,) = release.release_problems(data(), "1.0")
    assert "not the newest" in problem and "1.1" in problem


def test_unreleased_history_must_move_to_the_edition():
    (problem,) = release.release_problems(data(pending=("TK02", "CS01")), "1.1")
    assert "TK02, CS01" in problem and '"1.1"' in problem


def test_the_command_prints_the_edition_or_explains(toolkit, capsys):
    newest = toolkit.editions[0]["edition"]
    pending = [i["id"] for i in [*toolkit.recommendations, *toolkit.case_studies, *toolkit.principles]
               if any(h["edition"] == "unreleased" for h in i["history"])]
    status = release.main([f"v{newest}.0"])
    out, err = capsys.readouterr()
    if pending:
        assert status == 1 and "still say 'unreleased'" in err
    else:
        assert status == 0 and out.strip() == newest
    assert release.main(["v999.0.0"]) == 1
    assert "Edition 999.0 is not in data/releases.yaml" in capsys.readouterr().err
    assert release.main(["latest"]) == 1


def test_a_published_edition_is_cited_at_its_own_folder():
    assert edition_url(SITE, RELEASED) == f"{SITE}1.1/"
    assert edition_url(SITE.rstrip("/"), RELEASED) == f"{SITE}1.1/"
    text = citation(RELEASED, SITE, "RESTORE professional support toolkit")
    assert text.startswith("RESTORE professional support toolkit (2026). *Edition 1.1, 10 December 2026*.")
    assert f'<a class="tk-address" href="{SITE}1.1/">{SITE}1.1/</a>' in expand_addresses(text)


def test_the_development_version_sends_readers_to_a_published_edition():
    assert edition_url(SITE, DEV) == f"{SITE}latest/"
    text = how_to_cite(data(), "about/cite.md", DEV, SITE, "Toolkit")
    assert ("cite a published edition" in text and f">{SITE}latest/</a>" in expand_addresses(text)
            and "/dev/" not in text)


def test_the_citation_page_text():
    text = how_to_cite(data(), "about/cite.md", RELEASED, SITE, "Toolkit")
    assert text.startswith('!!! quote "Citation"\n\n    Toolkit (2026). *Edition 1.1, 10 December 2026*.')
    assert f">{SITE}latest/</a> instead" in expand_addresses(text)
    assert "“TK01: Title of TK01”" in text


def test_without_a_site_address_the_citation_has_no_link():
    text = how_to_cite(data(), "about/cite.md", RELEASED, "", "Toolkit")
    assert "Available at" not in text and "http" not in text and "latest/" not in text


def test_names_are_inert_markup():
    text = citation(RELEASED, SITE, "A *toolkit* <b>{{ x }}</b>")
    assert "<b>" not in text and "{{" not in text and r"\*toolkit\*" in text
