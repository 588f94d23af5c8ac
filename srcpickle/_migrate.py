"""Rewrite a payload for renamed modules and names: the engine of ``srcpickle.migrate``.

A payload holds module and attribute names in many places: the sources (``import`` and ``from``
statements inside bodies, attribute chains such as ``collections.Mapping``, decorators, class
bases, annotations), the namespace globals bound to imports, ``imported-names``,
``body-imports``, the ``import`` and ``ref`` sections (module, submodules, qualname,
distribution), the annotation texts and the signatures. A rename reaches all of them, consistently:

* a chain read through a plain ``import`` (``collections.Mapping``, ``oldpkg.util.scale``) is
  rewritten in the source (``collections.abc.Mapping``, ``newpkg.scale``), and the namespace gets
  the import it now needs;
* a name bound by an alias or a ``from`` import keeps its name in the source: its ``import`` or
  ``ref`` section changes (``from oldpkg.util import scale`` becomes ``newpkg.scale``), unless the
  rename reaches past it into the chain;
* ``import`` statements inside a source are rewritten in place.

Sources are rewritten with libcst (imported here only, and only when a migration runs), which
keeps every comment, blank line and space a rename does not touch. Names are resolved with its
scope analysis, so a local variable that happens to share a module's name is never rewritten, and
a rename whose new name a local variable would shadow is refused with its location. The result is
written with the format writer and verified: every source compiles as the loader compiles it and,
when asked, every import resolves in this environment (``_check``, in a separate process).

Never executes anything from the payload.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Set, Tuple, Union

from . import _astparse, _deps, _dists
from ._fmt.read import parse
from ._fmt.write import write
from ._model import (
    ClassNode,
    Distribution,
    FunctionNode,
    GuardNode,
    ImportNode,
    NamespaceNode,
    Node,
    Payload,
    Ref,
    RefNode,
    Value,
    map_values,
    node_values,
    replace,
)
from .errors import ArgumentError, MigrationError, PayloadFormatError

SourceNode = Union[FunctionNode, ClassNode]

INSTALL_HINT = (
    "srcpickle migrate needs libcst, which is not installed here: pip install 'srcpickle[migrate]' "
    "(libcst has no PyPy wheel: migrate on CPython; the migrated payload loads on PyPy as before)"
)
# The text a lambda is parsed inside: a lambda cut from the middle of an expression may span lines
# that only parse within parentheses (the loader compiles it the same way).
_LAMBDA_HEAD = "__srcpickle_lambda__ = (\n"
_LAMBDA_TAIL = "\n)"
_ID_FORBIDDEN = re.compile(r"[\s,()\[\]{}:=@'\"]")


def _libcst() -> Any:
    try:
        import libcst
        import libcst.metadata  # noqa: F401 - the scope analysis lives in the submodule
    except ImportError as exc:
        raise MigrationError(INSTALL_HINT) from exc
    return libcst


# ------------------------------------------------------------------------------------ renames


class Renames:
    """The ``old -> new`` dotted names of one migration, matched longest first."""

    def __init__(self, renames: Mapping[str, str]) -> None:
        if not hasattr(renames, "items"):
            raise ArgumentError(
                "migrate(): renames is a mapping of old dotted names to new ones "
                f"({{'oldpkg': 'newpkg'}}), not {type(renames).__name__}"
            )
        if not renames:
            raise MigrationError("no renames given: pass at least one OLD=NEW pair")
        self.pairs: Dict[str, str] = {}
        for old, new in renames.items():
            for side in (old, new):
                if not isinstance(side, str) or not all(
                    part.isidentifier() and not keyword.iskeyword(part) for part in side.split(".")
                ):
                    raise MigrationError(
                        f"cannot rename {old!r} to {new!r}: {side!r} is not a dotted Python name "
                        "(identifiers joined by '.', such as collections.abc.Mapping)"
                    )
            if old == new:
                raise MigrationError(f"cannot rename {old} to itself")
            self.pairs[old] = new
        self.order = sorted(self.pairs, key=lambda o: (-len(o), o))
        self.used: Set[str] = set()

    def match(self, dotted: str) -> Optional[Tuple[str, str]]:
        """The longest rename whose old name is ``dotted`` or a dotted prefix of it: ``(old,
        renamed dotted)``."""
        for old in self.order:
            if dotted == old or dotted.startswith(old + "."):
                return old, self.pairs[old] + dotted[len(old) :]
        return None

    def unmatched(self) -> List[Tuple[str, str]]:
        return [(old, self.pairs[old]) for old in sorted(self.pairs) if old not in self.used]


# ------------------------------------------------------------------------------------ result


@dataclass
class MigrationResult:
    """A migrated payload: its bytes, both parsed payloads, what changed (one line each), the
    renames that matched nothing, and the id of the key that signed the original (None when it
    was unsigned): a changed payload is unsigned, as its signature no longer holds."""

    data: bytes
    before: Payload
    after: Payload
    changes: List[str] = field(default_factory=list)
    unmatched: List[Tuple[str, str]] = field(default_factory=list)
    signed_by: Optional[str] = None

    @property
    def changed(self) -> bool:
        return bool(self.changes)


# ------------------------------------------------------------------------------- environment


def _findable(module: str) -> bool:
    """Whether ``module`` is a module this environment can import, found without importing it:
    each package's spec gives the folders of its submodules."""
    import importlib.machinery
    import importlib.util
    import types

    if module in sys.modules:
        return isinstance(sys.modules[module], types.ModuleType)
    parts = module.split(".")
    try:
        spec = importlib.util.find_spec(parts[0])
    except (ImportError, ValueError):
        return False
    for depth in range(1, len(parts)):
        if spec is None:
            return False
        name = ".".join(parts[: depth + 1])
        loaded = sys.modules.get(name)
        if isinstance(loaded, types.ModuleType):
            spec = getattr(loaded, "__spec__", None) or spec
            continue
        locations = spec.submodule_search_locations
        if locations is None:
            return False
        try:
            spec = importlib.machinery.PathFinder.find_spec(name, list(locations))
        except (ImportError, ValueError):
            return False
    return spec is not None


