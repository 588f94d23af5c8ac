"""What the annotations of a class statement or a def statement name, read from its syntax tree.

One reader serves both, so that a class and a function agree on what a string annotation names.
A class body's annotations become ``__annotations__``; so do a def's parameter and return
annotations. Under ``from __future__ import annotations``, or quoted
(``x: "typing.ClassVar[int]"``), they stay strings that the class statement never evaluates:
``dataclasses`` (``ClassVar``, ``InitVar``, ``KW_ONLY``), ``typing.get_type_hints`` and pydantic
evaluate them later, in the globals of the class's module.
A function's quoted annotations (``def feed(p: "Pet") -> "list[Pet]"``) are the same: its def
never evaluates them, ``typing.get_type_hints`` and ``typecheck=True`` do, in the function's
globals. Capture reads here which globals those strings name, so that they go into the payload;
the loader reads here whether a class statement has such strings, and which globals to set before
it runs.

Imports only the standard library's ``_ast`` (the loader uses it: ``ast`` costs a fresh process
milliseconds); parsing executes nothing.
"""

from __future__ import annotations

import _ast

from ._astparse import Annotations, attribute_chain, iter_child_nodes

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Dict, List, Set, Tuple

# A string in these subscripts is a value, never a type to evaluate (Literal["red"]); in
# Annotated[T, "meta"] only the first argument is a type.
_VALUE_SUBSCRIPTS = frozenset({"Literal"})
_METADATA_SUBSCRIPTS = frozenset({"Annotated"})
# Compound statements whose blocks are still the class body (a field under ``if``).
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
# Statements that hold no statement, hence no def, class or annotated assignment: a def's body
# walk skips them unread (most of a body is these: reading the five block fields of each was ~70%
# of function_annotations, issue 9). A kind not listed (one a later Python adds) is read.
_LEAVES = frozenset(
    getattr(_ast, name)
    for name in (
        "Return", "Assign", "AugAssign", "Expr", "Pass", "Break", "Continue", "Import",
        "ImportFrom", "Global", "Nonlocal", "Delete", "Raise", "Assert",
    )
)  # fmt: skip
# Per kind of compound statement, those of _BLOCKS it has (found at its first walk).
_BLOCK_FIELDS: Dict[type, Tuple[str, ...]] = {}
# A string annotation longer than this is not parsed (an annotation is a short expression: a
# pathological string must not make capture or loading slow).
_LONGEST_STRING = 2000
# Strings inside strings ("List['Pet']") are parsed this many levels deep; deeper ones name nothing
# any real annotation needs.
_NESTING = 8


def parse_statement(source: str) -> _ast.AST:
    """The syntax tree of a class statement's source (raises ``SyntaxError``)."""
    tree = compile(source, "<class statement>", "exec", _ast.PyCF_ONLY_AST, dont_inherit=True)
    assert isinstance(tree, _ast.Module)
    for statement in tree.body:
        if isinstance(statement, _ast.ClassDef):
            return statement
    return tree


def class_annotations(statement: _ast.AST) -> Annotations:
    """The annotations of the class statement ``statement`` (a ``ClassDef``; anything else has
    none)."""
    found = Annotations()
    if not isinstance(statement, _ast.ClassDef):
        return found
    names: Set[str] = set()
    chains: Dict[str, Set[Tuple[str, ...]]] = {}
    pending: List[_ast.AST] = list(statement.body)
    while pending:
        node = pending.pop()
        if isinstance(node, _ast.AnnAssign):
            if isinstance(node.target, _ast.Name):
                found.annotated = True
                if _collect(node.annotation, names, chains, 0, True):
                    found.strings = True
        elif isinstance(node, _ast.ClassDef):
            pending.extend(node.body)  # a nested class's annotations resolve in the same module
        elif not isinstance(node, (_ast.FunctionDef, _ast.AsyncFunctionDef)):
            # if/try/with/for/match blocks, except clauses and match cases: still the body.
            for field in _BLOCKS:
                block = getattr(node, field, None) or ()
                pending.extend(child for child in block if isinstance(child, _ast.AST))
    found.names = sorted(names)
    found.chains = {name: sorted(chains[name]) for name in sorted(chains)}
    return found


