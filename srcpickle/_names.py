"""The dotted names a payload's sources read from the modules they import, by static reading.

``collections.Mapping``, ``itertools.pairwise``, ``enum.StrEnum``: a name a source reads from an
imported module that this Python (or this version of a distribution) lacks. ``check`` reports
each (``_check``); ``loads`` refuses a payload that reads one where it would fail, before anything
of the payload runs (``needed_names`` and ``missing_names``). Both decide from this one reading,
so that they agree:

- a name read by code that runs when the payload loads (a class statement: its bases,
  decorators, body, and the annotations of the methods it defines) or when a function is called
  (a function's body) is needed: missing, the payload cannot work here;
- a name read only inside a guard (``if sys.version_info >= (3, 11):``, ``if hasattr(...)``,
  ``if TYPE_CHECKING:``, a ``try`` that catches ``AttributeError``, ``ImportError``, ``NameError``,
  ``Exception`` or everything) is code written to run where it is missing, and one read only by
  the annotations of the function a source is (which stay text when they fail), by a variable's
  annotation in a function's body (never evaluated), under ``from __future__ import
  annotations``, or by a decorator or default expression of a function's own source (which
  loading never evaluates), is not needed. The annotations of a def nested in a function, or of
  a class made in one, are evaluated whenever that function runs: needed.

Imports only the standard library, and ``_ast`` rather than ``ast`` (whose import costs a first
load about 8 ms; see ``_astparse``), and never ``dataclasses`` (the loader's import boundary).
"""

from __future__ import annotations

import _ast
import sys

from . import _astparse
from ._model import ClassNode, Distribution, FunctionNode, ImportNode, NamespaceNode, Payload, Ref, RefNode

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterator, List, Optional, Set, Tuple, TypeAlias, Union

SourceNode: TypeAlias = "Union[FunctionNode, ClassNode]"

# The parse_source of some of a payload's sources, by node id.
Parsed: TypeAlias = "Dict[str, Optional[Tuple[_ast.Module, int]]]"

# One needed name: (dotted name, module, distribution of the module, where it is read).
Needed: TypeAlias = "Tuple[str, str, Distribution, str]"


# Builtins a Python after 3.9 (the oldest srcpickle supports) added, with that release: a source
# that reads one (and binds no name of its own to it, nor does its module) reads it from the
# builtins module, which an older Python's lacks: the call would fail with a NameError. Read as
# names of the module "builtins", with the same guards and annotations rules.
NEWER_BUILTINS = {
    "aiter": "3.10",
    "anext": "3.10",
    "EncodingWarning": "3.10",
    "BaseExceptionGroup": "3.11",
    "ExceptionGroup": "3.11",
    "PythonFinalizationError": "3.13",
}


def targets(payload: Payload, namespace_id: str) -> Dict[str, Tuple[str, str]]:
    """Each global of a namespace bound to an import or a by-reference object: its module and
    the dotted path inside it."""
    namespace = payload.nodes.get(namespace_id)
    found: Dict[str, Tuple[str, str]] = {}
    if not isinstance(namespace, NamespaceNode):
        return found
    for name, value in namespace.globals:
        node = payload.nodes.get(value.id) if isinstance(value, Ref) else None
        if isinstance(node, ImportNode):
            found[name] = (node.module, "")
        elif isinstance(node, RefNode):
            found[name] = (node.module, node.qualname)
    return found


def parse_source(node: SourceNode) -> Optional[Tuple[_ast.Module, int]]:
    """The syntax tree of a node's source and the line offset of its first line (a lambda cut
    from the middle of an expression parses inside parentheses); None when it does not parse."""
    kind = "class" if isinstance(node, ClassNode) else node.kind
    try:
        return _astparse.parse(node.source), 0
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        if kind != "lambda":
            return None
    try:
        return _astparse.parse("(\n" + node.source + "\n)"), 1
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _children(node: Any) -> Iterator[Any]:
    # ast.iter_child_nodes, without the ast module.
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, _ast.AST):
            yield value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, _ast.AST):
                    yield item


def walk(node: Any) -> Iterator[Any]:
    """``ast.walk``, without the ast module."""
    todo = [node]
    while todo:
        current = todo.pop()
        todo.extend(_children(current))
        yield current


