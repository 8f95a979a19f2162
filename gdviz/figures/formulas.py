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


# The look of a bordered ``st.container``, in one markdown element instead of a container and a few
# markdown elements per box: a slider step re-sends and re-renders every element of its fragment
# (2-4 ms each in the browser).
_ROW = "display:flex;flex-wrap:wrap;gap:1rem;margin-bottom:1rem"
_BOX = "flex:1 1 0;min-width:11rem;border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:0.75rem 1rem 0"


def boxes_markdown(
    boxes: Sequence[tuple[str, str]], *, colors: Sequence[str] | None = None, chain: bool = False
) -> str:
    """Boxes side by side (wrapping on a narrow screen), each a bold title over its text, for
    ``st.markdown(..., unsafe_allow_html=True)``.

    Titles and texts are markdown (each sits between blank lines, so markdown inside the HTML boxes
    still counts): bold, colours and math work, and a ``<`` meant as text must come escaped. With
    ``colors``, each box is topped by a bar of its colour and its title led by a square of it (the
    run's colour in the charts; the title itself stays dark, readable on a projector). With
    ``chain``, the boxes are numbered steps joined by arrows.
    """
    lines = [f'<div style="{_ROW}">']
    for i, (title, text) in enumerate(boxes):
        head = f"**{i + 1}. {title}**" if chain else f"**{title}**"
        if chain and i < len(boxes) - 1:
            head += " →"
        style = _BOX
        if colors is not None:
            style += f";border-top:0.35rem solid {colors[i]}"
            head = f'<span style="color:{colors[i]}">■</span> {head}'
        lines += [f'<div style="{style}">', "", head, "", text, "", "</div>"]
    lines.append("</div>")
    return "\n".join(lines)


def chain_html(steps: Sequence[tuple[str, str]]) -> str:
    """The steps of a chain as a row of numbered, bordered boxes joined by arrows: ``1. title →`` over
    its value (:func:`boxes_markdown`). Titles and values are plain text, escaped, so a ``<`` in a
    value (``ŷ − y < 0``) stays text."""
    return boxes_markdown([(escape(title), escape(value)) for title, value in steps], chain=True)
