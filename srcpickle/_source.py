"""Recover the exact source of a function or lambda, and verify it against the live code.

Sources come from ``linecache`` (files, zip imports, IPython cells, and functions srcpickle itself
loaded). Each file is parsed once with the interpreter's own parser (``ast``), which accepts exactly
the grammar the live code was compiled with, and the parse is reused for every function of that
file. A candidate source is compiled the way the loader will compile it and compared with the live
code object; only a source that compiles to the same code is accepted, so an edited file, an
``exec``-made function or a lambda twin never yields a payload that does something else.

Must never return a source it has not verified.
"""

from __future__ import annotations
import __future__

import _ast as ast  # the node classes; ast itself only where needed (issue 9)
import _thread
import operator
import os
import types
import weakref
from bisect import bisect_right
from functools import partial

from . import _astparse, _sourcelines
from ._deps import ASKED_TYPES, MIN_PYTHON, node_requirement
from ._model import errors
from ._rebuild.compiler import (
    HOLDER_NAME,
    LOADED_FILES,
    SCOPE_NAME,
    compile_source,
    future_flags,
    imports_text,
    loaded_file,
    movable_lines,
)
from ._records import _frozen_delattr, _frozen_setattr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Optional, Set, Tuple, TypeAlias, Union

    from ._blocks import Outline

CO_NESTED = 0x10
_CODE_FIELDS = (
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_names",
    "co_name",
    "co_code",
)
# The fields same_code compares, read in one call (those this interpreter's code objects have: a
# field none has is equal on both sides).
_code_fields = operator.attrgetter(*(name for name in _CODE_FIELDS if hasattr(types.CodeType, name)))
FunctionAst: TypeAlias = "Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]"


# A plain class, not a record (``_records``) nor a dataclass: making a record of seventeen fields
# costs the first dumps of a process ~260k instructions more than a class (issue 9). Instances are
# only ever made here and in _class_source, kept and shared (proven sources), never compared by
# value: what a record adds is the frozen __setattr__, kept below.
class SourceInfo:
    """A verified source: text, placement, and the parse it came from."""

    kind: str  # "def" or "lambda"
    source: str
    line: int
    indent: str
    file: str
    future: Tuple[str, ...]
    imported: Tuple[str, ...]
    # A def's or lambda's is let go once capture made its facts (release_node), and parsed again
    # if read after its parse went.
    node: Union[FunctionAst, ast.ClassDef]
    file_text: str
    # For a class: the verified compiled module code and the cells it closes over, by name.
    compiled: Optional[types.CodeType]
    cells: Tuple[Tuple[str, Any], ...]
    scope: str
    # What the defining module's import statements bound each name to (see _module_imports).
    bindings: Dict[str, Tuple[str, Optional[str]]]
    # For a class: enclosing variables only its body read, whose values are gone.
    lost: Tuple[str, ...]
    # For a class: enclosing variables only its body read, whose values the live class holds
    # under a name the body bound them to (``start = n``).
    recovered: Tuple[str, ...]
    # For a class: the code of its body (its methods' code objects are among its constants), and
    # the file name the interpreter gave it.
    body: Optional[types.CodeType]
    filename: str
    # For a method: the type parameters of its class statement (``class Stack[V]``, 3.12), which
    # its annotations read and the statement makes again at load.
    type_params: Tuple[str, ...]
    # For a lambda: the other lambdas of its first line (see fits_defaults).
    twins: Tuple[ast.Lambda, ...]

    def __init__(
        self,
        kind: str,
        source: str,
        line: int,
        indent: str,
        file: str,
        future: Tuple[str, ...],
        imported: Tuple[str, ...],
        node: Union[FunctionAst, ast.ClassDef],
        file_text: str,
        compiled: Optional[types.CodeType] = None,
        cells: Tuple[Tuple[str, Any], ...] = (),
        scope: str = "",
        bindings: Optional[Dict[str, Tuple[str, Optional[str]]]] = None,
        lost: Tuple[str, ...] = (),
        body: Optional[types.CodeType] = None,
        filename: str = "",
        type_params: Tuple[str, ...] = (),
        twins: Tuple[ast.Lambda, ...] = (),
        recovered: Tuple[str, ...] = (),
    ) -> None:
        # (through __dict__: the class is frozen, see below)
        held = self.__dict__
        held["kind"] = kind
        held["source"] = source
        held["line"] = line
        held["indent"] = indent
        held["file"] = file
        held["future"] = future
        held["imported"] = imported
        held["node"] = node
        held["file_text"] = file_text
        held["compiled"] = compiled
        held["cells"] = cells
        held["scope"] = scope
        held["bindings"] = {} if bindings is None else bindings
        held["lost"] = lost
        held["body"] = body
        held["filename"] = filename
        held["type_params"] = type_params
        held["twins"] = twins
        held["recovered"] = recovered

    # Frozen, as the record it was: a kept SourceInfo serves every later dumps of its code.
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def release_node(self) -> None:
        """Stop holding ``node`` (the syntax tree of the def or lambda) once capture has made
        what later dumps read from it (``_capture.functions.CodeFacts``): it stays reachable
        while its file's parse lives, and a rare later reader gets it from a parse of
        ``file_text`` again (``__getattr__``), the text it came from, so at the same positions.
        A kept tree is ~50 tracked objects a function that every garbage collection walks
        (issue 9)."""
        held = self.__dict__
        node = held.get("node")
        if node is None:
            return  # (released already)
        try:
            ref = weakref.ref(node)
        except TypeError:  # a node of no weak reference on some interpreter: kept
            return
        held["_node_ref"] = ref
        held["_node_key"] = _node_key(node)
        # (a thread reading it now gets it from the reference, or from a parse)
        held.pop("node", None)

    def __getattr__(self, name: str) -> Any:
        # Only for ``node`` once released (see release_node): every other field is in __dict__.
        held = self.__dict__
        if name != "node" or "_node_key" not in held:
            raise AttributeError(name)
        node = held["_node_ref"]()
        if node is None:
            node = _node_at(self.file_text, held["_node_key"])
        # Held again: a reader that needs it once (a class statement, a decorator's check) reads
        # it several times.
        held["node"] = node
        return node


def _node_key(node: ast.AST) -> Tuple[str, int, int, Optional[int], Optional[int]]:
    # Where a def, lambda or class node sits in the text it was parsed from, and its kind.
    return (
        type(node).__name__,
        node.lineno,  # type: ignore[attr-defined]
        node.col_offset,  # type: ignore[attr-defined]
        getattr(node, "end_lineno", None),
        getattr(node, "end_col_offset", None),
    )


def _node_at(text: str, key: Tuple[str, int, int, Optional[int], Optional[int]]) -> Any:
    # The node at ``key`` of a new parse of ``text``: the text a released node was parsed from
    # (the parse cannot fail, nor place it elsewhere: the same text, the same parser).
    for node in _astparse.walk(_astparse.parse(text)):
        if type(node).__name__ == key[0] and _node_key(node) == key:
            return node
    raise AssertionError(f"no {key[0]} at line {key[1]}, column {key[2]} of its own text")


# The nodes a statement can sit in (a def or class statement among them): every other node is
# part of an expression, where only a lambda can be (see _ParsedFile._index).
_HOLDS_STATEMENTS: Tuple[type, ...] = (ast.stmt, ast.excepthandler) + (
    (ast.match_case,) if hasattr(ast, "match_case") else ()
)