def distribution_now(module: str) -> Distribution:
    """The distribution that provides ``module`` in this environment, found without importing
    it; a distribution named after the top-level package, without a version, when unknown."""
    top = module.split(".")[0]
    if _deps.is_stdlib(top):
        return _deps.STDLIB
    if sys.version_info < (3, 10) and top not in sys.modules:
        # Python 3.9 has no sys.stdlib_module_names: a module found in the standard library's
        # folders (and not in site-packages) is standard.
        import importlib.util

        try:
            spec = importlib.util.find_spec(top)
        except (ImportError, ValueError):
            spec = None
        origin = getattr(spec, "origin", None)
        if spec is not None and (
            origin in ("built-in", "frozen")
            or (
                origin
                and _dists._under(origin, _dists._stdlib_dirs())
                and not _dists._under(origin, _dists._site_dirs())
            )
        ):
            return _deps.STDLIB
    # Read afresh, not from capture's per-process cache: what is installed may have changed
    # since this process first looked (a migration runs once, reading metadata costs ~50 ms).
    names = sorted(_dists._packages_distributions.__wrapped__().get(top, []))
    if names:
        return Distribution(names[0], _dists._version.__wrapped__(names[0]))
    return Distribution(top)


def module_part(new_dotted: str, attributes: int) -> str:
    """Which prefix of ``new_dotted`` is the module: the longest one this environment can find
    (without importing anything), else ``new_dotted`` less its last ``attributes`` names (as many
    as the old name had past its module)."""
    parts = new_dotted.split(".")
    for size in range(len(parts), 0, -1):
        candidate = ".".join(parts[:size])
        if _findable(candidate):
            return candidate
    return ".".join(parts[: max(len(parts) - attributes, 1)])


def _sanitize_id(text: str) -> str:
    return _ID_FORBIDDEN.sub("_", text) or "node"


# ---------------------------------------------------------------------------------- the engine


@dataclass
class _Binding:
    """What a global of a namespace names: the node id and its module and dotted path."""

    node_id: str
    module: str
    qualname: str  # "" for a module

    @property
    def target(self) -> str:
        return f"{self.module}.{self.qualname}" if self.qualname else self.module


