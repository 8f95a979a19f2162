"""Functions a user types, f(x, y) or f(w): read safely, differentiated exactly, evaluated with NumPy.

Safe by construction: the text is tokenized and parsed by Python's own ``tokenize`` and ``ast`` (after
writing ``^`` as ``**`` and the multiplications people leave out, ``3y`` and ``100(y − x²)``, as ``*``),
and a whitelist walks the tree, building the SymPy expression node by node: numbers, the variables,
``pi`` and ``e``, + − × ÷ and powers, unary minus, and calls of the functions in :data:`FUNCTIONS`.
Anything else is refused with a sentence that says where. User text is never run as code: no string
evaluator of Python or SymPy ever sees it; the gradient is ``sympy.diff`` of the tree built here, and
``sympy.lambdify`` turns that trusted tree into NumPy functions.

>>> f = parse_function("x^2 + 3y^2", ("x", "y"))
>>> f.value([1.0, 2.0]), f.grad([1.0, 2.0]).tolist()
(13.0, [2.0, 12.0])
"""

from __future__ import annotations

import ast
import io
import math
import operator
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from gdviz.core._types import FloatArray
from gdviz.i18n import RefusalError

MAX_LENGTH = 200
"""The longest text accepted, in characters."""

MAX_EXPONENT = 100
"""The largest exponent written as a number (``x**10**10`` would never finish)."""

FUNCTIONS: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
}
"""The functions a formula may call, each of one argument."""

CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E}

# Signs people type that Python does not read, each one character for one, so columns stay true.
_SIGNS = str.maketrans({"×": "*", "·": "*", "÷": "/", "−": "-", "（": "(", "）": ")"})


class ExpressionError(RefusalError):
    """A formula that cannot be used, with the sentence that says why (:meth:`message`, in either
    language, naming the column where the problem is, counted from 1)."""

    prefix = "expressions"


def _tokens(text: str, names: Sequence[str]) -> tuple[str, list[int]]:
    """The text as Python reads it (``^`` as ``**``, left-out ``*`` written), and for each character of
    that the column of the user's text it comes from."""
    out: list[str] = []
    columns: list[int] = []
    previous: tokenize.TokenInfo | None = None
    end = 0
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError) as err:
        raise ExpressionError("syntax", col=len(text) + 1, near=text[-10:]) from err
    for token in tokens:
        if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT):
            continue
        start = token.start[1]
        if token.type == tokenize.ERRORTOKEN and not token.string.isspace():
            raise ExpressionError("character", col=start + 1, char=token.string)
        gap = text[end:start]
        out.append(gap)
        columns += range(end, start)
        if previous is not None and _implied_product(previous, token, names):
            out.append("*")
            columns.append(start)
        string = "**" if token.string == "^" else token.string
        out.append(string)
        columns += [start] * len(string) if string != token.string else range(start, start + len(string))
        previous, end = token, token.end[1]
    return "".join(out), columns


def _implied_product(left: tokenize.TokenInfo, right: tokenize.TokenInfo, names: Sequence[str]) -> bool:
    """Whether two neighbouring tokens multiply: ``3 y``, ``2 pi``, ``) (``, ``) x``, ``3 (``, and ``x (``
    for a variable or a constant; any other name before ``(`` is a call (a function, known or not)."""
    if right.string == "(" and left.type == tokenize.NAME:
        return left.string in names or left.string in CONSTANTS
    left_value = left.type in (tokenize.NUMBER, tokenize.NAME) or left.string == ")"
    right_value = right.type in (tokenize.NUMBER, tokenize.NAME) or right.string == "("
    return left_value and right_value


@dataclass(frozen=True)
class Function:
    """A typed function of its variables, with its exact gradient, evaluated with NumPy.

    An objective for :func:`gdviz.core.descend`: ``value`` and ``grad`` take θ of shape (..., d).
    Where f or its gradient is not defined (the log of a negative number, 1/0) they give NaN or ±∞,
    and a descent stops there as it does when it diverges.
    """

    text: str
    variables: tuple[str, ...]
    expr: sympy.Expr
    gradient: tuple[sympy.Expr, ...]
    _value: Callable[..., Any] = field(repr=False, compare=False)
    _grads: tuple[Callable[..., Any], ...] = field(repr=False, compare=False)

    stacked = True  # value takes θ of shape (..., d)

    @property
    def dim(self) -> int:
        return len(self.variables)

    def _args(self, theta: npt.ArrayLike) -> tuple[FloatArray, list[FloatArray]]:
        t = np.asarray(theta, dtype=np.float64)
        if t.shape[-1:] != (self.dim,):
            raise ValueError(f"θ has shape {t.shape}; f takes {self.dim} values ({', '.join(self.variables)})")
        return t, [t[..., i] for i in range(self.dim)]

    def value(self, theta: npt.ArrayLike) -> float | FloatArray:
        t, args = self._args(theta)
        with np.errstate(all="ignore"):
            v = np.broadcast_to(np.asarray(self._value(*args), dtype=np.float64), t.shape[:-1])
        return float(v) if v.ndim == 0 else v.copy()

    def grad(self, theta: npt.ArrayLike) -> FloatArray:
        t, args = self._args(theta)
        with np.errstate(all="ignore"):
            parts = [np.broadcast_to(np.asarray(g(*args), dtype=np.float64), t.shape[:-1]) for g in self._grads]
        return np.stack(parts, axis=-1)

    def latex(self) -> str:
        """f as LaTeX, for ``st.latex``."""
        return sympy.latex(self.expr)

    def gradient_latex(self) -> list[str]:
        """Each partial derivative ∂f/∂v as LaTeX."""
        return [sympy.latex(g) for g in self.gradient]