class _ParsedFile:
    def __init__(self, lines: List[str], block: Optional[Tuple[Outline, int, int]] = None) -> None:
        self.lines_ref = lines  # kept alive so the identity check below stays sound
        # The first and last lines parsed: 1 and the file's last for the whole file; a block's,
        # a statement's or a rest's (_blocks).
        self.first = 1
        self.last = len(lines)
        if block is None:
            self.lines = [line.rstrip("\r\n") for line in lines]
            self.text = "".join(lines)
        else:
            # One top-level def's lines (see _blocks) at their own line numbers, after
            # empty lines: every position of its nodes is the one the whole file's parse gives.
            outline, start, end = block
            self.first = start
            self.last = end
            self.lines = [""] * (start - 1) + [line.rstrip("\r\n") for line in lines[start - 1 : end]]
            self.text = "\n" * (start - 1) + "".join(lines[start - 1 : end])
        self.tree = _astparse.parse(self.text)
        self.defs: Dict[int, List[FunctionAst]] = {}
        # Per top-level statement (by its index in the module's body), its lambdas by line, found
        # at the first lookup of a line it covers (see lambdas_at); and the statements' first
        # lines (decorators included) and last lines, made at the first lookup.
        self._lambdas: Dict[int, Dict[int, List[ast.Lambda]]] = {}
        self._spans: Optional[Tuple[List[int], List[int]]] = None
        self.classes: Dict[str, List[Tuple[str, ast.ClassDef]]] = {}
        # id(def, lambda or class node) -> the compile-time qualname of what encloses it.
        self.scopes: Dict[int, str] = {}
        if block is None:
            self.import_names, self.import_bindings = _module_imports(self.tree)
            self.future_annotations = _future_annotations(self.tree)
        else:
            self.import_names = outline.import_names
            self.import_bindings = outline.import_bindings
            self.future_annotations = outline.future_annotations
        # id(class node) -> the functions (def or lambda) enclosing it, outermost first.
        self.enclosing: Dict[int, List[ast.AST]] = {}
        # The code of top-level defs compiled in batches, by compiler flags and (line, name) (see
        # _batch_code), and how many defs were verified one by one before.
        self.batches: Dict[int, Dict[Tuple[int, str], Optional[types.CodeType]]] = {}
        # The top-level defs (first line with decorators, name, node) in file order, found by the
        # first batch (see _compile_batch).
        self.top_defs: Optional[List[Tuple[int, str, FunctionAst]]] = None
        # The statements of the module's imports block (imports_text), parsed at the first batch.
        self.imports_block: Optional[List[ast.stmt]] = None
        self.verified_alone = 0
        # id(def or class node) -> what cut_block cut from the file for it.
        self.blocks: Dict[int, Tuple[int, str, str]] = {}
        # The cache that holds this parse (_PARSED, _blocks._RESTS), if any; per top-level
        # statement the functions of it no source was proven from yet (see serve), and whether
        # lambdas are among them.
        self.cache: Optional[Dict[str, _ParsedFile]] = None
        self._unserved: Optional[Dict[int, Set[Tuple[int, int]]]] = None
        self._lambdas_wait = False
        self._index(self.tree, "", [], None)

    def serve(self, filename: str, info: SourceInfo) -> None:
        """Note that ``info``, a source of this parse, was proven; once one was from every
        function that waits on the parse (below), by this parse or another of the same lines,
        its cache lets go of it.

        A proven source's facts serve every later dumps of its code (``_capture.functions``):
        the parse is kept for the functions of the file not dumped yet (a closure's sibling
        that its first dumps captures next, a class's other methods, the next lambda of a
        table of them), which would otherwise parse the file again, each. Those waited for are
        the defs of its top-level def and class statements (a class's methods, a factory's
        inner defs, not the factory, which is rarely dumped itself; a def of no inner def
        itself) and, once a lambda of the file was proven, every lambda outside a function's
        body (at module level, in a class body, a default: each made once, when the module
        runs, as the defs are), wherever it sits. Before that, lambdas hold no parse: a program
        that dumps only a file's defs does not keep its parse for the lambdas of its tables.
        A factory dumped after its closures, a lambda of a function's body dumped after the
        file's functions were, and a new code of those lines (a module imported again) parse
        again. A kept parse holds its file's whole syntax tree, which every garbage collection
        walks (issue 9: a module of 200 defs kept ~10k tracked objects per parse); a table of
        lambdas that let go of its parse after each lambda parsed the file once per lambda (200
        lambdas of a 101-line file: 200 parses, 1.15 s)."""
        # (recorded from a parse no cache holds too: a def's own lines, see _blocks)
        served: _Served = per_file(_SERVED, filename, self.lines_ref, _Served)
        if info.kind == "lambda":
            node = info.node
            key = (node.lineno, node.col_offset)
            served.lambdas = True
        else:
            key = (info.line, _DEF_COLUMN)
        if key in served.keys:
            # Proven before, for another code: the module was imported again, and what was
            # proven is of the codes before (whose parse went): its functions start over.
            served.keys.clear()
            served.lambdas = info.kind == "lambda"
        served.keys.add(key)
        self._served(filename, key, served)
        # Another parse of the same lines kept beside this one (the whole file's, above a rest)
        # waits for none of what this one served.
        for cache in _PARSE_CACHES:
            other = cache.get(filename)
            if other is not None and other is not self and other.lines_ref is self.lines_ref:
                other._served(filename, key, served)

    def _served(self, filename: str, key: Tuple[int, int], served: _Served) -> None:
        # Takes the function at ``key`` out of those waiting (see serve), and lets go of the
        # parse once none is left.
        if self.cache is None:
            return
        firsts, _ = self._statement_spans()
        unserved = self._unserved
        if unserved is None:
            # Per def or class statement, by index, the first lines of the defs it holds (every
            # def of the file is in self.defs by its first line, decorators included): a class's
            # methods, a def's inner defs, or the def itself when it holds none.
            body = self.tree.body
            waiting: Dict[int, Set[Tuple[int, int]]] = {
                at: set()
                for at, statement in enumerate(body)
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            }
            for first in self.defs:
                at = bisect_right(firsts, first) - 1
                held = waiting.get(at)
                if held is not None and first != firsts[at]:
                    held.add((first, _DEF_COLUMN))
            for at, held in waiting.items():
                if not held and not isinstance(body[at], ast.ClassDef):
                    held.add((firsts[at], _DEF_COLUMN))
                held -= served.keys
            # (threads: each makes an equal dict, one wins)
            unserved = self._unserved = {at: held for at, held in waiting.items() if held}
        if served.lambdas and not self._lambdas_wait:
            self._lambdas_wait = True
            self._wait_for_lambdas(unserved, firsts, served.keys)
        at = bisect_right(firsts, key[0]) - 1
        held = unserved.get(at)
        if held is not None:
            held.discard(key)
            if not held:
                unserved.pop(at, None)
        if unserved:
            return
        with _PARSED_LOCK:
            cache, self.cache = self.cache, None
            if cache is not None and cache.get(filename) is self:
                del cache[filename]

    def _wait_for_lambdas(
        self, unserved: Dict[int, Set[Tuple[int, int]]], firsts: List[int], served: Set[Tuple[int, int]]
    ) -> None:
        # Adds to ``unserved`` the lambdas of the parse outside every function's body not in
        # ``served``. Only the statements of the lines where the word stands are walked
        # (lambdas_at: each statement once, a walk the dumps of its lambdas reads again): a
        # lambda starts on its keyword's line.
        text = self.text
        found = text.find("lambda")
        line, counted = 1, 0
        while found >= 0:
            line += text.count("\n", counted, found)
            counted = found
            for node in self.lambdas_at(line):
                key = (node.lineno, node.col_offset)
                if key not in served and "<locals>" not in self.scopes.get(id(node), ""):
                    at = bisect_right(firsts, node.lineno) - 1
                    unserved.setdefault(at, set()).add(key)
            end = text.find("\n", found)
            if end < 0:
                break
            found = text.find("lambda", end)

    def _statement_spans(self) -> Tuple[List[int], List[int]]:
        # The top-level statements' first lines (decorators included) and last lines, made once.
        spans = self._spans
        if spans is None:
            # (two threads may both make them: equal lists, one wins)
            spans = self._spans = (
                [_first_line(statement) for statement in self.tree.body],
                [statement.end_lineno or statement.lineno for statement in self.tree.body],
            )
        return spans

    def lambdas_at(self, line: int) -> List[ast.Lambda]:
        """The lambdas of the file that start on ``line``, in the order of a walk of the whole
        tree, each with its scope in ``scopes``.

        Only the top-level statements that cover the line are walked (once each): a lambda
        lies inside the statement that holds it, and a walk of every node of a file for each
        file that has a lambda cost more than the rest of its first ``dumps`` (issue 9).
        """
        firsts, ends = self._statement_spans()
        # Statements follow each other: those that cover the line are the last ones starting on
        # or above it that end on or below it (several only when they share it: ``a = 1; b = 2``).
        covering = []
        at = bisect_right(firsts, line) - 1
        while at >= 0 and ends[at] >= line:
            covering.append(at)
            at -= 1
        found: List[ast.Lambda] = []
        for at in reversed(covering):
            walked = self._lambdas.get(at)
            if walked is None:
                walked = {}
                self._index(self.tree.body[at], "", [], walked)
                # Two threads may both walk one statement: each records the same scopes, and
                # one dict wins (a dict's setdefault is atomic).
                walked = self._lambdas.setdefault(at, walked)
            found.extend(walked.get(line, ()))
        return found

    def _index(
        self,
        node: ast.AST,
        scope: str,
        functions: List[ast.AST],
        lambdas: Optional[Dict[int, List[ast.Lambda]]],
    ) -> None:
        # Two walks: with ``lambdas`` None, the defs and classes of the file (statements, found
        # among statements alone: most of a file's nodes are expressions, which cannot hold
        # one); else every node of one top-level statement, for its lambdas (lambdas_at).
        inner = scope
        if isinstance(node, ast.FunctionDef) and node.name == HOLDER_NAME:
            # The loader's holder of free variables (skeleton()) in a loaded source's text: no
            # scope of the original, so what it holds keeps the scope the original had.
            for statement in node.body:
                self._index(statement, scope, functions, lambdas)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            is_lambda = isinstance(node, ast.Lambda)
            if is_lambda or lambdas is None:
                self.scopes[id(node)] = scope
                self.enclosing[id(node)] = functions
            name = "<lambda>" if is_lambda else node.name  # type: ignore[union-attr]
            if name == SCOPE_NAME:
                name = "<lambda>"  # the loader's stand-in for a lambda's scope (skeleton())
            qualname = f"{scope}.{name}" if scope else name
            inner = qualname if isinstance(node, ast.ClassDef) else qualname + ".<locals>"
            if is_lambda:
                if lambdas is not None:
                    lambdas.setdefault(node.lineno, []).append(node)  # type: ignore[arg-type]
            elif lambdas is None:
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])  # type: ignore[union-attr]
                if isinstance(node, ast.ClassDef):
                    self.classes.setdefault(node.name, []).append((qualname, node))
                else:
                    self.defs.setdefault(first, []).append(node)
            if lambdas is not None:
                # Decorators, defaults, annotations and bases belong to the enclosing scope.
                for child in _outer_parts(node):
                    self._index(child, scope, functions, lambdas)
            inside = functions if isinstance(node, ast.ClassDef) else [*functions, node]
            for child in _inner_parts(node):
                if lambdas is not None or _holds_defs(child):
                    self._index(child, inner, inside, lambdas)
            return
        # ast.iter_child_nodes' order, without its generators (a file's every node passes here);
        # a node without fields (a Load, an operator) holds nothing to index. Among statements
        # only, only the fields that hold statements (a body, an else, handlers, cases) are read,
        # and only the statements that are or hold a def or class are walked into.
        every = lambdas is not None
        if every:
            fields = node._fields
        else:
            kind = type(node)
            found = _STATEMENT_FIELDS.get(kind)
            fields = found if found is not None else _statement_fields(kind)
        for field_name in fields:
            value = getattr(node, field_name, None)
            if isinstance(value, list):
                for item in value:
                    if every:
                        if isinstance(item, ast.AST) and item._fields:
                            self._index(item, inner, functions, lambdas)
                    elif _holds_defs(item):
                        self._index(item, inner, functions, lambdas)
            elif every:
                if isinstance(value, ast.AST) and value._fields:
                    self._index(value, inner, functions, lambdas)
            elif value is not None and _holds_defs(value):
                self._index(value, inner, functions, lambdas)