class _Migration:
    def __init__(self, payload: Payload, renames: Renames) -> None:
        self.cst = _libcst()
        self.payload = payload
        self.renames = renames
        self.nodes: Dict[str, Node] = dict(payload.nodes)
        self.changes: List[str] = []
        # Per namespace: global name -> (module, submodules, the node it replaces) of the plain
        # imports that sources now need.
        self.new_globals: Dict[str, Dict[str, Tuple[str, Set[str], str]]] = {}
        # Import node id -> submodules that rewritten chains now pass through.
        self.more_submodules: Dict[str, Set[str]] = {}
        # Node ids whose global or chains a rewrite touched (their submodules are recomputed).
        self.touched_imports: Set[str] = set()
        # Ids of the sections this migration added.
        self.created: Set[str] = set()

    # ----------------------------------------------------------------------------- helpers

    def bindings(self, namespace_id: str) -> Dict[str, _Binding]:
        namespace = self.payload.nodes.get(namespace_id)
        found: Dict[str, _Binding] = {}
        if not isinstance(namespace, NamespaceNode):
            return found
        for name, value in namespace.globals:
            node = self.payload.nodes.get(value.id) if isinstance(value, Ref) else None
            if isinstance(node, ImportNode):
                found[name] = _Binding(value.id, node.module, "")  # type: ignore[union-attr]
            elif isinstance(node, RefNode):
                found[name] = _Binding(value.id, node.module, node.qualname)  # type: ignore[union-attr]
        return found

    def namespace_globals(self, namespace_id: str) -> Dict[str, Value]:
        namespace = self.payload.nodes.get(namespace_id)
        return dict(namespace.globals) if isinstance(namespace, NamespaceNode) else {}

    def deepest_module(self, binding: _Binding, dotted: str) -> str:
        """The longest module among the binding's module and submodules that ``dotted`` is in."""
        node = self.payload.nodes.get(binding.node_id)
        candidates = [binding.module, *(node.submodules if isinstance(node, ImportNode) else ())]
        inside = [c for c in candidates if dotted == c or dotted.startswith(c + ".")]
        return max(inside, key=len) if inside else binding.module

    # ------------------------------------------------------------------------------ sources

    def rewrite_sources(self) -> None:
        for node_id, node in self.payload.sources():
            if not node.source:
                continue  # a method that refers to its class's source: the class is the unit
            rewritten = _SourceRewrite(self, node_id, node).run()
            if rewritten is not None:
                self.nodes[node_id] = rewritten

    def need_global(self, node: SourceNode, name: str, module: str, where: str, after: str) -> None:
        """Record that ``node``'s namespace needs global ``name`` bound by ``import`` of the
        top-level module ``name``, reaching ``module`` (a submodule of it or itself)."""
        existing = self.namespace_globals(node.namespace).get(name)
        target = self.payload.nodes.get(existing.id) if isinstance(existing, Ref) else None
        if existing is not None and not (isinstance(target, ImportNode) and target.module == name):
            raise MigrationError(
                f"cannot rewrite {where}: the new name {name!r} is already a global of module "
                f"{self.module_name(node)} with another value, so the source would read that value "
                "instead of the module. Choose another rename, or rename that global in the code "
                "and dump it again."
            )
        if existing is None and hasattr(builtins, name):
            raise MigrationError(
                f"cannot rewrite {where}: the new name {name!r} is a built-in, and importing a "
                f"module under that name would shadow the built-in for every function of module "
                f"{self.module_name(node)}. Rename to a name inside a package instead."
            )
        entry = self.new_globals.setdefault(node.namespace, {}).setdefault(name, (name, set(), after))
        if module != name:
            entry[1].add(module)
        if isinstance(existing, Ref):
            self.touched_imports.add(existing.id)

    def module_name(self, node: SourceNode) -> str:
        namespace = self.payload.nodes.get(node.namespace)
        return namespace.module if isinstance(namespace, NamespaceNode) else node.namespace

    # -------------------------------------------------------------------------------- nodes

    def rename_nodes(self) -> Dict[str, str]:
        """Import and ref sections renamed where a rename covers what they name; returns the
        redirection of old node ids to new ones."""
        redirect: Dict[str, str] = {}
        for node_id, node in list(self.nodes.items()):
            if isinstance(node, ImportNode):
                hit = self.renames.match(node.module)
                if hit is None:
                    # A rename of one of its submodules was applied to the chains that reach it.
                    continue
                subs = tuple(self.renames.match(s) for s in node.submodules)
                module = hit[1]
                submodules = tuple(
                    sorted({(m[1] if m else s) for s, m in zip(node.submodules, subs)} - {module})
                )
                for match in (hit, *subs):
                    if match:
                        self.renames.used.add(match[0])
                # A renamed module is another module (a rename to itself is refused), whose
                # distribution is the one installed now.
                new = ImportNode(module, distribution_now(module), submodules)
                redirect[node_id] = self.place(node_id, new)
                self.changes.append(f"import {node.module} -> import {module}")
            elif isinstance(node, RefNode):
                dotted = f"{node.module}.{node.qualname}"
                hit = self.renames.match(dotted)
                if hit is None:
                    continue
                old, renamed = hit
                self.renames.used.add(old)
                if len(old) <= len(node.module):
                    module = self.renames.pairs[old] + node.module[len(old) :]
                    qualname = node.qualname
                else:
                    covered = old[len(node.module) + 1 :].count(".") + 1
                    module = module_part(renamed, covered)
                    if renamed == module:  # the whole name became a module: keep one attribute
                        module = renamed.rsplit(".", 1)[0] if "." in renamed else renamed
                    qualname = renamed[len(module) + 1 :]
                if not qualname:
                    raise MigrationError(
                        f"cannot rename {dotted} to {renamed}: {dotted} is an object inside module "
                        f"{node.module}, and {renamed} names a module, not an object in one"
                    )
                new_ref = RefNode(module, qualname, distribution_now(module))
                redirect[node_id] = self.place(node_id, new_ref)
                self.changes.append(f"{dotted} -> {module}.{qualname}")
        return redirect

    def place(self, old_id: str, node: Node) -> str:
        """Put ``node`` in the document right after ``old_id`` (where the old one stood, once
        unused nodes are dropped), reusing an equal node; returns its id."""
        for node_id, existing in self.nodes.items():
            if existing == node:
                return node_id
        if isinstance(node, ImportNode):
            base = node.module
        elif isinstance(node, RefNode):
            base = f"{node.module}.{node.qualname}"
        else:
            base = old_id
        base = _sanitize_id(base)
        new_id, number = base, 2
        while new_id in self.nodes and new_id != old_id:
            new_id = f"{base}-{number}"
            number += 1
        if new_id == old_id:
            self.nodes[old_id] = node
            return old_id
        items = list(self.nodes.items())
        index = [k for k, _ in items].index(old_id) + 1
        items.insert(index, (new_id, node))
        self.nodes = dict(items)
        self.created.add(new_id)
        return new_id

    def move_before(self, node_id: str, before: str) -> None:
        """Move a section this migration added to just before ``before``: where a fresh dump
        puts it (capture reaches a namespace's globals in name order)."""
        if node_id not in self.created or before not in self.nodes or node_id == before:
            return
        node = self.nodes.pop(node_id)
        items = list(self.nodes.items())
        index = [k for k, _ in items].index(before)
        items.insert(index, (node_id, node))
        self.nodes = dict(items)

    def import_for(self, module: str, submodules: Set[str], after: str) -> str:
        """The id of an import section of top-level ``module`` reaching ``submodules``: an
        existing one (its submodules extended) or a new one placed after ``after``."""
        for node_id, node in self.nodes.items():
            if isinstance(node, ImportNode) and node.module == module:
                self.more_submodules.setdefault(node_id, set()).update(submodules)
                self.touched_imports.add(node_id)
                return node_id
        node = ImportNode(module, distribution_now(module), tuple(sorted(submodules)))
        new_id = self.place(after, node)
        self.touched_imports.add(new_id)
        return new_id

    # ----------------------------------------------------------------------------- finishing

    def finish(self, redirect: Dict[str, str]) -> Payload:
        def change(value: Value) -> Value:
            if isinstance(value, Ref):
                return Ref(redirect.get(value.id, value.id))
            return _map_refs(value, change)

        for node_id, node in list(self.nodes.items()):
            if isinstance(node, NamespaceNode):
                self.nodes[node_id] = self.finish_namespace(node_id, node, redirect)
            elif not isinstance(node, (ImportNode, RefNode)):
                self.nodes[node_id] = map_values(node, change)
        for node_id, extra in self.more_submodules.items():
            target = self.nodes.get(node_id)
            if isinstance(target, ImportNode):
                submodules = tuple(sorted(set(target.submodules) | extra))
                self.nodes[node_id] = replace(target, submodules=submodules)
        self.drop_unused_globals()
        self.follow_guards(redirect)
        self.prune_submodules()
        self.update_imported_names()
        self.drop_unreachable()
        root = self.payload.root
        if isinstance(root, Ref) and root.id in redirect:
            root = Ref(redirect[root.id])
        return replace(self.payload, root=root, nodes=self.nodes, positions={})

    def finish_namespace(self, node_id: str, node: NamespaceNode, redirect: Dict[str, str]) -> NamespaceNode:
        values: Dict[str, Value] = {}
        for name, value in node.globals:
            if isinstance(value, Ref) and value.id in redirect:
                target = self.payload.nodes.get(value.id)
                # A plain import (import oldpkg, read as oldpkg.x): the sources' chains carry
                # the name and were rewritten to new globals; this one goes once unused.
                if not (isinstance(target, ImportNode) and target.module == name):
                    value = Ref(redirect[value.id])
            values[name] = value
        for name, (module, submodules, after) in self.new_globals.get(node_id, {}).items():
            existing = values.get(name)
            if isinstance(existing, Ref):
                self.more_submodules.setdefault(existing.id, set()).update(submodules)
                continue
            new_id = self.import_for(module, submodules, after if after in self.nodes else node_id)
            values[name] = Ref(new_id)
            following = [v for n, v in sorted(values.items()) if n > name and isinstance(v, Ref)]
            if following:
                self.move_before(new_id, following[0].id)
            self.changes.append(f"module {node.module}: global {name} = import {module}")
        return replace(node, globals=tuple(sorted(values.items())))

    def used_names(self, payload_nodes: Dict[str, Node]) -> Dict[str, Set[str]]:
        """Per source node id: the names its source and annotations read (a superset of the
        globals it uses)."""
        found: Dict[str, Set[str]] = {}
        for node_id, node in payload_nodes.items():
            if not isinstance(node, (FunctionNode, ClassNode)) or not node.source:
                continue
            found[node_id] = _names_in(node)
        return found

    def drop_unused_globals(self) -> None:
        before = self.used_names(self.payload.nodes)
        after = self.used_names(self.nodes)
        for ns_id, ns in list(self.nodes.items()):
            if not isinstance(ns, NamespaceNode):
                continue
            members = [
                i
                for i, n in self.nodes.items()
                if isinstance(n, (FunctionNode, ClassNode)) and n.namespace == ns_id
            ]
            used_before = set().union(*(before.get(i, set()) for i in members)) if members else set()
            used_after = set().union(*(after.get(i, set()) for i in members)) if members else set()
            kept = []
            for name, value in ns.globals:
                target = self.nodes.get(value.id) if isinstance(value, Ref) else None
                if (
                    isinstance(target, (ImportNode, RefNode))
                    and name in used_before
                    and name not in used_after
                ):
                    self.changes.append(f"module {ns.module}: global {name} no longer used")
                    continue
                kept.append((name, value))
            self.nodes[ns_id] = replace(ns, globals=tuple(kept))

    def follow_guards(self, redirect: Dict[str, str]) -> None:
        """A guard (format 3) follows its globals: one renamed with its import (``import tomllib``
        become ``import tomli``, read as ``tomli``) is renamed in the guard too, so that the
        migrated payload still loads where the module is missing."""
        for node_id, node in list(self.nodes.items()):
            namespace = self.nodes.get(node.namespace) if isinstance(node, GuardNode) else None
            had = self.payload.nodes.get(node.namespace) if isinstance(node, GuardNode) else None
            if not (isinstance(namespace, NamespaceNode) and isinstance(had, NamespaceNode)):
                continue
            assert isinstance(node, GuardNode)
            now, before = dict(namespace.globals), dict(had.globals)
            renamed: Dict[str, str] = {}
            # The import a renamed global read, tried by the guard: now the import it reads.
            tried: Dict[str, Value] = {}
            for name in [*(n for n, _ in node.fallbacks), *node.unbound]:
                old = before.get(name)
                if name in now or not isinstance(old, Ref):
                    continue
                module = self.module_of(redirect.get(old.id, old.id))
                new = [
                    n
                    for n, v in now.items()
                    if n not in before and module and self.module_of_value(v) == module
                ]
                if len(new) == 1:
                    renamed[name] = new[0]
                    tried[redirect.get(old.id, old.id)] = now[new[0]]
                    self.changes.append(f"[guard {node_id}] global {name} -> {new[0]}")
            if renamed:
                fallbacks = tuple(sorted((renamed.get(n, n), v) for n, v in node.fallbacks))
                unbound = tuple(sorted(renamed.get(n, n) for n in node.unbound))
                tries = tuple(tried.get(r.id, r) if isinstance(r, Ref) else r for r in node.tries)
                self.nodes[node_id] = replace(node, tries=tries, fallbacks=fallbacks, unbound=unbound)

    def module_of(self, node_id: str) -> str:
        node = self.nodes.get(node_id)
        return node.module if isinstance(node, ImportNode) else ""

    def module_of_value(self, value: Value) -> str:
        return self.module_of(value.id) if isinstance(value, Ref) else ""

    def prune_submodules(self) -> None:
        """Drop the submodules of touched plain imports that no chain passes through any more."""
        from ._name_uses import name_uses

        probe = replace(self.payload, nodes=self.nodes)
        uses = name_uses(probe)
        for node_id in self.touched_imports:
            node = self.nodes.get(node_id)
            if not isinstance(node, ImportNode) or not node.submodules:
                continue
            kept = tuple(
                sub
                for sub in node.submodules
                if any(u.name == sub or u.name.startswith(sub + ".") for u in uses)
                or not any(u.module == node.module for u in uses)
            )
            if kept != node.submodules:
                self.nodes[node_id] = replace(node, submodules=kept)

    def update_imported_names(self) -> None:
        after = self.used_names(self.nodes)
        for node_id, node in list(self.nodes.items()):
            if not isinstance(node, (FunctionNode, ClassNode)) or not node.source:
                continue
            namespace = self.nodes.get(node.namespace)
            if not isinstance(namespace, NamespaceNode):
                continue
            values = dict(namespace.globals)
            names = set(node.imported)
            had = self.payload.nodes.get(node.namespace)
            had_names = {n for n, _ in had.globals} if isinstance(had, NamespaceNode) else set()
            added = set(self.new_globals.get(node.namespace, {})) - had_names
            old_names = self.payload.nodes.get(node_id)
            names = {n for n in names if n in values and n in after.get(node_id, set())}
            names |= {n for n in added if n in after.get(node_id, set()) and n in values}
            if isinstance(old_names, (FunctionNode, ClassNode)):
                # Keep names the node had even if the static reading misses them, and those its
                # module never held (an overload stub's decorator, which no load evaluates).
                read = after.get(node_id, set())
                names |= {n for n in old_names.imported if n in values or (n not in had_names and n in read)}
            imported = tuple(sorted(names))
            if imported != node.imported:
                self.nodes[node_id] = replace(node, imported=imported)

    def drop_unreachable(self) -> None:
        seen: Set[str] = set()
        stack = [r.id for r in _refs_in(self.payload.root)]
        # Nothing refers to a guard (format 3): it stays while its namespace does, with what it
        # reaches.
        guards = [(i, n.namespace) for i, n in self.nodes.items() if isinstance(n, GuardNode)]
        while stack:
            while stack:
                node_id = stack.pop()
                if node_id in seen or node_id not in self.nodes:
                    continue
                seen.add(node_id)
                for value in node_values(self.nodes[node_id]):
                    stack.extend(r.id for r in _refs_in(value))
            stack = [guard for guard, namespace in guards if namespace in seen and guard not in seen]
        was = set(self.payload.nodes)
        for node_id in list(self.nodes):
            if node_id not in seen:
                if node_id in was:
                    self.changes.append(f"[{self.nodes[node_id].kind} {node_id}] no longer used")
                del self.nodes[node_id]


