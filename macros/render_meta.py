"""Renderers for facts about the toolkit itself: how to cite the edition being read.

Pure functions: the edition (``config.extra.edition``, made by ``macros.editions.edition_info``),
the site's address and name in, Markdown out.
"""

from __future__ import annotations

from .text import esc, url_link


def edition_url(site_url: str, edition: dict) -> str:
    """The address to cite: a published edition's own folder, else latest/ ('' without a site address).

    Each published edition stays online at ``<site>/<edition>/`` (see README, publishing an edition),
    so a citation that names the folder still shows readers the text that was cited.
    """
    if not site_url:
        return ""
    root = site_url if site_url.endswith("/") else f"{site_url}/"
    return f"{root}{edition['number']}/" if edition.get("released") else f"{root}latest/"


def latest_url(site_url: str) -> str:
    """The address that always shows the newest edition ('' without a site address)."""
    return edition_url(site_url, {"number": "latest", "released": False})


def citation(edition: dict, site_url: str, site_name: str) -> str:
    """One-line citation (Markdown): name, year, edition and date, address, access date."""
    year = edition["date"][:4]
    where = edition_url(site_url, edition)
    available = f" Available at: {url_link(where)}" if where else ""
    return (f"{esc(site_name)} ({year}). *{esc(edition['label'])}, {esc(edition['date_uk'])}*."
            f"{available} (Accessed: add the date you read it).")


def how_to_cite(tk, here: str, edition: dict, site_url: str, site_name: str) -> str:
    """The citation for the edition being read, with when to use which address."""
    latest = latest_url(site_url)
    parts = [f'!!! quote "Citation"\n\n    {citation(edition, site_url, site_name)}\n']
    if edition.get("released"):
        parts.append("This names the edition you are reading. Every edition stays online at its own address, "
                     "so your readers see the same text you did.")
        if latest:
            parts.append(f"To point readers to whichever edition is newest, use {url_link(latest)} instead.")
    else:
        parts.append("You are reading a development version. It can change at any time, so cite a published "
                     "edition instead.")
        if latest:
            parts.append(f"The newest edition is at {url_link(latest)}. Every page shows its edition and date.")
    first = tk.recommendations[0] if tk.recommendations else None
    example = f", for example “{first['id']}: {esc(first['title'])}”" if first else ""
    parts.append(f"To cite one recommendation or case study, give its ID and title first{example}, "
                 "then the citation above and the address of its page.")
    return "\n\n".join(parts) + "\n"