def function_annotations(statement: _ast.AST, future: bool) -> Annotations:
    """The annotations of the def statement ``statement`` (a ``FunctionDef`` or
    ``AsyncFunctionDef``; a lambda has none) and of the defs and class statements its body holds.

    ``future``: the source is under ``from __future__ import annotations``, where every annotation
    is a string. The def's own annotations are evaluated from their texts in the function's
    globals when it is loaded: every name they read counts. Those of what its body defines are
    evaluated when that runs, by its code, which names their globals already: only their strings
    count (evaluated later in the same globals), and every annotation under ``future``. A local
    variable's annotation in a function body is never evaluated and names nothing.
    """
    found = Annotations()
    if not isinstance(statement, (_ast.FunctionDef, _ast.AsyncFunctionDef)):
        return found
    names: Set[str] = set()
    chains: Dict[str, Set[Tuple[str, ...]]] = {}
    # (node, whether it is a statement of a class body, whether its annotations' names count)
    pending: List[Tuple[_ast.AST, bool, bool]] = [(statement, False, True)]
    while pending:
        node, class_body, direct = pending.pop()
        if isinstance(node, (_ast.FunctionDef, _ast.AsyncFunctionDef)):
            arguments = node.args
            expressions = [
                arg.annotation
                for arg in (*arguments.posonlyargs, *arguments.args, arguments.vararg,
                            *arguments.kwonlyargs, arguments.kwarg)
                if arg is not None and arg.annotation is not None
            ]  # fmt: skip
            if node.returns is not None:
                expressions.append(node.returns)
            for expression in expressions:
                found.annotated = True
                if _collect(expression, names, chains, 0, direct or future):
                    found.strings = True
            pending.extend((child, False, False) for child in node.body if type(child) not in _LEAVES)
        elif isinstance(node, _ast.ClassDef):
            pending.extend((child, True, False) for child in node.body if type(child) not in _LEAVES)
        elif isinstance(node, _ast.AnnAssign):
            if class_body and isinstance(node.target, _ast.Name):
                found.annotated = True
                if _collect(node.annotation, names, chains, 0, future):
                    found.strings = True
        else:
            # if/try/with/for/match blocks, except clauses and match cases: still the same body.
            kind = type(node)
            fields = _BLOCK_FIELDS.get(kind)
            if fields is None:
                fields = _BLOCK_FIELDS[kind] = tuple(f for f in _BLOCKS if f in getattr(kind, "_fields", ()))
            for field in fields:
                block = getattr(node, field, None) or ()
                pending.extend(
                    (child, class_body, direct)
                    for child in block
                    if isinstance(child, _ast.AST) and type(child) not in _LEAVES
                )
    found.names = sorted(names)
    found.chains = {name: sorted(chains[name]) for name in sorted(chains)}
    return found


def string_names(text: str) -> Tuple[List[str], Dict[str, List[Tuple[str, ...]]]]:
    """The globals the string annotation ``text`` (a forward reference, ``"Pet"`` or
    ``"Optional[Pet]"``) names when evaluated, with the attribute chains followed from each."""
    names: Set[str] = set()
    chains: Dict[str, Set[Tuple[str, ...]]] = {}
    inner = _parse_expression(text) if len(text) <= _LONGEST_STRING else None
    if inner is not None:
        _collect(inner, names, chains, 1, True)
    return sorted(names), {name: sorted(chains[name]) for name in sorted(chains)}


def _collect(
    expression: _ast.AST,
    names: Set[str],
    chains: Dict[str, Set[Tuple[str, ...]]],
    depth: int,
    direct: bool,
) -> bool:
    """Add the names ``expression``, a type, reads (with ``direct`` False, only those its strings
    read); True when it holds a string to evaluate."""
    strings = False
    # (node, whether a string in it is a type): explicit stack, an annotation can nest deeply.
    pending: List[Tuple[_ast.AST, bool]] = [(expression, True)]
    while pending:
        node, typed = pending.pop()
        if isinstance(node, _ast.Constant):
            if typed and isinstance(node.value, str):
                strings = True
                if depth < _NESTING and len(node.value) <= _LONGEST_STRING:
                    inner = _parse_expression(node.value)
                    if inner is not None:
                        _collect(inner, names, chains, depth + 1, True)
            continue
        if not direct and isinstance(node, (_ast.Name, _ast.Attribute)):
            if isinstance(node, _ast.Attribute):
                pending.append((attribute_chain(node)[0], typed))
            continue
        if isinstance(node, _ast.Name):
            names.add(node.id)
            chains.setdefault(node.id, set()).add(())  # the name itself is read
            continue
        if isinstance(node, _ast.Attribute):
            base, chain = attribute_chain(node)
            if isinstance(base, _ast.Name):
                names.add(base.id)
                chains.setdefault(base.id, set()).add(chain)
            else:
                pending.append((base, typed))
            continue
        if isinstance(node, _ast.Subscript):
            pending.append((node.value, typed))
            head = _last_name(node.value)
            arguments = node.slice
            if head in _VALUE_SUBSCRIPTS:
                pending.append((arguments, False))
            elif head in _METADATA_SUBSCRIPTS and isinstance(arguments, _ast.Tuple) and arguments.elts:
                pending.append((arguments.elts[0], typed))
                pending.extend((element, False) for element in arguments.elts[1:])
            else:
                pending.append((arguments, typed))
            continue
        for child in iter_child_nodes(node):
            pending.append((child, typed))
    return strings


def _last_name(node: _ast.AST) -> str:
    if isinstance(node, _ast.Name):
        return node.id
    if isinstance(node, _ast.Attribute):
        return node.attr
    return ""


def _parse_expression(text: str) -> _ast.AST | None:
    # As typing.ForwardRef compiles a string annotation: one expression (surrounding spaces
    # allowed); what does not parse is a string no evaluation could use.
    try:
        tree = compile(text.strip(), "<annotation>", "eval", _ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    return getattr(tree, "body", None)