# The column of a def in the keys of _ParsedFile.serve (a lambda's is its own column).
_DEF_COLUMN = -1


# The fields of a statement's kind that hold statements (a body, an else, a finally, handlers,
# match cases), in the kind's field order: the only ones the index of defs and classes reads.
_STATEMENT_FIELDS: Dict[type, Tuple[str, ...]] = {}
_HOLDS_BODIES = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})


# Per kind of node, whether it is a def or class statement or can hold one among its statements
# (an if, a loop, a try, a handler, a match case): the walk of defs and classes goes into no
# other (an expression, or a statement such as an assignment, holds only expressions).
_DEF_HOLDERS: Dict[type, bool] = {}


def _holds_defs(node: Any) -> bool:
    kind = type(node)
    known = _DEF_HOLDERS.get(kind)
    if known is None:
        fields = _STATEMENT_FIELDS.get(kind)
        known = isinstance(node, _HOLDS_STATEMENTS) and (
            kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            or bool(fields if fields is not None else _statement_fields(kind))
        )
        _DEF_HOLDERS[kind] = known
    return known


def _statement_fields(kind: type) -> Tuple[str, ...]:
    fields = tuple(name for name in getattr(kind, "_fields", ()) if name in _HOLDS_BODIES)
    _STATEMENT_FIELDS[kind] = fields
    return fields


def _first_line(statement: ast.stmt) -> int:
    # A statement's first line: its first decorator's for a decorated def or class.
    first: int = statement.lineno
    for decorator in getattr(statement, "decorator_list", ()):
        first = min(first, decorator.lineno)
    return first


def parameters(node: ast.AST) -> List[ast.arg]:
    """The parameters of a def or lambda node, in signature order."""
    args = node.args  # type: ignore[attr-defined]
    found = [*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg]
    return [arg for arg in found if arg is not None]


def _outer_parts(node: ast.AST) -> List[ast.AST]:
    parts: List[ast.AST] = list(getattr(node, "decorator_list", []))
    if isinstance(node, ast.ClassDef):
        return parts + list(node.bases) + [k.value for k in node.keywords]
    args = node.args  # type: ignore[attr-defined]
    parts += list(args.defaults) + [d for d in args.kw_defaults if d is not None]
    if not isinstance(node, ast.Lambda):
        parts += [a.annotation for a in parameters(node) if a.annotation is not None]
        if node.returns is not None:  # type: ignore[attr-defined]
            parts.append(node.returns)  # type: ignore[attr-defined]
    return parts


def _inner_parts(node: ast.AST) -> List[ast.AST]:
    body = node.body  # type: ignore[attr-defined]
    return [body] if isinstance(node, ast.Lambda) else list(body)


Binding: TypeAlias = "Tuple[str, Optional[str]]"


def _module_imports(tree: ast.Module) -> Tuple[Set[str], Dict[str, Binding]]:
    """The names module-level import statements bind, and for absolute imports what each name
    was imported as: ``(module, None)`` for ``import module [as name]``, ``(module, attribute)``
    for ``from module import attribute [as name]``."""
    names: Set[str] = set()
    bindings: Dict[str, Binding] = {}
    pending: List[ast.AST] = list(tree.body)
    # Breadth-first, growing the list it walks (a later import of a name wins, as when the module
    # ran straight through). Only statements and what holds them (a try's handlers, a match's
    # cases) can hold an import: the expressions of a module's tables and calls are not walked.
    for node in pending:
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                names.add(name)
                bindings[name] = (alias.name if alias.asname else name, None)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    name = alias.asname or alias.name
                    names.add(name)
                    if not node.level and node.module:
                        bindings[name] = (node.module, alias.name)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field_name in node._fields:
                value = getattr(node, field_name, None)
                if isinstance(value, list):
                    pending.extend(
                        item
                        for item in value
                        if isinstance(item, _HOLDS_STATEMENTS) and isinstance(item, ast.AST)
                    )
    return names, bindings


def _future_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(s, ast.ImportFrom)
        and s.module == "__future__"
        and any(a.name == "annotations" for a in s.names)
        for s in tree.body
    )


# Whether a top-level def of a long file may be parsed from its own lines (issue 9, see
# _blocks); tests turn it off to compare with the whole file's parse.
BLOCK_PARSE = True
# Files shorter than this are parsed whole: the lines a def's own parse leaves out of a short
# file cost less than importing _blocks (~0.65M instructions on 3.11; a whole parse costs ~70k a
# line), and the benchmarks' workloads (2 and 26 lines) must not pay for it.
BLOCK_MIN_LINES = 64


# One parse per file: keyed by file name, valid while linecache hands out the same lines list
# (linecache replaces the list when the file changes on disk).
_PARSED: Dict[str, _ParsedFile] = {}
# The caches of parses _ParsedFile.serve looks through for another parse of a file: _PARSED, and
# _blocks._RESTS once _blocks is imported.
_PARSE_CACHES: List[Dict[str, _ParsedFile]] = [_PARSED]


