"""Formulas with the current numbers plugged in, as LaTeX strings for ``st.latex``."""

from __future__ import annotations

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