def _map_refs(value: Value, change: Any) -> Value:
    from ._model import DictValue, FrozenSetValue, ListValue, SetValue, TupleValue

    if isinstance(value, Ref):
        return change(value)  # type: ignore[no-any-return]
    if isinstance(value, DictValue):
        return DictValue(tuple((change(k), change(v)) for k, v in value.items))
    if isinstance(value, (TupleValue, ListValue, SetValue, FrozenSetValue)):
        return type(value)(tuple(change(item) for item in value.items))
    return value


def _refs_in(value: Value) -> List[Ref]:
    from ._model import iter_refs

    return list(iter_refs(value))


def _names_in(node: SourceNode) -> Set[str]:
    from ._names import parse_source

    names: Set[str] = set()
    parsed = parse_source(node)
    if parsed is not None:
        names.update(n.id for n in ast.walk(parsed[0]) if isinstance(n, ast.Name))
    if isinstance(node, FunctionNode):
        for _, text in node.annotations:
            names.update(re.findall(r"[^\W\d]\w*", text))
    return names


# ------------------------------------------------------------------------------- one source


class _SourceRewrite:
    """The libcst rewrite of one node's source (and its annotation texts)."""

    def __init__(self, migration: _Migration, node_id: str, node: SourceNode) -> None:
        self.m = migration
        self.cst = migration.cst
        self.node_id = node_id
        self.node = node
        self.kind = "class" if isinstance(node, ClassNode) else node.kind
        self.bindings = migration.bindings(node.namespace)
        # The namespace's other globals (a module of the user's own, by value: a namespace of the
        # payload; data): held, so no chain through one is unbound text to rename.
        namespace = migration.payload.nodes.get(node.namespace)
        held = {name for name, _ in namespace.globals} if isinstance(namespace, NamespaceNode) else set()
        self.held = held - set(self.bindings)
        self.closure = {name for name, _ in node.closure}
        self.replacements: Dict[Any, Any] = {}
        self.statement_changes: Dict[Any, Any] = {}
        self.descriptions: List[str] = []
        # The plain `import a.b` statements a rename changes: they bind the root `a`, so the
        # chains the code reads through it follow the rename (see collect_chains).
        self.renamed_plain: Set[int] = set()

    def label(self, line: int) -> str:
        file = f"{self.node.file}, " if self.node.file else ""
        kind = "class" if self.kind == "class" else "function"
        return f"{kind} {self.node.qualname} ({file}line {line})"

    def run(self) -> Optional[SourceNode]:
        cst = self.cst
        lambda_ = self.kind == "lambda"
        text = _LAMBDA_HEAD + self.node.source + _LAMBDA_TAIL if lambda_ else self.node.source
        try:
            module = cst.parse_module(text)
        except Exception as exc:  # libcst.ParserSyntaxError; its parser may lag new grammar
            if self.could_match():
                raise MigrationError(
                    f"cannot rewrite the source of {self.label(self.node.line)}: libcst cannot parse it "
                    f"({str(exc).splitlines()[0]}). Upgrade libcst, or edit this source by hand."
                ) from exc
            return None
        wrapper = cst.metadata.MetadataWrapper(module, unsafe_skip_copy=True)
        self.scopes = wrapper.resolve(cst.metadata.ScopeProvider)
        self.positions = wrapper.resolve(cst.metadata.PositionProvider)
        self.parents = wrapper.resolve(cst.metadata.ParentNodeProvider)
        self.accesses = self.all_accesses()
        self.line_offset = 1 if lambda_ else 0
        self.collect_imports(wrapper.module)
        self.collect_chains()
        self.collect_string_annotations(wrapper.module)
        annotations = self.rewrite_annotations() if isinstance(self.node, FunctionNode) else None
        if not self.replacements and not self.statement_changes and annotations is None:
            return None
        new_module = wrapper.module.visit(_Replacer(cst, self.replacements, self.statement_changes))
        code = new_module.code
        if lambda_:
            if not (code.startswith(_LAMBDA_HEAD) and code.endswith(_LAMBDA_TAIL)):
                raise MigrationError(
                    f"internal error: the rewritten lambda of {self.node.qualname} lost its frame"
                )
            code = code[len(_LAMBDA_HEAD) : -len(_LAMBDA_TAIL)]
        node: SourceNode = replace(self.node, source=code)
        if isinstance(node, FunctionNode):
            if annotations is not None:
                node = replace(node, annotations=annotations[0], signature=annotations[1])
            if self.statement_changes:
                node = replace(node, body_imports=self.body_imports(node))
        self.m.changes.extend(self.descriptions)
        return node

    def could_match(self) -> bool:
        words = set(re.findall(r"[^\W\d]\w*", self.node.source))
        roots = {old.split(".")[0] for old in self.m.renames.pairs}
        return bool(words & (roots | set(self.bindings)))

    def line_of(self, cst_node: Any) -> int:
        return int(self.node.line + self.positions[cst_node].start.line - 1 - self.line_offset)

    # ------------------------------------------------------------------------ import statements

    def collect_imports(self, module: Any) -> None:
        cst = self.cst
        for statement in _walk(cst, module):
            if not isinstance(statement, (cst.Import, cst.ImportFrom)):
                continue
            if isinstance(self.scopes.get(statement), cst.metadata.GlobalScope):
                continue  # a statement at the fragment's top is not inside the source's body
            if isinstance(statement, cst.Import):
                self.rename_import(statement)
            elif not statement.relative:
                self.rename_import_from(statement)

    def rename_import(self, statement: Any) -> None:
        cst = self.cst
        names = []
        changed = False
        for alias in statement.names:
            dotted = _dotted(cst, alias.name)
            hit = self.m.renames.match(dotted)
            if hit is None:
                names.append(alias)
                continue
            old, renamed = hit
            if alias.asname is None:
                self.renamed_plain.add(id(statement))
                if renamed.split(".")[0] != dotted.split(".")[0]:
                    self.check_plain_root(statement, dotted.split(".")[0], old)
            self.m.renames.used.add(old)
            names.append(alias.with_changes(name=_name_expr(cst, renamed)))
            self.descriptions.append(
                f"{self.label(self.line_of(statement))}: import {dotted} -> import {renamed}"
            )
            changed = True
        if changed:
            self.statement_changes[statement] = [statement.with_changes(names=names)]

    def check_plain_root(self, statement: Any, root: str, old: str) -> None:
        """``import a.b.c`` binds ``a``: a rename that moves the import elsewhere must carry every
        chain through ``a``, or ``a`` would be left unbound."""
        for name, access in self.accesses_of(root):
            if not any(getattr(r, "node", None) is statement for r in access.referents):
                continue
            chain, _ = self.chain_of(name)
            if not (".".join(chain) == old or ".".join(chain).startswith(old + ".")):
                raise MigrationError(
                    f"cannot rewrite {self.label(self.line_of(statement))}: its statement "
                    f"'import ...' binds {root!r}, which line {self.line_of(name)} also uses "
                    f"for {'.'.join(chain)}, outside the rename of {old}. Rename that name too, or "
                    "split the import by hand."
                )

    def rename_import_from(self, statement: Any) -> None:
        cst = self.cst
        if isinstance(statement.names, cst.ImportStar) or statement.module is None:
            return
        module = _dotted(cst, statement.module)
        groups: Dict[Optional[str], List[Any]] = {}
        order: List[Optional[str]] = []
        changed = False
        for alias in statement.names:
            name = alias.name.value
            bound = alias.asname.name.value if alias.asname else name
            hit = self.m.renames.match(f"{module}.{name}")
            if hit is None:
                key: Optional[str] = module
                new_alias = alias
            else:
                old, renamed = hit
                self.m.renames.used.add(old)
                changed = True
                self.descriptions.append(
                    f"{self.label(self.line_of(statement))}: from {module} import {name} -> {renamed}"
                )
                if "." in renamed:
                    key, last = renamed.rsplit(".", 1)
                    new_alias = alias.with_changes(
                        name=cst.Name(last),
                        asname=None if last == bound else cst.AsName(name=cst.Name(bound)),
                    )
                else:
                    key = None  # a top-level module: 'import NEW as BOUND'
                    new_alias = cst.ImportAlias(
                        name=cst.Name(renamed),
                        asname=None if renamed == bound else cst.AsName(name=cst.Name(bound)),
                    )
            group_key = key if key is not None else f"import {new_alias.name.value}"
            if group_key not in groups:
                order.append(group_key)
            groups.setdefault(group_key, []).append(new_alias)
        if not changed:
            return
        statements = []
        for key in order:
            aliases = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in groups[key]]
            if key is not None and key.startswith("import "):
                statements.append(cst.Import(names=aliases))
            else:
                assert key is not None
                if key == module and len(order) == 1:
                    statements.append(statement.with_changes(names=groups[key]))
                else:
                    keep_parens = statement.lpar if len(order) == 1 else None
                    statements.append(
                        statement.with_changes(
                            module=_name_expr(cst, key),
                            names=aliases if not keep_parens else groups[key],
                            lpar=keep_parens,
                            rpar=statement.rpar if keep_parens else None,
                        )
                    )
        self.statement_changes[statement] = statements

    def body_imports(self, node: FunctionNode) -> Tuple[Value, ...]:
        """``body-imports`` after the statements changed: the modules the new statements import,
        each an import section (existing, or new with the distribution installed now)."""
        from ._imports import body_imports as modules_of

        if node.kind != "def":
            return node.body_imports
        old_tree = self.parse_here(self.node.source, "source")
        new_tree = self.parse_here(node.source, "rewritten source")
        before = set(modules_of(old_tree.body[0])) if old_tree.body else set()
        after = set(modules_of(new_tree.body[0])) if new_tree.body else set()
        refs: List[Value] = []
        replaced = self.node_id
        for value in node.body_imports:
            target = self.m.nodes.get(value.id) if isinstance(value, Ref) else None
            if isinstance(target, ImportNode) and target.module in before - after:
                replaced = value.id  # type: ignore[union-attr]
                continue
            refs.append(value)
        have = {
            self.m.nodes[v.id].module  # type: ignore[union-attr]
            for v in refs
            if isinstance(v, Ref) and isinstance(self.m.nodes.get(v.id), ImportNode)
        }
        for module in sorted(after - before - have):
            existing = next(
                (i for i, n in self.m.nodes.items() if isinstance(n, ImportNode) and n.module == module), None
            )
            if existing is None:
                existing = self.m.place(replaced, ImportNode(module, distribution_now(module)))
            refs.append(Ref(existing))

        def module_of(value: Value) -> str:
            target = self.m.nodes.get(value.id) if isinstance(value, Ref) else None
            return target.module if isinstance(target, ImportNode) else ""

        return tuple(sorted(refs, key=module_of))

    def parse_here(self, source: str, what: str) -> ast.Module:
        """The syntax tree of ``source`` on this Python; a ``MigrationError`` naming the node
        when this Python cannot parse it (libcst's grammar may be newer than this Python's)."""
        try:
            return _astparse.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            reason = exc.msg if isinstance(exc, SyntaxError) else f"{type(exc).__name__}: {exc}"
            at = f", line {exc.lineno}" if isinstance(exc, SyntaxError) and exc.lineno else ""
            raise MigrationError(
                f"cannot rewrite the {what} of {self.label(self.node.line)}: Python "
                f"{sys.version.split()[0]} cannot parse it ({reason}{at}); it may use syntax of a "
                "newer Python. Run migrate on a newer Python, one that can load the payload"
            ) from exc

    # ----------------------------------------------------------------------------------- chains

    def accesses_of(self, name: str) -> List[Tuple[Any, Any]]:
        """The accesses of ``name`` in the source, each with the ``Name`` node of its root."""
        return [(root, access) for root, access in self.accesses if root.value == name]

    def all_accesses(self) -> List[Tuple[Any, Any]]:
        """Every access in the source, in source order, each with the ``Name`` node of its root:
        libcst records a name bound by ``import a.b`` as accessed by the attribute ``a.b``."""
        found: Dict[int, Tuple[Any, Any]] = {}
        for scope in {id(s): s for s in self.scopes.values() if s is not None}.values():
            for access in scope.accesses:
                root = access.node
                while isinstance(root, self.cst.Attribute):
                    root = root.value
                if isinstance(root, self.cst.Name):
                    found[id(root)] = (root, access)
        return sorted(
            found.values(),
            key=lambda pair: (self.positions[pair[0]].start.line, self.positions[pair[0]].start.column),
        )

    def chain_of(self, name: Any) -> Tuple[List[str], Any]:
        """``name.a.b`` read from the root ``name``: its parts and the outermost node."""
        cst = self.cst
        parts = [name.value]
        current = name
        while True:
            parent = self.parents.get(current)
            if isinstance(parent, cst.Attribute) and parent.value is current:
                parts.append(parent.attr.value)
                current = parent
                continue
            return parts, current

    def collect_chains(self) -> None:
        cst = self.cst
        for name, access in self.accesses:
            referents = list(access.referents)
            imports = {id(r.node) for r in referents if isinstance(r, cst.metadata.ImportAssignment)}
            if imports:
                # A name bound by an import inside the source: its statement is renamed, and a
                # chain read through a plain `import a.b` it renamed names the new module.
                if imports & self.renamed_plain:
                    parts, outer = self.chain_of(name)
                    self.rewrite_text(parts, outer, access.scope)
                continue
            if referents or name.value in self.closure or name.value in self.held:
                continue
            parts, outer = self.chain_of(name)
            if name.value in self.bindings:
                self.rewrite_chain(parts, outer, self.bindings[name.value], access.scope, name)
            else:
                self.rewrite_unbound(parts, outer, access.scope)

    def rewrite_unbound(self, parts: List[str], outer: Any, scope: Any) -> None:
        """A chain through a global the payload does not hold: code that loading never runs (a
        decorator, an annotation). It reads as the module it names, and is rewritten as text,
        so that the source still says what the code does; nothing is added to the namespace."""
        if hasattr(builtins, parts[0]):
            return
        self.rewrite_text(parts, outer, scope)

    def rewrite_text(self, parts: List[str], outer: Any, scope: Any) -> None:
        """Rewrite the chain ``parts`` (its outermost node ``outer``) as the text of its rename,
        where one matches from its root."""
        dotted = ".".join(parts)
        hit = self.m.renames.match(dotted)
        if hit is None or hit[0].split(".")[0] != parts[0]:
            return
        old, renamed = hit
        where = f"{self.label(self.line_of(outer))}: {dotted}"
        if renamed.split(".")[0] != parts[0]:
            self.check_shadow(renamed.split(".")[0], scope, where)
        self.m.renames.used.add(old)
        new_expr = _name_expr(self.cst, renamed)
        if hasattr(outer, "lpar"):
            new_expr = new_expr.with_changes(lpar=outer.lpar, rpar=outer.rpar)
        self.replacements[outer] = new_expr
        self.descriptions.append(f"{where} -> {renamed}")

    def rewrite_chain(self, parts: List[str], outer: Any, binding: _Binding, scope: Any, root: Any) -> None:
        cst = self.cst
        dotted = ".".join([binding.target, *parts[1:]])
        hit = self.m.renames.match(dotted)
        if hit is None:
            return
        old, renamed = hit
        plain = not binding.qualname and binding.module == parts[0]
        if not plain and len(old) <= len(binding.target):
            self.m.renames.used.add(old)  # the import or ref section itself is renamed
            return
        line = self.line_of(outer)
        where = f"{self.label(line)}: {'.'.join(parts)}"
        old_module = self.m.deepest_module(binding, dotted)
        attributes = dotted.count(".") - old_module.count(".")
        new_module = module_part(renamed, attributes) if renamed != dotted else old_module
        if not plain and renamed.startswith(binding.target + "."):
            new_text = parts[0] + renamed[len(binding.target) :]
            if not binding.qualname and new_module.startswith(binding.module + "."):
                self.m.more_submodules.setdefault(binding.node_id, set()).add(new_module)
                self.m.touched_imports.add(binding.node_id)
        else:
            new_root = renamed.split(".")[0]
            if new_root != parts[0]:
                self.check_shadow(new_root, scope, where)
            self.m.need_global(self.node, new_root, new_module, where, binding.node_id)
            self.m.touched_imports.add(binding.node_id)
            new_text = renamed
        self.m.renames.used.add(old)
        new_expr = _name_expr(cst, new_text)
        if hasattr(outer, "lpar"):
            new_expr = new_expr.with_changes(lpar=outer.lpar, rpar=outer.rpar)
        self.replacements[outer] = new_expr
        self.descriptions.append(f"{where} -> {new_text}")

    def check_shadow(self, name: str, scope: Any, where: str) -> None:
        """Refuse when ``name`` is bound inside the source: the rewritten chain would read that
        local (or the function itself) instead of the module."""
        if name in self.closure:
            raise MigrationError(
                f"cannot rewrite {where}: the new name {name!r} is a variable of the enclosing "
                "function there (a closure variable), which would shadow the import. Rename that "
                "variable in the code and dump it again, or choose another rename."
            )
        assignments = []
        for candidate in {id(s): s for s in self.scopes.values() if s is not None}.values():
            assignments.extend(candidate.assignments[name])
        if assignments:
            first = min(
                assignments,
                key=lambda a: self.positions[a.node].start.line if a.node in self.positions else 0,
            )
            at = self.line_of(first.node) if first.node in self.positions else self.node.line
            raise MigrationError(
                f"cannot rewrite {where}: the new name {name!r} is also bound inside the source "
                f"(line {at}), which would shadow the import there. Rename that variable in the "
                "code and dump it again, or choose a rename whose new name is free."
            )

    # ----------------------------------------------------------------------------- annotations

    def collect_string_annotations(self, module: Any) -> None:
        cst = self.cst
        for node in _walk(cst, module):
            if not isinstance(node, cst.Annotation) or not isinstance(node.annotation, cst.SimpleString):
                continue
            string = node.annotation
            inner = string.evaluated_value
            if not isinstance(inner, str):
                continue
            new = self.rewrite_expression_text(inner.strip(), self.line_of(string))
            if new is not None:
                quote = string.quote
                prefix = string.prefix
                if quote not in new:
                    self.replacements[string] = string.with_changes(value=f"{prefix}{quote}{new}{quote}")

    def rewrite_expression_text(self, text: str, line: int) -> Optional[str]:
        """An annotation expression with the renames applied to the chains it reads through the
        namespace's imports; None when nothing changes."""
        cst = self.cst
        try:
            expression = cst.parse_expression(text)
        except Exception:  # noqa: BLE001 - an annotation that is not an expression stays as it is
            return None
        wrapper = cst.metadata.MetadataWrapper(
            cst.Module(body=[cst.SimpleStatementLine([cst.Expr(expression)])]), unsafe_skip_copy=True
        )
        parents = wrapper.resolve(cst.metadata.ParentNodeProvider)
        replacements: Dict[Any, Any] = {}
        for node in _walk(cst, wrapper.module):
            if not isinstance(node, cst.Name):
                continue
            parent = parents.get(node)
            if isinstance(parent, cst.Attribute) and parent.attr is node:
                continue
            if node.value in self.closure:
                continue
            parts, outer = [node.value], node
            while True:
                up = parents.get(outer)
                if isinstance(up, cst.Attribute) and up.value is outer:
                    parts.append(up.attr.value)
                    outer = up
                    continue
                break
            binding = self.bindings.get(node.value)
            if binding is None:
                # Not a global of the payload: an annotation never evaluated at dump time reads
                # as the module it names, and is rewritten as text.
                hit = self.m.renames.match(".".join(parts))
                if hit is None or hit[0].split(".")[0] != parts[0] or hasattr(builtins, parts[0]):
                    continue
                self.m.renames.used.add(hit[0])
                replacements[outer] = _name_expr(cst, hit[1])
                continue
            dotted = ".".join([binding.target, *parts[1:]])
            hit = self.m.renames.match(dotted)
            if hit is None:
                continue
            old, renamed = hit
            plain = not binding.qualname and binding.module == parts[0]
            self.m.renames.used.add(old)
            if not plain and len(old) <= len(binding.target):
                continue
            where = f"{self.label(line)}: annotation {'.'.join(parts)}"
            if not plain and renamed.startswith(binding.target + "."):
                new_text = parts[0] + renamed[len(binding.target) :]
            else:
                new_root = renamed.split(".")[0]
                old_module = self.m.deepest_module(binding, dotted)
                attributes = dotted.count(".") - old_module.count(".")
                self.m.need_global(
                    self.node, new_root, module_part(renamed, attributes), where, binding.node_id
                )
                new_text = renamed
            replacements[outer] = _name_expr(cst, new_text)
        if not replacements:
            return None
        return str(wrapper.module.visit(_Replacer(cst, replacements, {})).code.strip())

    def rewrite_annotations(self) -> Optional[Tuple[Tuple[Tuple[str, str], ...], str]]:
        assert isinstance(self.node, FunctionNode)
        changed = False
        annotations = []
        signature = self.node.signature
        for name, text in self.node.annotations:
            stripped = text.strip()
            string = None
            if stripped[:1] in ("'", '"'):
                try:
                    inner = ast.literal_eval(_astparse.parse_expression(stripped))
                except (ValueError, SyntaxError, RecursionError, MemoryError):
                    inner = None
                if isinstance(inner, str):
                    string = stripped[0]
                    stripped = inner
            new = self.rewrite_expression_text(stripped, self.node.line)
            if new is None:
                annotations.append((name, text))
                continue
            new_text = f"{string}{new}{string}" if string else new
            changed = True
            annotations.append((name, new_text))
            if name == "return":
                signature = signature.replace(f"-> {text}", f"-> {new_text}")
            else:
                signature = signature.replace(f"{name}: {text}", f"{name}: {new_text}")
        return (tuple(annotations), signature) if changed else None