class _Served:
    """What was proven from the parses of one file's lines (see ``_ParsedFile.serve``): the
    functions, by first line and column (a def's column is ``_DEF_COLUMN``), and whether a
    lambda is among them. Kept per file as the parses are (``per_file``): a few numbers a
    function, where a parse is a syntax tree."""

    __slots__ = ("lines_ref", "keys", "lambdas")

    def __init__(self, lines: List[str]) -> None:
        self.lines_ref = lines
        self.keys: Set[Tuple[int, int]] = set()
        self.lambdas = False


_SERVED: Dict[str, _Served] = {}
# How many parsed files are kept: more than the files of any one program's functions.
PARSED_FILES = 256
_PARSED_LOCK = _thread.allocate_lock()


def _parsed(filename: str, lines: List[str]) -> _ParsedFile:
    parsed: _ParsedFile = per_file(_PARSED, filename, lines, _ParsedFile)
    if parsed.cache is None and parsed.first == 1:
        parsed.cache = _PARSED  # (see _ParsedFile.serve)
    return parsed


def per_file(cache: Dict[str, Any], filename: str, lines: List[str], make: Any) -> Any:
    """``make(lines)`` for ``filename``, kept in ``cache`` while linecache hands out the same
    ``lines`` list (what ``make`` returns keeps it as ``lines_ref``)."""
    with _PARSED_LOCK:
        cached = cache.get(filename)
        if cached is not None and cached.lines_ref is lines:
            return cached
    made = make(lines)
    with _PARSED_LOCK:
        cache.pop(filename, None)
        cache[filename] = made
        # Bounded, oldest first out: a process that dumps payload after loaded payload (each
        # loaded source is a file of its own) must not grow.
        while len(cache) > PARSED_FILES:
            del cache[next(iter(cache))]
    return made


def same_code(a: types.CodeType, b: types.CodeType) -> bool:
    """Whether two code objects do the same thing (positions, file names and qualnames aside)."""
    try:
        if _code_fields(a) != _code_fields(b):
            return False
    except AttributeError:  # not a code object of this interpreter's (PyPy's builtin code)
        if any(getattr(a, f, None) != getattr(b, f, None) for f in _CODE_FIELDS):
            return False
    if (a.co_flags ^ b.co_flags) & ~CO_NESTED:
        return False
    if getattr(a, "co_exceptiontable", b"") != getattr(b, "co_exceptiontable", b""):
        return False
    if len(a.co_consts) != len(b.co_consts):
        return False
    for x, y in zip(a.co_consts, b.co_consts):
        kind = type(x)
        if kind is not type(y):
            return False
        if kind in _PLAIN_CONSTANTS:
            if x != y:
                return False
        elif not same_constant(x, y):
            return False
    return True


# Constant types whose equal values do the same thing: the rest are compared by same_constant.
_PLAIN_CONSTANTS = frozenset({str, int, bytes, bool, type(None), type(...)})


def same_lines(a: types.CodeType, b: types.CodeType) -> bool:
    """Whether two codes that ``same_code`` holds alike have their instructions on the same lines.

    Asked of a decorated def only: a decorated def's code starts at its first decorator, so a
    decorator line added above the def after import (``@wrap`` over ``def f``, the lines below
    moving down) leaves a statement that starts where the live code does and compiles to the same
    instructions, one line lower: the stored text would name a decorator the live function never
    had. A def without decorators starts at its ``def`` line, where such an edit shows already.
    """
    if a.co_firstlineno != b.co_firstlineno:
        return False
    # The positions as stored, relative to the first line: the loader's text puts every line at
    # its column too (the indent put back), so they are the same bytes (a third of the cost of
    # walking co_lines(), which made a decorated def's first dumps 2% dearer).
    table = getattr(a, "co_linetable", None)
    if table is not None:
        return bool(table == b.co_linetable)
    return bool(a.co_lnotab == b.co_lnotab)  # 3.9 and PyPy 3.9


def decorated(node: Any) -> bool:
    """Whether ``node`` is a def or class statement with decorators."""
    return bool(getattr(node, "decorator_list", None))


def same_constant(x: Any, y: Any) -> bool:
    """Whether two constants of compiled code are the same value: equal is not enough, since
    0.0 == -0.0, (1,) == (True,) and {2} == {2.0} (two lambdas of one line, or a file edited
    after import, must not pass for each other), and a nan is not equal to itself."""
    kind = type(x)
    if kind is not type(y):
        return False
    if kind is tuple:
        return len(x) == len(y) and all(map(same_constant, x, y))
    if kind is frozenset:
        # (an element's repr tells 1, 1.0 and True apart; the order of a set's elements is not
        # part of its value)
        return len(x) == len(y) and sorted(map(_constant_key, x)) == sorted(map(_constant_key, y))
    if kind is float or kind is complex:
        return repr(x) == repr(y)  # -0.0 and nan are told by their repr, not by ==
    if isinstance(x, types.CodeType):
        return same_code(x, y)
    return bool(x == y) or repr(x) == repr(y)


def _constant_key(value: Any) -> Tuple[str, str]:
    return (type(value).__name__, repr(value))


def file_lines(
    filename: str, module_globals: Optional[Dict[str, Any]], code: Optional[types.CodeType]
) -> List[str]:
    """The lines of ``filename`` that a function or class statement (``code``: one defined
    there) was compiled from, the one way sources are read: a file srcpickle loaded, else
    ``linecache`` (``module_globals`` lets it ask a module's loader, for zip imports), else
    the input history of an IPython magic, else the text of ``python -c``; [] when there is
    none."""
    lines = _source_lines(filename, module_globals)
    if lines:
        return lines
    if filename.startswith("<") and filename.endswith(">"):
        # A made-up file name (an IPython magic's, python -c's "<string>"): the only ones whose
        # lines come from elsewhere.
        from ._lines import command_lines, magic_lines

        return magic_lines(filename, code) or command_lines(filename, module_globals) or _NO_LINES
    return _NO_LINES


# The lines of a file that has none (exec, compile of a string): one list, so that what was
# proven about a code object without source holds until its file gets lines (see _SOURCES).
_NO_LINES: List[str] = []


def cached_lines(filename: str, module_globals: Optional[Dict[str, Any]] = None) -> List[str]:
    """``linecache.getlines``, with no lines for a file that is no text (a module imported from
    its .pyc alone) or whose encoding cookie is wrong, as linecache answers from Python 3.10
    (3.9's raised ``UnicodeDecodeError`` or ``SyntaxError``)."""
    lines = _sourcelines.read_lines(filename, check=False)
    if lines is not None:
        return lines
    import linecache  # (see _sourcelines.read_lines)

    try:
        return linecache.getlines(filename, module_globals)
    except (UnicodeDecodeError, SyntaxError):
        return []


def _source_lines(filename: str, module_globals: Optional[Dict[str, Any]]) -> List[str]:
    # Without importing linecache while no code has (with tokenize, a third of a first dumps):
    # the same lines, registered where linecache finds them once imported. Once its cache took
    # the pending entries over (for good), read_lines answers None: not asked (its lock and
    # test cost a warm dumps ~3k instructions, issue 9).
    if not _sourcelines._LINECACHE:
        lines = _sourcelines.read_lines(filename, check=True)
        if lines is not None:
            return lines
    import linecache

    if filename in LOADED_FILES:  # (loaded_file's answer, without its call)
        return linecache.getlines(filename)
    entry = linecache.cache.get(filename)
    if entry is not None and len(entry) == 4 and entry[1] is not None:
        # The file read from disk, and the same size and time on disk now: its lines, exactly
        # as checkcache and getlines answer (the check every dumps makes, without their calls).
        try:
            stat = os.stat(entry[3])
        except (OSError, ValueError):
            stat = None
        if stat is not None and entry[0] == stat.st_size and entry[1] == stat.st_mtime:
            lines = entry[2]
            return lines
    # checkcache drops lines of a file edited since they were read (the live code may be the new
    # version) but also of a file deleted since: those lines are kept, verification judges them.
    before = linecache.cache.get(filename)
    linecache.checkcache(filename)
    lines = cached_lines(filename, module_globals)
    if not lines and before is not None and len(before) == 4 and not os.path.exists(filename):
        linecache.cache[filename] = before
        lines = linecache.getlines(filename)
    entry = linecache.cache.get(filename)
    if lines and entry is not None and len(entry) == 4 and entry[1] is None and entry[2] is lines:
        # Lines linecache made from a string (a zip import's loader, python -c on 3.13): split
        # by str.splitlines, also at characters that end no line of Python's (see _lines).
        from ._lines import split_again

        lines = split_again(filename, module_globals, lines)
    return lines


