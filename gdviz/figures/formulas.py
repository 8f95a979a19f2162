"""Formulas with the current numbers plugged in: LaTeX strings for ``st.latex`` or ``$$ … $$`` in markdown,
and the forward chain as one HTML block."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from gdviz.core.forward import ForwardPass
from gdviz.figures.theme import fmt


def _term(value: float) -> str:
    text = fmt(value).replace("−", "-")
    return f"({text})^2" if value < 0 else f"{text}^2"


def mse_latex(fp: ForwardPass, *, max_terms: int = 4) -> str:
    """``MSE = 1/n Σ (ŷᵢ − yᵢ)² = 1/n (e₁² + e₂² + …) = value``, eliding terms past ``max_terms``."""
    n = fp.error.shape[0]
    terms = [_term(e) for e in fp.error[:max_terms]]
    if n > max_terms:
        terms.append(r"\cdots")
    mse = fmt(fp.mse, 3).replace("−", "-")
    return (
        r"\text{MSE} = \frac{1}{n}\sum_{i=1}^{n}(\hat y_i - y_i)^2 = \frac{1}{"
        + str(n)
        + r"}\left("
        + " + ".join(terms)
        + r"\right) = "
        + mse
    )


# The look of a bordered ``st.container``: one HTML block instead of four containers and eight markdown
# elements, because a slider step re-sends and re-renders every element of its fragment.
_BOX = "flex:1 1 0;min-width:11rem;border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:0.75rem 1rem"


def chain_html(steps: Sequence[tuple[str, str]]) -> str:
    """The steps of a chain as a row of numbered, bordered boxes joined by arrows: ``1. title → / value``.

    Titles and values are escaped, so a ``<`` in a value (``ŷ − y < 0``) stays text; for
    ``st.markdown(..., unsafe_allow_html=True)``.
    """
    boxes = []
    for i, (title, value) in enumerate(steps):
        arrow = " →" if i < len(steps) - 1 else ""
        boxes.append(
            f'<div style="{_BOX}"><strong>{i + 1}. {escape(title)}</strong>{arrow}'
            f'<div style="margin-top:0.6rem">{escape(value)}</div></div>'
        )
    return '<div style="display:flex;flex-wrap:wrap;gap:1rem;margin-bottom:1.5rem">' + "".join(boxes) + "</div>"
