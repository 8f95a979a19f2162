"""A typed function: read safely, its exact gradient, refusals that say where, in both languages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gdviz.core import descend, rules
from gdviz.core.objectives import TEST_FUNCTIONS
from gdviz.expressions import MAX_LENGTH, ExpressionError, parse_function
from gdviz.i18n import tr

rng = np.random.default_rng(0)
POINTS = rng.uniform(-2.0, 2.0, size=(50, 2))
POINTS[:, 0] += np.where(np.abs(POINTS[:, 0]) < 0.1, 0.5, 0.0)  # clear of abs(x)'s kink


def _hand(name: str):
    """Each function and its gradient written out by hand, for x and y of any shape."""
    return {
        "bowl": (lambda x, y: x**2 + 3 * y**2, lambda x, y: (2 * x, 6 * y)),
        "waves": (lambda x, y: np.sin(x) * np.cos(y), lambda x, y: (np.cos(x) * np.cos(y), -np.sin(x) * np.sin(y))),
        "rosenbrock": (
            lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
            lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
        ),
        "log": (
            lambda x, y: np.log(1 + x**2 + y**2),
            lambda x, y: (2 * x / (1 + x**2 + y**2), 2 * y / (1 + x**2 + y**2)),
        ),
        "abs": (lambda x, y: np.abs(x) + y**2, lambda x, y: (np.sign(x), 2 * y)),
    }[name]


@pytest.mark.parametrize(
    "text, name",
    [
        ("x**2 + 3*y**2", "bowl"),
        ("x^2+3y^2", "bowl"),
        ("x² + 3y²".replace("²", "^2"), "bowl"),
        ("x × x + 3 · y^2", "bowl"),
        ("sin(x)*cos(y)", "waves"),
        ("sin(x)cos(y)", "waves"),
        ("(1-x)^2 + 100(y-x^2)^2", "rosenbrock"),
        ("log(1+x^2+y^2)", "log"),
        ("ln(1 + x^2 + y^2)", "log"),
        ("abs(x)+y^2", "abs"),
    ],
)
def test_ordinary_notation_gives_the_function_and_its_exact_gradient(text: str, name: str) -> None:
    f = parse_function(text, ("x", "y"))
    value, grad = _hand(name)
    x, y = POINTS[:, 0], POINTS[:, 1]
    np.testing.assert_allclose(f.value(POINTS), value(x, y), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(f.grad(POINTS), np.stack(grad(x, y), axis=-1), rtol=1e-12, atol=1e-12)
    # One point at a time too, as a descent asks: a number and a vector of two.
    assert f.value(POINTS[0]) == pytest.approx(value(*POINTS[0]))
    assert f.grad(POINTS[0]).shape == (2,)


def test_a_function_of_one_variable_and_constants() -> None:
    f = parse_function("w^4 - 3w^2 + w + 2pi - e", ("w",))
    w = np.linspace(-2.0, 2.0, 9)
    np.testing.assert_allclose(f.value(w[:, None]), w**4 - 3 * w**2 + w + 2 * np.pi - np.e, rtol=1e-12)
    np.testing.assert_allclose(f.grad(w[:, None])[:, 0], 4 * w**3 - 6 * w + 1, rtol=1e-12, atol=1e-12)
    # A constant's gradient is zero everywhere, in the shape asked.
    assert parse_function("5", ("x", "y")).grad(POINTS).tolist() == np.zeros((50, 2)).tolist()


def test_a_typed_rosenbrock_descends_exactly_as_the_built_in_one() -> None:
    typed = parse_function("(1-x)^2 + 100(y-x^2)^2")
    ours = descend(typed, rules.adam(0.02), (-1.5, 2.0), 300)
    built_in = descend(TEST_FUNCTIONS["rosenbrock"], rules.adam(0.02), (-1.5, 2.0), 300)
    np.testing.assert_allclose(ours.theta, built_in.theta, rtol=1e-12, atol=1e-12)


def test_a_run_stops_where_the_function_is_not_defined() -> None:
    # d/dx log(x) = 1/x = 10 at x = 0.1: one step of η = 1 lands at x = −9.9, where log is not defined.
    path = descend(parse_function("log(x) + y^2"), rules.gd(1.0), (0.1, 1.0), 20)
    assert path.diverged_at == 1
    assert np.isnan(parse_function("log(x) + y^2").value([-1.0, 0.0]))


@pytest.mark.parametrize(
    "text, key, col",
    [
        ("", "empty", None),
        ("x" * (MAX_LENGTH + 1), "too_long", None),
        ("x + (", "syntax", None),
        ("x $ y", "character", 3),
        ("z + x", "unknown_name", 1),
        ("x + sin", "function_as_value", 5),
        ("foo(x)", "unknown_function", 1),
        ("__import__('os').system('touch /tmp/gdviz-pwned')", "not_allowed", 17),
        ("__import__('os')", "unknown_function", 1),
        ("().__class__.__bases__", "not_allowed", 3),
        ("x.real", "not_allowed", 2),
        ("x.__class__", "not_allowed", 2),
        ('"a"*10**9', "not_allowed", 1),
        ("x[0]", "not_allowed", 2),
        ("(lambda: 0)", "not_allowed", 2),
        ("'x' + y", "not_allowed", 1),
        ("x < y", "not_allowed", 3),
        ("x ** y.conjugate()", "not_allowed", 7),
        ("(x) [0]", "not_allowed", 5),
        ("sin(x, y)", "arguments", 1),
        ("x = 1", "not_allowed", 1),
        ("x; y", "not_allowed", 4),
        ("x**10**10", "exponent", 4),
        ("10^10^10", "exponent", 4),
        ("2**2**2**2**2", "exponent", 4),
        ("(9**100)**100", "exponent", 11),
        ("1e400 * x", "number", 1),
        ("sqrt(-1) * x", "complex", None),
        ("1j * x", "not_allowed", 1),
    ],
)
def test_what_cannot_be_used_is_refused_with_a_sentence_that_says_where(text: str, key: str, col: int | None) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_function(text, ("x", "y"))
    err = caught.value
    assert err.key == key
    if col is not None:
        assert err.fields["col"] == col
    for lang in ("en", "zh"):
        sentence = err.message(lang)
        assert sentence == tr(f"expressions.{key}", lang, **err.fields) and "{" not in sentence
    assert str(err) == err.message("en")
    assert not Path("/tmp/gdviz-pwned").exists()


def test_a_refusal_is_a_value_error_the_pages_turn_into_a_sentence() -> None:
    with pytest.raises(ValueError, match="Unknown name “q” at column 3"):
        parse_function("x+q")


def test_the_formula_and_its_gradient_as_latex() -> None:
    f = parse_function("x^2 y")
    assert f.latex() == "x^{2} y"
    assert f.gradient_latex() == ["2 x y", "x^{2}"]