def capture_source(
    fn: types.FunctionType,
    global_names: Optional[Iterable[str]],
    checked: Optional[Dict[str, List[str]]] = None,
) -> SourceInfo:
    """Find, cut out and verify the source of ``fn``, which reads ``global_names`` (None: the
    global names its code reads, found only if its source is verified now).

    ``checked``: the lines of the files already read (and checked against the disk) in this
    capture, by file name, which this call adds to: one capture reads a file once, however many
    of its functions it meets. Never kept past one capture (a file edited between two dumps is
    read again).

    Raises:
        SourceUnavailableError: no source exists for ``fn`` (exec, REPL, deleted file).
        SourceMismatchError: the source found does not compile to ``fn``'s code (edited file).
    """
    code = fn.__code__
    filename = code.co_filename
    lines = checked.get(filename) if checked is not None else None
    if lines is None:
        lines = file_lines(filename, fn.__globals__, code)
        # Only a file's lines: an IPython magic's text depends on the code asked about.
        if checked is not None and lines and not (filename.startswith("<") and filename.endswith(">")):
            checked[filename] = lines
    known = _proven(code, lines)
    if known is not None and known[0] is not None and fits_defaults(known[0], fn):
        return known[0]
    try:
        info = _capture_source(fn, code, filename, lines, global_names)
    except errors().SourceMismatchError:
        _remember_source(code, lines, None)
        from ._lines import reread_lines  # (only a source that failed to verify)

        fresh = reread_lines(filename, fn.__globals__, lines)
        if fresh is None:
            raise
        if checked is not None and checked.get(filename) is lines:
            checked[filename] = fresh
        return capture_source(fn, global_names, checked)
    except errors().SourceUnavailableError:
        _remember_source(code, lines, None)
        raise
    _remember_source(code, lines, info)
    return info


def fits_defaults(info: SourceInfo, fn: types.FunctionType) -> bool:
    """Whether ``info``, a source proven for ``fn``'s code, is also the one for its defaults.

    Lambdas of one line that differ only in their defaults (``(lambda x=1: x), (lambda x=2:
    x)``) share one code object on CPython 3.9 and 3.10 (the compiler merges equal constants),
    so the source proven for one is not the other's: a lambda with twins on its line whose
    defaults fit another twin better is captured again.
    """
    if not info.twins or (fn.__defaults__ is None and fn.__kwdefaults__ is None):
        return True
    from ._twins import default_misfits  # (only a lambda with twins on its line: issue 9)

    misfits = default_misfits(info.node, fn)  # type: ignore[arg-type]
    return misfits == (0, 0) or all(default_misfits(twin, fn) >= misfits for twin in info.twins)


def made_without_source(fn: types.FunctionType) -> bool:
    """Whether ``fn`` was compiled from a text that no file holds, so that no source will ever
    be verified for it: made by ``exec()`` or ``compile()`` of a string (a dataclass's
    ``__init__``, a namedtuple's ``__new__``), under a made-up file name or one without lines.

    A function of a file that has lines is not, even when they no longer compile to its code
    (the file was edited after import): capturing it reports that edit. What was proven is kept
    per code object as long as its file's lines are the same (see ``_SOURCES``).
    """
    code = fn.__code__
    filename = code.co_filename
    lines = file_lines(filename, fn.__globals__, code)
    known = _proven(code, lines)
    if known is None:
        from ._capture.functions import code_globals

        try:
            capture_source(fn, code_globals(code))
            return False
        except (errors().SourceUnavailableError, errors().SourceMismatchError):
            pass
    elif known[0] is not None:
        return False
    # Python -c compiles its text as <string>, which linecache may hold on 3.13: made up too.
    return lines is _NO_LINES or (filename.startswith("<") and filename.endswith(">"))


# What was proven about each code object: the source it was verified against (None: none
# verifies) and the lines of the file that source was cut from. A code object never changes, so
# the proof holds for as long as linecache hands out the same lines (it replaces its list when
# the file changes on disk, and file_lines asks it to check first): an edited file is verified
# again (and fails), a file that gets its lines back is verified again (and passes). By id(),
# with a weak reference to the code that takes the entry out when the code dies (as the code
# facts of _capture.functions): not a WeakKeyDictionary, whose lookups hash the code and
# compare it by == (code_richcompare reads every field, its hash every constant and name).
_SOURCES: Dict[int, Tuple[weakref.ref[types.CodeType], List[str], Optional[SourceInfo]]] = {}
_SOURCES_LOCK = _thread.allocate_lock()


def _proven(code: types.CodeType, lines: List[str]) -> Optional[Tuple[Optional[SourceInfo]]]:
    # (the verified source or None) when something was proven against exactly ``lines``.
    entry = _SOURCES.get(id(code))  # (one dict read: atomic)
    if entry is not None and entry[0]() is code and entry[1] is lines:
        return (entry[2],)
    return None


def _remember_source(code: types.CodeType, lines: List[str], info: Optional[SourceInfo]) -> None:
    key = id(code)
    with _SOURCES_LOCK:
        entry = _SOURCES.get(key)
        try:
            # (the entry is this code's while the code lives: its id is not reused before then)
            ref = (
                entry[0]
                if entry is not None and entry[0]() is code
                else weakref.ref(code, partial(_forget_source, key))
            )
        except TypeError:  # PyPy's code objects may not be weakly referenceable
            return
        _SOURCES[key] = (ref, lines, info)


def _forget_source(key: int, ref: weakref.ref[types.CodeType]) -> None:
    # The code is gone: its entry goes, unless a code made since at its address (PyPy calls
    # back late) took the id over. No lock: a weak reference's callback may run inside any
    # allocation, _remember_source's locked one too.
    entry = _SOURCES.get(key)
    if entry is not None and entry[0] is ref:
        _SOURCES.pop(key, None)


def _capture_source(
    fn: types.FunctionType,
    code: types.CodeType,
    filename: str,
    lines: List[str],
    global_names: Optional[Iterable[str]],
) -> SourceInfo:
    if not lines:
        from ._source_errors import missing_error  # (only a function without source: issue 9)

        raise missing_error(fn, filename)
    if global_names is None:
        from ._capture.functions import code_globals  # (which imports this module)

        global_names = code_globals(code)
    future = ("annotations",) if code.co_flags & __future__.annotations.compiler_flag else ()
    original = loaded_file(filename)
    file = original if original is not None else _display_name(filename)
    block = None
    if BLOCK_PARSE and len(lines) >= BLOCK_MIN_LINES:
        from . import _blocks  # (only for files long enough to gain from it)

        # The rest of the file parsed for an earlier function, else the def's own lines, else
        # the rest of the file from the statement that holds the function (a closure, a method,
        # a lambda, a def past those the block parse serves): the lines above it were parsed
        # already (the head, the defs served), or are not needed.
        block = _blocks.rest_holding(filename, lines, code.co_firstlineno)
        if block is None and code.co_name != "<lambda>":
            block = _blocks.block_parsed(filename, lines, code)
        if block is None:
            block = _blocks.rest_parsed(filename, lines, code)
    if block is not None:
        info = _verified(block, code, filename, file, future, global_names, fn)
        if info is not None:
            block.serve(filename, info)
            return info
    try:
        parsed = _parsed(filename, lines)
    except SyntaxError as exc:
        from .errors import SourceMismatchError

        raise SourceMismatchError(
            f"the file of {fn.__qualname__} ({filename}) no longer parses ({exc.msg}, line "
            f"{exc.lineno}): it was edited after import. Re-import the module and dump again."
        ) from exc
    info = _verified(parsed, code, filename, file, future, global_names, fn)
    if info is not None:
        parsed.serve(filename, info)
        return info
    from ._source_errors import mismatch_error  # (only a source that failed: issue 9)

    raise mismatch_error(parsed, code, fn, filename, file, future, global_names)


