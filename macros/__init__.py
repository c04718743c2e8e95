"""mkdocs-macros entry point: load the validated toolkit once and register the macros.

Nothing else lives here. Loading and validation are in ``loader``; every macro calls a pure
renderer with the current page's path so it can write relative links.
"""

from mkdocs.exceptions import PluginError

from . import render_fields, render_items, render_lists
from .loader import DataError, load_toolkit


def define_env(env):
    try:
        tk = load_toolkit()
    except DataError as err:  # a content mistake: show the contributor's message, not a traceback
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
    page_macro(render_lists.cite)
    page_macro(render_fields.field_reference)
    env.variables["toolkit"] = tk