def _newer_builtins(source: str) -> List[str]:
    # The NEWER_BUILTINS a source's text holds (as a name or inside any other text: its syntax
    # tree decides which it reads). A plain loop: asked of every source at a first load.
    held = []
    for name in NEWER_BUILTINS:
        if name in source:
            held.append(name)
    return held


def may_read_newer_builtins(payload: Payload) -> bool:
    """Whether a source of ``payload`` holds the text of a builtin a Python after 3.9 added (a
    payload that imports nothing has names to check then)."""
    for node in payload.nodes.values():
        kind = type(node)
        if (kind is FunctionNode or kind is ClassNode) and _newer_builtins(node.source):  # type: ignore[union-attr]
            return True
    return False


def added_in(dotted: str) -> Optional[Tuple[int, int]]:
    """``release_of(dotted)`` when this Python is older than that release; else None (a name of
    this Python's releases, or of no release: missing for another reason)."""
    release = release_of(dotted)
    return release if release is not None and sys.version_info[:2] < release else None


def release_of(dotted: str) -> Optional[Tuple[int, int]]:
    """The CPython release after 3.8 that added the standard-library name ``dotted``, or the
    module or class it is under (``tomllib.loads``: ``tomllib``, 3.11); None for any other name.
    Read from the generated table ``_stdlib_added`` (tools/stdlib_added.py)."""
    from ._stdlib_added import ADDED  # (only for a name found missing)

    name = dotted
    while name:
        release = ADDED.get(name)
        if release is not None:
            return release
        name = name.rpartition(".")[0]
    return None


def candidate_names(payload: Payload) -> Tuple[Tuple[str, str], ...]:
    """Every dotted name ``needed_names`` can give, and more, each with its module: every
    attribute chain a source reads through a name that the namespace binds to an import or that
    an import statement anywhere in the source binds, whatever guards, annotations and local
    bindings around it. One walk of each source, none of the flags: a first load asks only
    whether all of them are there (``Names``), which most payloads answer yes."""
    return _candidates(payload, {})


def _candidates(payload: Payload, parsed_sources: Parsed) -> Tuple[Tuple[str, str], ...]:
    # candidate_names, keeping each source it parses in ``parsed_sources``.
    candidates: Set[Tuple[str, str]] = set()
    # Each namespace's targets, worked out once: the functions of a payload mostly share one
    # namespace, which targets() read again for each of them (issue 9).
    by_namespace: Dict[str, Dict[str, Tuple[str, str]]] = {}
    for node_id, node in payload.sources():
        if not node.source:
            continue
        for name in _newer_builtins(node.source):
            candidates.add((f"builtins.{name}", "builtins"))  # (more than it reads: name_uses decides)
        found = by_namespace.get(node.namespace)
        if found is None:
            found = by_namespace[node.namespace] = targets(payload, node.namespace)
        # No chain can start at a module without an import statement or a name of the module's
        # in its text (an ASCII text: Python reads other identifiers in their NFKC form).
        if "import" not in node.source and (
            not found or (node.source.isascii() and not any(name in node.source for name in found))
        ):
            continue
        plain = plain_chains(node.source, found)
        if plain is not None:
            candidates.update(plain)
            continue
        parsed = parsed_sources[node_id] = parse_source(node)
        if parsed is None:
            continue
        nodes = list(walk(parsed[0]))
        bound: Dict[str, Set[Tuple[str, str]]] = {}
        inner: Set[int] = set()
        for sub in nodes:
            if isinstance(sub, _ast.Attribute):
                inner.add(id(sub.value))
            elif isinstance(sub, _ast.Import):
                for alias in sub.names:
                    # As bound_names: "import a.b" binds a, "import a.b as c" binds c to a.b.
                    top = alias.name.split(".")[0]
                    bound.setdefault(alias.asname or top, set()).add(
                        (alias.name if alias.asname else top, "")
                    )
            elif isinstance(sub, _ast.ImportFrom) and not sub.level and sub.module:
                for alias in sub.names:
                    if alias.name != "*":
                        bound.setdefault(alias.asname or alias.name, set()).add((sub.module, alias.name))
        parts: Tuple[str, ...]
        for sub in nodes:
            if id(sub) in inner:
                continue
            if isinstance(sub, _ast.Name):
                if not isinstance(sub.ctx, _ast.Load):
                    continue
                root, parts = sub.id, ()
            elif isinstance(sub, _ast.Attribute):
                base, parts = _astparse.attribute_chain(sub)
                if not isinstance(base, _ast.Name):
                    continue
                root = base.id
                if not isinstance(sub.ctx, _ast.Load):
                    parts = parts[:-1]
            else:
                continue
            reached = bound.get(root, set())
            if root in found:
                reached = reached | {found[root]}
            for module, inside in reached:
                candidates.add((".".join(p for p in (module, inside, *parts) if p), module))
    return tuple(sorted(candidates))