def _verified(
    parsed: _ParsedFile,
    code: types.CodeType,
    filename: str,
    file: str,
    future: Tuple[str, ...],
    global_names: Iterable[str],
    fn: Optional[types.FunctionType] = None,
    lines_free: bool = False,
) -> Optional[SourceInfo]:
    # The first candidate source of ``code`` in ``parsed`` that compiles to it, or None; a
    # decorated one on the lines of ``code`` too, unless ``lines_free`` (see same_lines).
    for candidate in _candidates(parsed, code, fn):
        # CPython 3.11+ compiles ``name.attr(...)`` differently when the module imports ``name``
        # at top level, whether the ``name`` the code reads is that global or a local: every
        # name of the source counts, not only the globals it reads.
        names = syntax_of(candidate, parsed.text).names.union(global_names)
        choices = _imported_choices(parsed, names)
        for imported in choices:
            info = _extract(parsed, candidate, file, future, imported)
            batch = _batch_code(parsed, info, code, filename) if imported == choices[0] else None
            if batch is not None and same_code(batch, code):
                if lines_free or not decorated(candidate) or same_lines(batch, code):
                    return info
            if _compiles_to(info, code, filename, lines_free):
                return info
    return None


def _compiles_to(info: SourceInfo, code: types.CodeType, filename: str, lines_free: bool = False) -> bool:
    """Whether the def or lambda source ``info`` compiles, as the loader compiles it, to ``code``.

    The loader puts the source at its line with empty lines, which the compiler walks one by one
    (about 25 us per thousand lines). First the same text with fewer empty lines is compiled and
    its code moved down to the line (``moved_code``): the interpreter's code generation depends on
    how lines relate, not on where they start, so that is the code the loader compiles (a test
    holds every interpreter to it, and ``same_code`` ignores positions anyway). Only a code that
    holds a line number as a constant (a class body's ``__firstlineno__``, 3.13) tells them apart:
    when the moved code does not match, the loader's exact text decides.
    """
    freevars = code.co_freevars
    moved = movable_lines(info.kind, info.source, info.line, info.indent, freevars, info.scope, info.future)
    for line in (info.line - moved, info.line) if moved else (info.line,):
        try:
            _, compiled, _ = compile_source(
                info.kind,
                info.source,
                line,
                info.indent,
                freevars,
                info.future,
                filename,
                info.imported,
                scope=info.scope,
            )
        except (SyntaxError, ValueError):
            continue
        placed = moved_code(compiled, info.line - line)
        if same_code(placed, code):
            return lines_free or not decorated(info.node) or same_lines(placed, code)
    return False


# How many top-level defs of a parse are compiled each in a batch of its own before the others
# are compiled in batches of BATCH_DEFS: a program that dumps one function of a file does not pay
# for the rest.
VERIFIED_ALONE = 1
# How many top-level defs one batch compiles, from the one asked for on in the file: what a batch
# compiles for nothing when a program dumps scattered functions of a long file stays bounded.
BATCH_DEFS = 64


def _batch_code(
    parsed: _ParsedFile, info: SourceInfo, code: types.CodeType, filename: str
) -> Optional[types.CodeType]:
    """The code of the top-level def ``info`` compiled in one batch with the next top-level
    defs of its file (alone, for the first ``VERIFIED_ALONE`` defs of a parse), or None (not a
    top-level def without free variables, or one its batch did not compile).

    Each def is its loader's text at its own lines (``module_text``: at module level a def is
    its source, dedented by nothing, at its line), so its code is the loader's, positions
    included; the block of imports that ends the text holds every name the module imported, and
    a def's code depends only on the imports of the names it reads, which its own text has too
    (a test holds every interpreter to this). One compile costs ~5 us plus ~25 us per def, and
    walks the empty lines above once; compiled one by one, each costs ~60 us. The batch compiles
    the defs' nodes of the file's parse, which is what its text parses to: ~20% less than
    compiling the text, which parses it again (~187k instructions a def instead of ~233k, 3.11).
    """
    if info.kind != "def" or info.scope or info.indent or code.co_freevars:
        return None
    batch = parsed.batches.setdefault(future_flags(info.future), {})
    key = (info.line, code.co_name)
    if key not in batch:
        # (two threads may both count one: a bound, not a tally)
        alone = parsed.verified_alone < VERIFIED_ALONE
        if alone:
            parsed.verified_alone += 1
        count = 1 if alone else BATCH_DEFS
        batch.update(_compile_batch(parsed, info.line, info.future, filename, batch, count))
    return batch.get(key)


def _compile_batch(
    parsed: _ParsedFile,
    line: int,
    future: Tuple[str, ...],
    filename: str,
    done: Dict[Tuple[int, str], Optional[types.CodeType]],
    count: int = BATCH_DEFS,
) -> Dict[Tuple[int, str], Optional[types.CodeType]]:
    """The code of the top-level defs of ``parsed`` from ``line`` on not in ``done`` (at most
    ``count``), compiled together; None for each when they do not compile."""
    chunk: List[Tuple[int, str, FunctionAst]] = []
    top = parsed.top_defs
    if top is None:
        # Found at the first batch of the parse, read by the next ones (two threads may both
        # find them: the same list).
        top = [
            (min([node.lineno] + [d.lineno for d in node.decorator_list]), node.name, node)
            for node in parsed.tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        parsed.top_defs = top
    for first, name, node in top:
        if first >= line and (first, name) not in done:
            start, _, indent = cut_block(parsed, node)
            if not indent:
                chunk.append((start, name, node))
            if len(chunk) == count:
                break
    found: Dict[Tuple[int, str], Optional[types.CodeType]] = dict.fromkeys(
        ((s, n) for s, n, _ in chunk), None
    )
    # The defs' nodes of the file's parse, then the block of the module's imports, compiled as
    # a module: what compiling their texts at their lines gives (the tree is what the compiler
    # parses those lines to, positions included), without parsing them a second time (a parse
    # is most of a compile: issue 9). A test holds every interpreter to the loader's code.
    imports = _imports_block(parsed)
    if imports is None:
        return found  # (a name no import statement binds): each is verified alone
    body: List[ast.stmt] = [node for _, _, node in chunk if not isinstance(node, ast.Lambda)]
    module_tree = ast.Module(body=body + imports, type_ignores=[])
    try:
        module = _astparse.compile_tree(module_tree, filename, future_flags(future))
    except (SyntaxError, ValueError, TypeError):
        return found  # each of them is verified alone (and reports its own error)
    for const in module.co_consts:
        if isinstance(const, types.CodeType) and (const.co_firstlineno, const.co_name) in found:
            found[(const.co_firstlineno, const.co_name)] = const
    return found


def _imports_block(parsed: _ParsedFile) -> Optional[List[ast.stmt]]:
    # The statements of the block of the module's imports (imports_text) ending a batch, or
    # None when it does not parse. One parse per set of names: the defs of a long file parsed
    # from their own lines (_blocks) are each a parse of their own, with the file's imports.
    found = parsed.imports_block
    if found is not None:
        return found
    text = imports_text(sorted(parsed.import_names))
    found = _IMPORT_BLOCKS.get(text)
    if found is None:
        try:
            found = _astparse.parse(text).body if text else []
        except (SyntaxError, ValueError):
            return None
        if len(_IMPORT_BLOCKS) >= IMPORT_BLOCKS_KEPT:
            _IMPORT_BLOCKS.clear()
        _IMPORT_BLOCKS[text] = found
    parsed.imports_block = found
    return found


# The parsed imports blocks by their text (compile never changes a tree it is given), cleared
# when full: a program's modules import a few sets of names each.
_IMPORT_BLOCKS: Dict[str, List[ast.stmt]] = {}
IMPORT_BLOCKS_KEPT = 64


def moved_code(code: types.CodeType, lines: int) -> types.CodeType:
    """``code`` and every code nested in it moved ``lines`` lines down: positions are stored
    relative to each code's first line, so the code is the one compiled that much lower."""
    if not lines:
        return code
    consts = tuple(moved_code(c, lines) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_firstlineno=code.co_firstlineno + lines, co_consts=consts)


def _imported_choices(parsed: _ParsedFile, names: Iterable[str]) -> List[Tuple[str, ...]]:
    # The names the module imported, as the compiler saw them; IPython compiles each statement
    # of a cell on its own, so a function there never saw the cell's imports: try without too.
    imported = tuple(sorted(parsed.import_names.intersection(names)))
    return [imported, ()] if imported else [()]


def _display_name(filename: str) -> str:
    if filename.startswith("<") and filename.endswith(">"):
        return filename
    return os.path.basename(filename)


def _candidates(
    parsed: _ParsedFile, code: types.CodeType, fn: Optional[types.FunctionType] = None
) -> List[FunctionAst]:
    line = code.co_firstlineno
    if code.co_name != "<lambda>":
        return [n for n in parsed.defs.get(line, []) if n.name == code.co_name]  # type: ignore[union-attr]
    lambdas: List[FunctionAst] = list(parsed.lambdas_at(line))
    if len(lambdas) < 2:
        return lambdas
    from ._twins import ranked  # (only a line of several lambdas: issue 9)

    return ranked(lambdas, code, fn)


def _extract(
    parsed: _ParsedFile, node: FunctionAst, file: str, future: Tuple[str, ...], imported: Tuple[str, ...]
) -> SourceInfo:
    lines = parsed.lines
    scope = parsed.scopes.get(id(node), "")
    if isinstance(node, ast.Lambda):
        assert node.end_lineno is not None and node.end_col_offset is not None
        first = lines[node.lineno - 1].encode("utf-8")
        if node.end_lineno == node.lineno:
            text = first[node.col_offset : node.end_col_offset].decode("utf-8")
        else:
            middle = lines[node.lineno : node.end_lineno - 1]
            last = lines[node.end_lineno - 1].encode("utf-8")[: node.end_col_offset].decode("utf-8")
            text = "\n".join([first[node.col_offset :].decode("utf-8"), *middle, last])
        kind, line, indent, bindings = "lambda", node.lineno, "", {}
        on_line = parsed.lambdas_at(node.lineno)
        twins = tuple(other for other in on_line if other is not node) if len(on_line) > 1 else ()
    else:
        line, text, indent = cut_block(parsed, node)
        kind, bindings, twins = "def", parsed.import_bindings, ()
    return SourceInfo(
        kind,
        text,
        line,
        indent,
        file,
        future,
        imported,
        node,
        parsed.text,
        scope=scope,
        bindings=bindings,
        twins=twins,
    )


def cut_block(parsed: _ParsedFile, node: Union[FunctionAst, ast.ClassDef]) -> Tuple[int, str, str]:
    """The first line, dedented text and removed indentation of a def or class statement.

    The indentation common to its code lines is removed, unless a line inside a multi-line
    string does not start with it (or would be left empty): such a block is kept as it is, so
    that the loader gets every string back exactly.
    """
    # Once per statement of a parse: a batch compile cuts every top-level def of the file, and
    # each one dumped is cut again. The node is the parse's own (alive while ``parsed`` is).
    known = parsed.blocks.get(id(node))
    if known is None:
        known = parsed.blocks.setdefault(id(node), _cut_block(parsed, node))
    return known


def _cut_block(parsed: _ParsedFile, node: Union[FunctionAst, ast.ClassDef]) -> Tuple[int, str, str]:
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])  # type: ignore[union-attr]
    end = node.end_lineno or start
    block = parsed.lines[start - 1 : end]
    lead = block[0][:1] if block else ""
    if lead and not lead.isspace() and not any(map(str.isspace, block)):
        # Not indented (its first line, a code line, starts the common indentation) and no line
        # of spaces alone (which is kept inside a string and emptied outside): the block as it
        # is, whichever lines are inside strings.
        return start, "\n".join(block), ""
    return _cut_by_lines(parsed, node, start, block)


