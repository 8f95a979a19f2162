"""The lessons' colours stay apart for colour-blind students: every pair of colours drawn together in one
chart, seen through a simulated colour-vision deficiency, and every line against the white page.

Simulation: colorspacious's Machado et al. (2009) model of deuteranomaly, protanomaly and tritanomaly at
severity 100 (a dichromat: the missing cone's signal fully gone, the hardest case). Distance: ΔE in
CAM02-UCS, where 1 is about one just-noticeable difference between two large patches side by side.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE
from plotly.colors import hex_to_rgb

from gdviz.figures import learning_rate, optimizers, theme
from gdviz.ui.pages import PAGES
from tests.conftest import charts, open_page

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")

MIN_APART = 10.0
"""Two colours that mean two things. Lines and markers are thin, and a thin mark's colour is harder to
tell than a patch's (its difference must be several times larger to be seen as easily), so ten
just-noticeable differences: two colours named apart at a glance, not compared with care."""

MIN_ON_WHITE = 20.0
"""A line against the white page: twice :data:`MIN_APART`, since a faint line is lost, not confused."""

PALETTE = {
    color.upper()
    for colors in (theme.COLORS, theme.RULE_COLORS, learning_rate.PRESET_COLORS)
    for key, color in colors.items()
    if key != "muted"  # the grey of backgrounds (a curve behind the paths, a legend key): no one thing
} | {c.upper() for c in theme.SERIES}
"""The colours that name something (a rule, a run, the data, the minimum). Charts also draw greys under
them (contour levels, the curve a path walks on) and the divide-and-conquer rounds' light-to-dark ramp,
ordered rounds told apart by their row on the ladder below them."""


def simulated(color: str, deficiency: str | None) -> np.ndarray:
    rgb = np.array(hex_to_rgb(color)) / 255
    if deficiency is None:
        return rgb
    seen = cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1")
    return np.clip(seen, 0, 1)


def apart(a: str, b: str, deficiency: str | None) -> float:
    return float(deltaE(simulated(a, deficiency), simulated(b, deficiency), input_space="sRGB1"))


def trace_colors(figure: dict[str, Any]) -> set[str]:
    """The palette colours a chart draws: its traces' line and marker colours (one or one per point)."""
    found: set[str] = set()
    for trace in figure["data"]:
        for part in ("line", "marker"):
            color = (trace.get(part) or {}).get("color")
            for c in color if isinstance(color, list) else [color]:
                if isinstance(c, str) and c.upper() in PALETTE:
                    found.add(c.upper())
    return found


def drawn_together() -> dict[str, set[str]]:
    """Each lesson chart's palette colours, read from the figures the pages send; and the optimizers,
    any five of which a student may race together."""
    groups = {
        f"{info.slug}/{key}": trace_colors(figure)
        for info in PAGES
        for key, figure in charts(open_page(info.slug)).items()
    }
    groups["optimizers/any five"] = {theme.RULE_COLORS[code].upper() for code in optimizers.OPTIMIZERS}
    return groups


@pytest.fixture(scope="module")
def groups() -> dict[str, set[str]]:
    return drawn_together()


def test_every_lesson_chart_draws_palette_colours(groups: dict[str, set[str]]) -> None:
    lessons = {chart.split("/")[0] for chart, colors in groups.items() if len(colors) >= 2}
    assert lessons == {info.slug for info in PAGES}, groups


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_colours_drawn_together_stay_apart_for_colour_blind_eyes(groups: dict[str, set[str]], deficiency: str) -> None:
    close = {
        (chart, a, b, round(apart(a, b, deficiency), 1))
        for chart, colors in groups.items()
        for a, b in itertools.combinations(sorted(colors), 2)
        if apart(a, b, deficiency) < MIN_APART
    }
    assert not close, close


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_every_line_stands_out_on_the_white_page(groups: dict[str, set[str]], deficiency: str | None) -> None:
    faint = {(c, round(apart(c, "#FFFFFF", deficiency), 1)) for c in set().union(*groups.values())}
    assert all(distance >= MIN_ON_WHITE for _, distance in faint), sorted(faint, key=lambda f: f[1])
