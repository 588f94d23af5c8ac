"""Lambdas that share a line: which of them is a lambda's source, when more than one compiles to its
code (``(lambda x=1: x), (lambda x=2: x)``): the one whose span holds the code's instructions
(3.11+ code has columns), then the one whose default expressions give the live defaults.

Imported by the first capture of a lambda with twins on its line (``_source``): a dumps of other
functions does not load this code (issue 9).
"""

from __future__ import annotations

import _ast as ast  # the node classes; ast itself only where needed (issue 9)
import sys
import types

from ._source import same_constant

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, List, Optional, Tuple

    from ._source import FunctionAst


def ranked(
    lambdas: List[FunctionAst], code: types.CodeType, fn: Optional[types.FunctionType]
) -> List[FunctionAst]:
    """``lambdas`` (at least two of one line) sorted so that the first is the most likely source of
    ``code`` (``fn``'s, when known)."""
    # Lambdas of one line whose code is the same (``(lambda x=1: x), (lambda x=2: x)``) all
    # verify: the first tried is the one captured. On Python 3.11+ a lambda's instructions lie
    # inside its own span: the tightest enclosing candidate first. Then (and on 3.9, 3.10 and
    # PyPy, whose code has no columns) those whose defaults are the live ones.
    positions = _positions(code)

    def rank(node: Any) -> Tuple[bool, Tuple[int, int], int, int]:
        misfits = default_misfits(node, fn) if fn is not None else (0, 0)
        if not positions:
            return (False, misfits, 0, 0)
        start = (node.lineno, node.col_offset)
        end = (node.end_lineno, node.end_col_offset)
        inside = all(start <= first and last <= end for first, last in positions)
        return (not inside, misfits, node.end_lineno - node.lineno, node.end_col_offset - node.col_offset)

    lambdas.sort(key=rank)
    return lambdas


def _positions(code: types.CodeType) -> List[Tuple[Tuple[int, int], Tuple[int, int]]]:
    if not hasattr(code, "co_positions") or sys.implementation.name != "cpython":
        return []
    # As (start, end) pairs of (line, column), from co_positions' (line, end line, column, end
    # column); without the empty spans: an instruction of no source (RESUME, 3.11+) sits at
    # column 0 of the first line, outside every lambda that does not start a line.
    return [
        ((line, column), (end_line, end_column))
        for line, end_line, column, end_column in code.co_positions()
        if line is not None
        and end_line is not None
        and column is not None
        and end_column is not None
        and (line, column) != (end_line, end_column)
    ]


# What _literal gives for an expression that is not a literal.
NOT_LITERAL = object()


def default_misfits(node: ast.Lambda, fn: types.FunctionType) -> Tuple[int, int]:
    """How many default expressions of ``node`` give another value than ``fn``'s live default
    (a missing or extra default counts too), and how many cannot be told without running them:
    a literal, or a global name bound to that very object, is told."""
    live = fn.__defaults__ or ()
    live_kw = fn.__kwdefaults__ or {}
    args = node.args
    misfits = abs(len(args.defaults) - len(live))
    unknown = 0
    pairs = list(zip(reversed(args.defaults), reversed(live)))
    for arg, expression in zip(args.kwonlyargs, args.kw_defaults):
        if expression is None or arg.arg not in live_kw:
            misfits += (expression is None) != (arg.arg not in live_kw)
        else:
            pairs.append((expression, live_kw[arg.arg]))
    for expression, value in pairs:
        if isinstance(expression, ast.Name):
            bound = fn.__globals__.get(expression.id, NOT_LITERAL)
            if bound is NOT_LITERAL:
                unknown += 1
            else:
                misfits += bound is not value
            continue
        literal = _literal(expression)
        if literal is NOT_LITERAL:
            unknown += 1
        else:
            misfits += not same_constant(literal, value)
    return misfits, unknown


def _literal(expression: ast.AST) -> Any:
    # The value of a constant, a signed number or a tuple of them; NOT_LITERAL for anything else
    # (ast.literal_eval without importing ast, which a first dumps does not pay for, issue 9).
    if isinstance(expression, ast.Constant):
        return expression.value
    if isinstance(expression, ast.UnaryOp) and isinstance(expression.op, (ast.USub, ast.UAdd)):
        operand = _literal(expression.operand)
        if type(operand) in (int, float, complex):
            return -operand if isinstance(expression.op, ast.USub) else +operand
        return NOT_LITERAL
    if isinstance(expression, ast.Tuple):
        items = tuple(_literal(item) for item in expression.elts)
        return NOT_LITERAL if any(item is NOT_LITERAL for item in items) else items
    return NOT_LITERAL