def _cut_by_lines(
    parsed: _ParsedFile, node: Union[FunctionAst, ast.ClassDef], start: int, block: List[str]
) -> Tuple[int, str, str]:
    # _cut_block's general reading, line by line (the statement's lines from ``start``), which a
    # test holds its shortcut to: which lines are inside strings decides the indentation.
    inside = syntax_of(node, parsed.text).interior
    code = [t for number, t in enumerate(block, start) if t.strip() and number not in inside]
    indent = os.path.commonprefix([t[: len(t) - len(t.lstrip())] for t in code]) if code else ""
    for number, text in enumerate(block, start):
        if number in inside and text and not (text.startswith(indent) and len(text) > len(indent)):
            indent = ""
    body = []
    for number, text in enumerate(block, start):
        if number in inside:
            body.append(text[len(indent) :] if text else text)
        else:
            # Outside strings a blank line is blank, whatever spaces an editor left on it.
            body.append(text[len(indent) :] if text.strip() else "")
    return start, "\n".join(body), indent


class Syntax:
    """What capture reads from the syntax tree of a def, lambda or class statement, found in one
    walk of it: every name it mentions (and ``.f_globals`` when it reads a frame's globals: see
    ``_capture.lookups``), the lines inside its multi-line strings, the attribute
    chains it reads from each name, the absolute modules its body imports, and the oldest Python
    whose grammar accepts it, and the ``|`` operations in it (``int | None`` makes a union only
    from Python 3.10: capture decides from the values the operands name, see
    ``_capture.unions``).

    The chains: for each name, every ``name.a.b...`` chain read to its end (tuples of attribute
    names), and the empty chain when the name itself is used as a value (passed, returned,
    stored). ``os.path.join(p)`` gives ``os: [(path, join)]``; ``f(proj.sub)`` gives
    ``proj: [(sub,)]``; ``f(proj)`` gives ``proj: [()]``.
    """

    __slots__ = ("names", "interior", "chains", "imports", "requirement", "annotated", "bit_ors")

    def __init__(self, node: ast.AST, file_text: str) -> None:
        names: Set[str] = set()
        # Whether it holds an annotation anywhere (a parameter's, a return's, an annotated
        # assignment): without one, nothing of _annotated is needed to know what they name.
        annotated = False
        interior: Set[int] = set()
        chains: Dict[str, Set[Tuple[str, ...]]] = {}
        imports: Set[str] = set()
        requirement: Tuple[Tuple[int, int], str] = (MIN_PYTHON, "")
        bit_ors: List[ast.AST] = []
        # ids of nodes that are the inside of a longer attribute chain (a breadth-first walk
        # meets an Attribute before its value).
        inner: Set[int] = set()
        found: List[ast.AST] = [node]
        # Breadth-first, in ast.walk's order (the first of equal requirements wins), growing the
        # list it walks: one pass instead of one ast.walk (a generator per node) per fact.
        # Only the fields of a node's kind that can hold a node with fields are read
        # (_kind), and what they hold is taken as it is: a list's other items (None in a
        # dict's keys, the names of a global statement) and a node without fields are none of
        # the kinds looked at and hold nothing, so the nodes met are ast.walk's, in its order.
        kinds_get = _KINDS.get
        # The kinds met most, and the bits, as locals (no module attribute read per node).
        name_kind, constant_kind, arg_kind, load = ast.Name, ast.Constant, ast.arg, ast.Load
        name_leaf, constant_leaf = _NAME_IS_LEAF, _CONSTANT_IS_LEAF
        looked, requires = _LOOKED, _REQUIRES
        for sub in found:
            kind = type(sub)
            # Names and constants, half the nodes of most code, first, before the table: they
            # hold no node (issue 9: ~35% of this walk's instructions).
            if kind is name_kind:
                ident = sub.id  # type: ignore[attr-defined]
                names.add(ident)
                # (no set made per name read: most are read more than once)
                if sub.ctx.__class__ is load and (not inner or id(sub) not in inner):  # type: ignore[attr-defined]
                    held = chains.get(ident)
                    if held is None:
                        chains[ident] = {()}
                    else:
                        held.add(())
                if name_leaf:
                    continue
            elif kind is constant_kind:
                # Only a constant over several lines has lines inside it (most are on one).
                end = sub.end_lineno  # type: ignore[attr-defined]
                if end is not None and end > sub.lineno and isinstance(sub.value, (str, bytes)):  # type: ignore[attr-defined]
                    interior.update(range(sub.lineno + 1, end + 1))  # type: ignore[attr-defined]
                if constant_leaf:
                    continue
            known = kinds_get(kind)
            if known is None:
                known = _kind(kind)
            # The fields' values in one C call (a tuple, or the value itself for one field).
            read, count, what, _ = known
            if count == 1:
                try:
                    value = read(sub)
                except AttributeError:
                    value = _fields_of(sub)[0]
                if value.__class__ is list:
                    found.extend(value)
                elif value is not None:
                    found.append(value)
            elif count:
                try:
                    values = read(sub)
                except AttributeError:
                    values = _fields_of(sub)
                for value in values:
                    if value.__class__ is list:
                        found.extend(value)
                    elif value is not None:
                        found.append(value)
            if not what:
                continue  # (most nodes: none of the kinds looked at below)
            if what & looked:
                # (a name or a constant was looked at above)
                if kind is arg_kind:
                    if not annotated and sub.annotation is not None:  # type: ignore[attr-defined]
                        annotated = True
                elif kind is ast.Attribute:
                    inner.add(id(sub.value))  # type: ignore[attr-defined]
                    if sub.attr == "f_globals":  # type: ignore[attr-defined]
                        names.add(".f_globals")  # (not an identifier: no name of the code)
                    if id(sub) not in inner:
                        base, parts = _astparse.attribute_chain(sub)
                        if isinstance(base, ast.Name):
                            chains.setdefault(base.id, set()).add(parts)
                elif kind is ast.Import or kind is ast.ImportFrom:
                    from ._imports import imported_modules  # (a body that imports: issue 9)

                    imports.update(imported_modules(sub))
                    if kind is ast.ImportFrom and sub.level:  # type: ignore[attr-defined]
                        # Relative (from .helpers import x): resolved against the function's package.
                        imports.add("." * sub.level + (sub.module or ""))  # type: ignore[attr-defined]
                elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                    annotated = annotated or sub.returns is not None  # type: ignore[attr-defined]
                elif kind is ast.AnnAssign:
                    annotated = True
                elif kind is ast.JoinedStr:
                    interior.update(range(sub.lineno + 1, (sub.end_lineno or sub.lineno) + 1))  # type: ignore[attr-defined]
                elif kind is ast.BinOp:
                    if sub.op.__class__ is ast.BitOr:  # type: ignore[attr-defined]
                        bit_ors.append(sub)
            if what & requires:
                needed = node_requirement(sub, file_text)
                if needed is not None and needed[0] > requirement[0]:
                    requirement = needed
        if imports or not names.isdisjoint(_DYNAMIC_IMPORTERS):
            from ._imports import required_imports

            imports = required_imports(found, names)
        self.names = frozenset(names)
        self.interior = frozenset(interior)
        self.chains = {
            name: sorted(found_chains) if len(found_chains) > 1 else list(found_chains)
            for name, found_chains in chains.items()
        }
        self.imports = tuple(sorted(imports))
        self.requirement = requirement
        self.annotated = annotated
        # Outermost first (breadth-first): ``int | str | None`` is met whole before its left side.
        self.bit_ors = tuple(bit_ors)