# What \w matches in ASCII: the characters of an ASCII identifier.
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# What may stand between a name and a "." that reads from it, in a source that is not plainly
# written (``(os\n   .path)``, ``(os).path``, ``os \\``): the source's syntax tree decides then.
_BETWEEN = frozenset(" \t\f\r\n\\)")


def plain_chains(source: str, found: Dict[str, Tuple[str, str]]) -> Optional[Set[Tuple[str, str]]]:
    """``_candidates``'s chains of one source read from its text, without a syntax tree (a first
    load of a function reading imported modules spent most of its names check parsing and
    walking it): every run of ``name.attr.attr`` in the text whose first name is one of
    ``found``, with its module; None when the text can hide a chain from that reading, and the
    syntax tree decides: a non-ASCII text, an ``import`` statement, or a ``.`` after a found
    name or attribute that is not written right after it (spaces, a comment, a line break or a
    parenthesis between).

    Every chain the syntax tree gives is among these, which hold each start of a chain too (the
    tree stops before the last name of an assignment's target): a name and each ``.attr`` after
    it are tokens the text holds in that order, and where nothing stands between them the text
    reads them as the tree does. Runs inside strings and comments add chains the tree does not
    have: a chain is only ever looked up (``Names.all_there``), and one not there sends the load
    to the needed names, read from the syntax tree.
    """
    if not source.isascii() or _imports(source):
        return None
    size = len(source)
    chains: Set[Tuple[str, str]] = set()
    for root, (module, inside) in found.items():
        start = source.find(root)
        while start >= 0:
            end = start + len(root)
            if (start and (source[start - 1] in _WORD or source[start - 1] == ".")) or (
                end < size and source[end] in _WORD
            ):
                start = source.find(root, end)  # part of another name, or an attribute
                continue
            parts = []
            while end < size and source[end] == ".":
                after = end + 1
                while after < size and source[after] in _WORD:
                    after += 1
                if after == end + 1 or source[end + 1] in "0123456789":
                    return None  # "os. path", "os.\": not plainly written
                parts.append(source[end + 1 : after])
                end = after
            if _dot_follows(source, end):
                return None
            # Each start of the chain too: the tree stops before the last name of a target
            # (``os.path.sep = ...`` reads ``os.path``).
            base = ".".join(p for p in (module, inside) if p)
            chains.add((base, module))
            for index in range(len(parts)):
                chains.add((".".join((base, *parts[: index + 1])), module))
            start = source.find(root, end)
    return chains


def _dot_follows(source: str, pos: int) -> bool:
    # Whether a "." follows ``pos`` past spaces, line breaks, continuations, comments and closing
    # parentheses: a chain the tree reads on and the text does not.
    size = len(source)
    while pos < size:
        char = source[pos]
        if char in _BETWEEN:
            pos += 1
        elif char == "#":
            pos = source.find("\n", pos)
            if pos < 0:
                return False
        else:
            return char == "."
    return False


def _imports(source: str) -> bool:
    # Whether ``import`` stands in the text as a word (an import statement binds names the text
    # reading does not know; "imports" in a docstring does not).
    start = source.find("import")
    while start >= 0:
        end = start + len("import")
        if (not start or source[start - 1] not in _WORD) and (end == len(source) or source[end] not in _WORD):
            return True
        start = source.find("import", end)
    return False