def parse_function(text: str, variables: Sequence[str] = ("x", "y")) -> Function:
    """The function ``text`` of ``variables``, or an :class:`ExpressionError` saying what is wrong."""
    text = " ".join(text.split())  # one line: a pasted formula may hold line breaks
    if not text:
        raise ExpressionError("empty", names=", ".join(variables))
    if len(text) > MAX_LENGTH:
        raise ExpressionError("too_long", n=len(text), most=MAX_LENGTH)
    readable, columns = _tokens(text.translate(_SIGNS), variables)
    try:
        module = ast.parse(readable)
    except SyntaxError as err:
        at = columns[min(max((err.offset or 1) - 1, 0), len(columns) - 1)] if columns else 0
        raise ExpressionError("syntax", col=at + 1, near=text[max(0, at - 5) : at + 5]) from err
    symbols = {name: sympy.Symbol(name, real=True) for name in variables}
    builder = _Builder(symbols, columns, text, readable)
    # One expression, nothing else: an assignment, an import or a second statement is no formula.
    if len(module.body) != 1 or not isinstance(module.body[0], ast.Expr):
        node = module.body[-1] if module.body else module
        what = ";" if len(module.body) > 1 else "=" if isinstance(node, ast.Assign | ast.AugAssign) else "…"
        raise builder.refuse(node, what)
    expr = builder.build(module.body[0].value)
    if expr.has(sympy.I):
        raise ExpressionError("complex")
    ordered = [symbols[name] for name in variables]
    gradient = tuple(sympy.diff(expr, s) for s in ordered)
    return Function(
        text=text,
        variables=tuple(variables),
        expr=expr,
        gradient=gradient,
        _value=sympy.lambdify(ordered, expr, modules="numpy"),
        _grads=tuple(sympy.lambdify(ordered, g, modules="numpy") for g in gradient),
    )


_OPERATORS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class _Builder:
    """Walks a parsed formula, building SymPy from the nodes the whitelist allows."""

    def __init__(self, symbols: dict[str, sympy.Symbol], columns: list[int], text: str, readable: str) -> None:
        self.symbols = symbols
        self.columns = columns
        self.text = text
        self.readable = readable  # the text as parsed: node offsets count in it

    def col(self, node: ast.AST) -> int:
        """The column (from 1) of the user's text where ``node`` starts."""
        return self._user_col(getattr(node, "col_offset", 0))

    def _user_col(self, offset: int) -> int:
        return (self.columns[offset] if offset < len(self.columns) else len(self.text)) + 1

    def after(self, node: ast.AST) -> int:
        """The column (from 1) of the user's text of the first sign after ``node``: the ``.`` of
        ``x.real``, the ``[`` of ``x[0]``, the ``<`` of ``x < y``."""
        offset = getattr(node, "end_col_offset", None) or 0
        while offset < len(self.readable) and self.readable[offset] in " )":
            offset += 1
        return self._user_col(offset)

    def refuse(self, node: ast.AST, what: str, col: int | None = None) -> ExpressionError:
        col = self.col(node) if col is None else col
        return ExpressionError("not_allowed", what=what, col=col, names=", ".join(self.symbols))

    def build(self, node: ast.AST) -> sympy.Expr:
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.refuse(node, repr(value)[:12])
            if isinstance(value, float) and not math.isfinite(value):
                raise ExpressionError("number", col=self.col(node))
            return sympy.Integer(value) if isinstance(value, int) else sympy.Float(repr(value))
        if isinstance(node, ast.Name):
            if node.id in self.symbols:
                return self.symbols[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            raise ExpressionError(
                "function_as_value" if node.id in FUNCTIONS else "unknown_name",
                name=node.id,
                col=self.col(node),
                names=", ".join(self.symbols),
            )
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](self.build(node.left), self.build(node.right))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base, exponent = self.build(node.left), self.build(node.right)
            # Compared exactly (SymPy), never through float: 9**400 is no float.
            numbers = base.is_number and exponent.is_number
            if (exponent.is_number and bool(sympy.Abs(exponent) > MAX_EXPONENT)) or (
                numbers and bool(sympy.Abs(exponent) * sympy.log(sympy.Abs(base), 10) > 300)
            ):
                raise ExpressionError("exponent", col=self.col(node.right), most=MAX_EXPONENT)
            return base**exponent
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):  # x.conjugate(): the dot is what is refused
                return self.build(node.func)
            if not isinstance(node.func, ast.Name):
                raise self.refuse(node, ast.unparse(node.func))
            name = node.func.id
            if name not in FUNCTIONS:
                raise ExpressionError(
                    "unknown_function", name=name, col=self.col(node), known=", ".join(sorted(FUNCTIONS))
                )
            if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                raise ExpressionError("arguments", name=name, col=self.col(node))
            return FUNCTIONS[name](self.build(node.args[0]))
        what = {
            ast.Attribute: ".",
            ast.Subscript: "[ ]",
            ast.Lambda: "lambda",
            ast.Compare: "<, >, ==",
            ast.BoolOp: "and / or",
            ast.IfExp: "if … else",
        }.get(type(node), type(node).__name__)
        # Where the sign the reader typed is: after what comes before it, the leftmost one of a chain.
        while isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.value, ast.Attribute | ast.Subscript):
            node = node.value
        before = {
            ast.Attribute: lambda n: n.value,
            ast.Subscript: lambda n: n.value,
            ast.Compare: lambda n: n.left,
            ast.BoolOp: lambda n: n.values[0],
            ast.IfExp: lambda n: n.body,
        }.get(type(node))
        raise self.refuse(node, what, None if before is None else self.after(before(node)))