# The fields of a syntax tree node's kind that never hold a node with fields, by name: names and
# numbers (identifiers, ``level``, ``conversion``, ``is_async``, ``simple``, a type comment), an
# expression context, an operator (``op``, ``ops``: nodes without fields). Every other field is
# read, so a field a later Python adds is walked.
_LEAF_FIELDS = frozenset(
    {"id", "ctx", "attr", "arg", "asname", "module", "level", "type_comment", "kind"}
    | {"conversion", "op", "ops", "tag", "is_async", "simple"}
)
# Fields that are a name or a constant in some kinds only: ``name`` is an expression in a type
# statement (3.12), ``value`` everywhere but in a Constant and a MatchSingleton.
_LEAF_BY_KIND = {
    "value": frozenset({"Constant", "MatchSingleton"}),
    "name": frozenset(
        {"FunctionDef", "AsyncFunctionDef", "ClassDef", "ExceptHandler", "alias", "MatchStar", "MatchAs"}
        | {"TypeVar", "ParamSpec", "TypeVarTuple"}
    ),
}
# The kinds Syntax looks at beyond their children (the parser makes these exact classes).
_LOOKED_AT = frozenset(
    {ast.Name, ast.Attribute, ast.Constant, ast.Import, ast.ImportFrom, ast.arg}
    | {ast.FunctionDef, ast.AsyncFunctionDef, ast.AnnAssign, ast.JoinedStr, ast.BinOp}
)
# What Syntax does with a node of a kind beyond reading its children: bits of _Kind's last item.
_LOOKED = 1  # one of _LOOKED_AT
_REQUIRES = 2  # one node_requirement can find something in (an instance of ASKED_TYPES)
# Per node kind (made at first sight of it): a reader of the fields Syntax walks into (an
# operator.attrgetter: a tuple of their values, the value itself for one field), how many they
# are, the _LOOKED and _REQUIRES bits of the kind, and the fields' names. One dict lookup per node.
_Kind: TypeAlias = "Tuple[Any, int, int, Tuple[str, ...]]"
_KINDS: Dict[type, _Kind] = {}


def _kind(kind: type) -> _Kind:
    fields = tuple(
        name
        for name in getattr(kind, "_fields", ())
        if name not in _LEAF_FIELDS and kind.__name__ not in _LEAF_BY_KIND.get(name, ())
    )
    what = (_LOOKED if kind in _LOOKED_AT else 0) | (_REQUIRES if issubclass(kind, ASKED_TYPES) else 0)
    known = (operator.attrgetter(*fields) if fields else None, len(fields), what, fields)
    _KINDS[kind] = known
    return known


# Whether Name and Constant, which Syntax's walk looks at before its table, are done there: kinds
# that hold no node and that node_requirement never asks about, on every supported Python. On
# one that gives them a field holding nodes, the table walks into it after the look.
_NAME_IS_LEAF = _kind(ast.Name)[1:3] == (0, _LOOKED)
_CONSTANT_IS_LEAF = _kind(ast.Constant)[1:3] == (0, _LOOKED)


def _fields_of(node: ast.AST) -> Tuple[Any, ...]:
    # The values of the fields Syntax reads of a node that lacks one (made by hand rather than by
    # the parser, which sets every field of its kind): None for those it lacks.
    return tuple(getattr(node, name, None) for name in _KINDS[type(node)][3])


# The names a call that imports a module by its name is made through: ``__import__("x")``,
# ``importlib.import_module("x")``, ``import_module("x")`` (the walk looks for such calls only when
# the code reads one of these names).
_DYNAMIC_IMPORTERS = frozenset({"__import__", "importlib", "import_module"})
# What an except clause names that catches a failed import (ModuleNotFoundError is an ImportError):
# the guards of a module's globals (_capture.guards) and of a body's imports (_imports).
IMPORT_ERROR_CATCHERS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


# Each syntax tree node's Syntax is kept on the node itself, under this attribute (a node belongs
# to one parse of one text, so the node alone is the key, and the entry goes with the parse of
# its file). No walk of a tree reads it: they read a node's _fields. It was a WeakKeyDictionary,
# whose every lookup made a weak reference and ran two Python-level calls (~6k instructions a
# lookup on 3.12, two or three per function dumped for the first time: issue 9).
_SYNTAX_ATTRIBUTE = "_srcpickle_syntax"


def syntax_of(node: ast.AST, file_text: str) -> Syntax:
    """The ``Syntax`` of a def, lambda or class node of a file whose text is ``file_text``."""
    held = getattr(node, "__dict__", None)
    if held is None:  # a node without attributes of its own on some interpreter: made each time
        return Syntax(node, file_text)
    known: Optional[Syntax] = held.get(_SYNTAX_ATTRIBUTE)
    if known is None:
        known = held[_SYNTAX_ATTRIBUTE] = Syntax(node, file_text)
    return known


# Per syntax tree node, its text in the file it was parsed from (as _SYNTAX: the node is the key).
# ast.get_source_segment splits the whole file into lines at each call: an annotation's text,
# read at every dumps of a method, cost a split of its file.
_SEGMENTS: weakref.WeakKeyDictionary[ast.AST, Optional[str]] = weakref.WeakKeyDictionary()


def source_segment(info: SourceInfo, node: Optional[ast.AST]) -> Optional[str]:
    """The text of a sub-node of ``info.node`` as written in the file."""
    if node is None:
        return None
    try:
        return _SEGMENTS[node]
    except KeyError:
        pass
    import ast as ast_module  # (get_source_segment) only for annotations' texts

    text = ast_module.get_source_segment(info.file_text, node)
    _SEGMENTS[node] = text
    return text