def _walk(cst: Any, root: Any) -> List[Any]:
    found: List[Any] = []

    class Collector(cst.CSTVisitor):  # type: ignore[misc]
        def on_visit(self, node: Any) -> bool:
            found.append(node)
            return True

    root.visit(Collector())
    return found


def _dotted(cst: Any, expr: Any) -> str:
    if isinstance(expr, cst.Name):
        return str(expr.value)
    return f"{_dotted(cst, expr.value)}.{expr.attr.value}"


def _name_expr(cst: Any, dotted: str) -> Any:
    parts = dotted.split(".")
    expr: Any = cst.Name(parts[0])
    for part in parts[1:]:
        expr = cst.Attribute(value=expr, attr=cst.Name(part))
    return expr


def _Replacer(cst: Any, replacements: Dict[Any, Any], statements: Dict[Any, List[Any]]) -> Any:
    """A transformer that puts each replacement in place of its original node, and splits a
    statement line whose import became several statements."""

    class Replacer(cst.CSTTransformer):  # type: ignore[misc]
        def on_leave(self, original: Any, updated: Any) -> Any:
            # on_leave is libcst's generic hook: it is called instead of the leave_<Node> methods.
            if original in replacements:
                return replacements[original]
            if original in statements and len(statements[original]) == 1:
                return statements[original][0]
            if isinstance(original, cst.SimpleStatementLine):
                return self.split_line(original, updated)
            return updated

        def split_line(self, original: Any, updated: Any) -> Any:
            split = [s for s in original.body if s in statements and len(statements[s]) > 1]
            if not split:
                return updated
            body: List[Any] = []
            for old, new in zip(original.body, updated.body):
                if old in statements and len(statements[old]) > 1:
                    body.extend(statements[old])
                else:
                    body.append(new)
            lines = [
                updated.with_changes(
                    body=[statement],
                    leading_lines=updated.leading_lines if i == 0 else [],
                    # The line's comment stays on its first statement.
                    trailing_whitespace=updated.trailing_whitespace if i == 0 else cst.TrailingWhitespace(),
                )
                for i, statement in enumerate(body)
            ]
            return cst.FlattenSentinel(lines)

    return Replacer()


