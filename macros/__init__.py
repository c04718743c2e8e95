"""mkdocs-macros entry point: load the validated toolkit once and register the macros.

Nothing else lives here. Loading and validation are in ``loader``; every macro calls a pure
renderer with the current page's path so it can write relative links.
"""

import os

from mkdocs.exceptions import PluginError

from . import render_fields, render_items, render_lists, render_meta, render_print, render_review
from .loader import DataError, load_toolkit
from .pdf_link import OFFLINE_ENV, offline_download, pdf_download
from .preview_error import PREVIEW_ENV
from .render_contributors import contributors_table, kinds_list, load_contributors


def define_env(env):
    try:
        tk = load_toolkit()
    except DataError as err:  # a content mistake: show the contributor's message, not a traceback
        if os.environ.get(PREVIEW_ENV) == "1":  # `mkdocs serve` only: the hook shows it on every page
            return
        raise PluginError(str(err)) from None

    def here():
        return env.page.file.src_uri

    def page_macro(render):
        """Register ``render(tk, here)`` as a macro that takes no page path."""
        env.macro(lambda *args: render(tk, here(), *args), render.__name__)

    def item_macro(render, index, noun):
        """Register ``render(tk, id, here)`` as a macro, refusing unknown IDs with a clear message."""
        def call(item_id):
            if item_id not in index:
                raise ValueError(f"{render.__name__}(): there is no {noun} with ID '{item_id}'.")
            return render(tk, item_id, here())
        env.macro(call, render.__name__)

    item_macro(render_items.recommendation_page, tk.rec, "recommendation")
    item_macro(render_items.case_study_page, tk.case, "case study")
    for render in (render_lists.recommendation_index, render_lists.case_study_index, render_lists.principles_list,
                   render_lists.programme_theory, render_lists.glossary_list, render_lists.source_list,
                   render_lists.changes):
        page_macro(render)
    page_macro(render_items.recommendation_facets)
    page_macro(render_lists.cite)
    page_macro(render_lists.references)
    page_macro(render_review.review_form)
    page_macro(render_fields.field_reference)
    page_macro(render_print.worksheet)
    env.macro(lambda: pdf_download(env.conf["docs_dir"], here()), "pdf_download")
    env.macro(lambda: offline_download(env.conf["docs_dir"], here(), env.conf["site_url"] or "",
                                       os.environ.get(OFFLINE_ENV) == "1"), "offline_download")
    # The site's own address, read now: during `mike deploy` the mike plugin (after macros in mkdocs.yml)
    # later rewrites site_url to <site>/latest for canonical links.
    site_root = env.conf["site_url"] or ""
    env.macro(lambda: render_meta.how_to_cite(tk, here(), env.conf["extra"]["edition"], site_root,
                                              env.conf["site_name"]), "how_to_cite")
    # The whole-toolkit page (made into the PDF): the edition is set by the hook, so read it at call time.
    # Its items are filled in by the hook from their own pages' HTML (render_print.fill_slots).
    env.macro(lambda: render_print.PREVIEW_NOTE if env.conf["extra"].get("preview") else
              render_print.toolkit_print(tk, here(), env.conf["site_name"], env.conf["extra"]["edition"],
                                         site_root, env.conf["site_description"] or "", slots=True), "toolkit_print")
    env.variables["toolkit"] = tk
    try:  # the contributors page's data, checked like the rest
        credited = load_contributors()
    except DataError as err:
        raise PluginError(str(err)) from None
    env.macro(lambda: contributors_table(credited), "contributors")
    env.macro(kinds_list, "contribution_kinds")
