"""The programme-theory diagram, drawn from data/programme-theory.yaml as inline SVG.

No script and no third-party library: plain SVG, coloured by classes in stylesheets/extra.css so it
follows the light and dark schemes and prints in black on white. Two drawings of the same content,
one wide (the mechanisms side by side) and one narrow (stacked, readable on a phone); CSS shows one.
The page lists the same content as text below the diagram, and the SVG carries a text description.
Pure functions: a validated ``Toolkit`` in, HTML out.
"""

from __future__ import annotations

from .text import html_text

WHOLE = "whole-programme"
OUTCOME = "The doctor returns to safe practice"
FONT = 17          # px in SVG units
LINE = 22          # line height
CHAR = 0.53        # average character width, as a share of the font size
PAD = 12


def wrap(text: str, width: float, size: int = FONT) -> list[str]:
    """Break ``text`` into lines that fit ``width`` SVG units at ``size``."""
    most = max(8, int(width / (size * CHAR)))
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > most:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


class _Canvas:
    def __init__(self):
        self.parts: list[str] = []

    def box(self, x: float, y: float, w: float, text: str, kind: str, bold: bool = False) -> float:
        """A box with wrapped text; returns its height."""
        lines = wrap(text, w - 2 * PAD)
        h = len(lines) * LINE + 2 * PAD - 4
        self.parts.append(f'<rect class="tk-diagram__{kind}" x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" '
                          f'height="{h:.0f}" rx="6"/>')
        weight = ' font-weight="700"' if bold else ""
        for n, line in enumerate(lines):
            self.parts.append(f'<text class="tk-diagram__text" x="{x + w / 2:.0f}" y="{y + PAD + 12 + n * LINE:.0f}" '
                              f'text-anchor="middle"{weight}>{html_text(line)}</text>')
        return h

    def arrow(self, x: float, y1: float, y2: float) -> None:
        self.parts.append(f'<line class="tk-diagram__arrow" x1="{x:.0f}" y1="{y1:.0f}" x2="{x:.0f}" y2="{y2 - 9:.0f}"/>'
                          f'<path class="tk-diagram__head" d="M{x - 7:.0f} {y2 - 11:.0f} L{x + 7:.0f} {y2 - 11:.0f} '
                          f'L{x:.0f} {y2:.0f} Z"/>')

    def label(self, x: float, y: float, text: str) -> None:
        self.parts.append(f'<text class="tk-diagram__label" x="{x:.0f}" y="{y:.0f}">{html_text(text)}</text>')


def _columns(tk) -> list[tuple[dict, list[dict]]]:
    return [(m, [s for s in tk.strategies if s["mechanism"] == m["id"]]) for m in tk.mechanisms if m["id"] != WHOLE]


def _draw(tk, width: int, per_row: int) -> tuple[str, int]:
    """Whole-programme band, then each mechanism's strategies above it, then the shared outcome."""
    canvas = _Canvas()
    whole = next((m for m in tk.mechanisms if m["id"] == WHOLE), None)
    y = 4
    if whole:
        names = "; ".join(s["name"] for s in tk.strategies if s["mechanism"] == WHOLE)
        text = f"{whole['name']}: {names}" if names else whole["name"]
        y += canvas.box(4, y, width - 8, text, "whole", bold=True) + 14
    columns = _columns(tk)
    gap = 18
    rail = 26 if len(columns) > per_row else 0  # stacked drawing: every mechanism joins a line to the outcome
    col_w = (width - 8 - rail - gap * (per_row - 1)) / per_row
    bottoms, centres, joins = [], [], []
    for start in range(0, len(columns), per_row):
        row = columns[start:start + per_row]
        tops = y
        row_bottom = y
        for n, (mechanism, strategies) in enumerate(row):
            x = 4 + n * (col_w + gap)
            cy = tops
            canvas.label(x, cy + 14, "Strategies")
            cy += 24
            for s in strategies:
                cy += canvas.box(x, cy, col_w, s["name"], "strategy") + 8
            canvas.arrow(x + col_w / 2, cy, cy + 30)
            cy += 34
            height = canvas.box(x, cy, col_w, f"Mechanism: {mechanism['name']}", "mechanism", bold=True)
            joins.append((x + col_w, cy + height / 2))
            cy += height
            centres.append(x + col_w / 2)
            bottoms.append(cy)
            row_bottom = max(row_bottom, cy)
        y = row_bottom + (40 if start + per_row < len(columns) else 0)
    outcome_top = y + 44
    if rail:
        rail_x = width - 4 - rail / 2
        for x, y_mid in joins:
            canvas.parts.append(f'<path class="tk-diagram__arrow" fill="none" d="M{x:.0f} {y_mid:.0f} H{rail_x:.0f}"/>')
        canvas.arrow(rail_x, joins[0][1], outcome_top)
    else:
        for x, bottom in zip(centres, bottoms, strict=False):
            canvas.arrow(x, bottom, outcome_top)
    y = outcome_top + canvas.box(4, outcome_top, width - 8, f"Outcome: {OUTCOME}", "outcome", bold=True)
    return "".join(canvas.parts), int(y + 6)


def description(tk) -> str:
    """The diagram in words (the SVG's <desc>)."""
    parts = []
    for mechanism, strategies in _columns(tk):
        names = ", ".join(s["name"] for s in strategies) or "no strategy yet"
        parts.append(f"{mechanism['name']} is served by: {names}.")
    whole = [s["name"] for s in tk.strategies if s["mechanism"] == WHOLE]
    lead = ("Across the whole programme: " + ", ".join(whole) + ". ") if whole else ""
    return f"{lead}{' '.join(parts)} Each mechanism leads to the outcome: {OUTCOME.lower()}."


def programme_theory_svg(tk) -> str:
    """The figure: a wide and a narrow drawing, each a labelled image with a description."""
    title = "How the programme is meant to work: strategies, mechanisms and outcome"
    desc = html_text(description(tk))
    drawings = []
    for name, width, per_row in (("wide", 720, 3), ("narrow", 360, 1)):
        body, height = _draw(tk, width, per_row)
        drawings.append(
            f'<svg class="tk-diagram tk-diagram--{name}" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="tk-diagram-{name}-title tk-diagram-{name}-desc" '
            f'xmlns="http://www.w3.org/2000/svg"><title id="tk-diagram-{name}-title">{html_text(title)}</title>'
            f'<desc id="tk-diagram-{name}-desc">{desc}</desc>{body}</svg>')
    return ('<figure class="tk-figure" data-search-exclude="true">' + "".join(drawings) +
            "<figcaption>The programme theory as a diagram. Every strategy and mechanism is listed below, "
            "with its source.</figcaption></figure>")