# --------------------------------------------------------------------------------- entry point


def migrate(
    data: Union[bytes, bytearray, memoryview, str], renames: Mapping[str, str], check: bool = True
) -> MigrationResult:
    """Migrate one payload (see ``srcpickle.migrate``); the result says what changed and which
    renames matched nothing."""
    from ._files import payload_bytes
    from ._rebuild import compile_node
    from ._sign import signature_of

    raw = payload_bytes(data)
    before = parse(raw)
    table = Renames(renames)
    _refuse_newer_syntax(before)
    migration = _Migration(before, table)
    migration.rewrite_sources()
    redirect = migration.rename_nodes()
    after = migration.finish(redirect)
    signature = signature_of(raw)
    signed_by = signature.key_id if signature is not None else None
    if not migration.changes:
        return MigrationResult(raw, before, before, [], table.unmatched(), signed_by)
    text = write(after)
    try:
        reparsed = parse(text)
    except PayloadFormatError as exc:
        raise MigrationError(f"internal error: the migrated payload does not parse: {exc}") from exc
    problems = []
    for node_id, node in reparsed.sources():
        if not node.source:
            continue
        try:
            compile_node(reparsed, node_id, node)
        except PayloadFormatError as exc:
            problems.append(f"  {exc}")
    if problems:
        raise MigrationError(
            "the migrated sources do not compile; nothing was written:\n" + "\n".join(problems)
        )
    if check:
        from ._check import check as run_check

        report = run_check(text)
        if not report.loadable:
            lines = "\n".join(f"  {item.message}" for item in report.problems)
            raise MigrationError(
                "the migrated payload does not verify in this environment; nothing was written:\n"
                f"{lines}\nInstall what it needs, fix the renames, or pass check=False (--no-check) "
                "when migrating for another environment."
            )
    return MigrationResult(
        text.encode("utf-8"), before, reparsed, migration.changes, table.unmatched(), signed_by
    )


def _refuse_newer_syntax(payload: Payload) -> None:
    """A migration is verified by compiling its result here: a payload whose sources need a newer
    Python cannot be, and is refused before anything is rewritten."""
    here = sys.version_info[:2]
    if tuple(payload.requires_python) <= here:
        return
    needed = "{}.{}".format(*payload.requires_python)
    why = f" ({payload.requires_python_for} is Python {needed} syntax)" if payload.requires_python_for else ""
    raise MigrationError(
        f"cannot migrate this payload on Python {sys.version.split()[0]}: its sources need Python "
        f"{needed} or newer{why}, which this Python can neither parse nor compile to verify the "
        f"result. Run migrate on Python {needed} or newer."
    )