class Names:
    """What loading a payload checks of the names its code reads from imported modules (see
    ``check_names``): its ``candidate_names``, and its ``needed_names``, worked out only when a
    candidate is not plainly there. Depends on the payload's text alone, like both."""

    __slots__ = ("payload", "candidates", "_needed", "_parsed")

    def __init__(self, payload: Payload) -> None:
        self.payload = payload
        # The sources parsed for the candidates, kept until the first check (the load that made
        # this): needed there, they are not parsed again.
        parsed: Parsed = {}
        self._parsed: Optional[Parsed] = parsed
        self.candidates = _candidates(payload, parsed)
        self._needed: Optional[Tuple[Needed, ...]] = None

    def checked(self) -> None:
        """Drop the parsed sources kept for the first check (a load looked the names up)."""
        self._parsed = None

    def __bool__(self) -> bool:
        return bool(self.candidates)

    def needed(self) -> Tuple[Needed, ...]:
        """The payload's ``needed_names`` (worked out once; two threads may both work it out,
        to the same answer)."""
        needed = self._needed
        if needed is None:
            from ._name_uses import needed_names

            needed = self._needed = needed_names(self.payload, self._parsed)
        return needed

    def all_there(self) -> bool:
        """Whether every candidate is plainly there: its module imported, and each attribute of
        the chain in the ``__dict__`` of a plain module. Looked up without running any code (no
        import, no module ``__getattr__``): then ``check_names`` would find every needed name,
        as ``follow`` reads each from the same dictionaries. False when any is not plainly
        there, which is no finding: ``check_names`` then looks up the needed ones."""
        modules = sys.modules
        for dotted, module in self.candidates:
            obj = modules.get(module)
            if type(obj) is not _MODULE or type(modules.get(module.split(".")[0])) is not _MODULE:
                return False
            for attr in dotted[len(module) + 1 :].split(".") if dotted != module else ():
                if type(obj) is not _MODULE or attr.startswith("__"):
                    return False
                obj = obj.__dict__.get(attr, _ABSENT)
                if obj is _ABSENT:
                    return False
        return True


_MODULE = type(sys)
_ABSENT = object()
# What loading checks: a payload's Names, or the needed names themselves.
NameCheck: TypeAlias = "Union[Names, Tuple[Needed, ...]]"


def check_names(payload: Payload, needed: NameCheck) -> None:
    """Refuse, before anything of ``payload`` runs, a payload whose code needs names this
    environment lacks (``needed``: its ``needed_names``, or its ``Names``, whose needed names
    are looked up only when some candidate is not plainly there), as ``check`` reports them.

    Raises:
        MissingDependencyError: naming each name, its reader, and the Python or distribution
            version the payload was written with, which has it.
    """
    if isinstance(needed, Names):
        names = needed
        try:
            if names.all_there():
                return
            needed = names.needed()
        finally:
            names.checked()
    from ._name_uses import missing_names

    missing = missing_names(needed)
    if not missing:
        return
    # A name of the standard library a later Python added: this one is too old, which no
    # install mends (enum.StrEnum, typing.Self on 3.10).
    newer = []
    for (name, _, dist, where), _ in missing:
        release = added_in(name) if dist.is_stdlib else None
        if release is not None:
            newer.append((name, release, f"read by {where}"))
    if newer:
        from ._rebuild.failures import python_too_old

        raise python_too_old(payload, newer, "names")
    import platform
    import sys

    from .errors import MissingDependencyError

    here = f"{platform.python_implementation()} {sys.version.split()[0]}"
    written = payload.written_by.split(", ", 1)[-1] if payload.written_by else "another Python"
    lines = []
    pins = []
    for (name, _, dist, where), why in missing:
        if dist.is_stdlib:
            origin = f"the standard library's; the payload was written on {written}"
        elif dist.is_local:  # no pip install gives a module of the user's own back
            origin = f"from {dist.name}, code of the user's own (no installed distribution)"
        else:
            origin = f"saved with {dist.name} {dist.version}"
            pins.append(f"{dist.name}=={dist.version}")
        lines.append(f"  {name} (read by {where}): {why} ({origin})")
    fix = (
        f"\nTo install what the payload was saved with: pip install {' '.join(sorted(set(pins)))}"
        if pins
        else f"\nLoad it on a Python that has them (such as {written}), or rewrite the source "
        "with srcpickle migrate."
    )
    raise MissingDependencyError(
        f"the payload's code reads names that this environment ({here}) lacks; nothing was "
        "executed:\n" + "\n".join(lines) + fix,
        tuple(entry[0] for entry, _ in missing),
    )
