"""The allow-list of ``loads(data, allowed_imports=[...])``: what a payload may reach while it loads,
proved before anything of it runs.

With an allow-list, a payload may reach the modules of the list (a name covers its submodules) and
what they hold, the built-ins, and its own code and data; nothing else. The proof reads the parsed
payload and the code its sources compile to (``compile_all``), never what the payload says about
itself, and every route out it finds is named in one ``DisallowedImportError``:

* **imports**: ``import`` and ``ref`` sections, and every import statement of the code that can
  run (relative ones resolved as Python would), whatever the payload's import lists say;
* **references**: every step of a ``ref`` section's qualified name, of a ``getattr`` call in a
  ``reduce`` section and of an attribute chain in the code (``json.codecs.open``, ``from json
  import codecs``) is followed through the modules of the list: a module outside the list, or a
  guarded built-in, ends the route;
* **reflection**, which reaches anything from anywhere: the built-ins that run code, import, open
  files or reflect (``GUARDED_BUILTINS``); ``getattr``, ``operator.attrgetter`` and
  ``operator.methodcaller`` with names not written in the payload, or passed around; attributes
  outside the data model (``__globals__``, ``__subclasses__``, ``__dict__``, ...) and those of
  frames, generators and tracebacks (``gi_frame``, ``f_back``); a module of the list handed around
  as a value, where its attributes could not be followed (tested, as a guarded import is, it is
  not handed around: ``if ujson is None``); globals such as ``__builtins__``. Each is
  refused unless ``builtins`` itself is in the list (which then allows them all);
* **writes** into what the payload did not make, refused whatever the list holds: state, list or
  dict items applied to an object a payload reached by reference (a module, a class of a
  library), a library's dict, list, set or bytearray reached by reference at all (a registry), a
  class "made by a call" that is an existing class, ``setattr`` or ``delattr`` on one in a
  ``reduce`` section; in code, an attribute or item of an object reached from a module, a
  reference or an import (through attributes, items, ``getattr`` steps and names assigned from
  it) assigned, augmented or deleted, or given to ``setattr`` or ``delattr``;
* **annotations**, which the loader evaluates: checked as the code they are.

What runs at load is the payload's own code (class statements with their decorators and bases,
``__init_subclass__``, ``__set_name__``, metaclasses, ``__setstate__``, the functions its calls
make) and code of the modules of the list. The payload's code is checked whole, whether it runs at
load or when a loaded function is called. Only code that can run is read: a function's body, not
its decorators or default expressions, which loading never evaluates.

This is not a sandbox: the modules of the list keep all their power (allow ``os`` and a payload can
run commands; ``pickle``, ``importlib``, ``sys`` or ``inspect`` reach anything), and the objects
they hand back are used as they are, not followed.

Imports only the standard library. Following a route through a module of the list imports that
module (loading imports it next anyway); nothing of the payload runs.
"""

from __future__ import annotations

import ast
import builtins
import dis
import importlib
import importlib.util
import sys
import types
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

from .. import _astparse
from .._model import (
    CellNode,
    ClassNode,
    DictValue,
    FrozenSetValue,
    FunctionNode,
    GuardNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Payload,
    ReduceNode,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    has_source,
    iter_refs,
    node_kind,
)
from ..errors import DisallowedImportError
from .compiler import Compiled, source_root, source_statement

# Built-ins that run code, import, open files or reflect: with allowed_imports, a payload may name
# them only when the caller lists "builtins" itself. ``getattr`` is not among them: with a name the
# payload writes out it is an attribute access like any other (see REFLECTIVE). ``copyright``,
# ``credits`` and ``license`` are the site module's printers, which read files.
GUARDED_BUILTINS = frozenset(
    {
        "__import__",
        "breakpoint",
        "compile",
        "copyright",
        "credits",
        "delattr",
        "eval",
        "exec",
        "exit",
        "globals",
        "help",
        "input",
        "license",
        "locals",
        "open",
        "quit",
        "setattr",
        "vars",
    }
)

# Callables that read attributes by a name given as data: allowed only called directly, with names
# written in the payload (checked like attributes of the code); (module, qualified name) -> which
# arguments are names ("name": the second, "names": every one, dotted; "method": the first).
REFLECTIVE = {
    ("builtins", "getattr"): "name",
    ("operator", "attrgetter"): "names",
    ("operator", "methodcaller"): "method",
}

# Dunder attributes that a payload's code and references may use without "builtins": the data
# model's special methods and the descriptive attributes of classes and modules. Every other dunder
# is reflection (``__globals__``, ``__dict__``, ``__subclasses__``, ``__reduce_ex__``, ``__self__``,
# ``__code__``, ``__getattribute__``, ``__traceback__``, ...): an allow-set, so that attributes a
# new Python adds are refused until someone looks at them.
SAFE_DUNDERS = frozenset(
    """
    __init__ __new__ __call__ __del__ __name__ __qualname__ __module__ __doc__ __class__ __bases__
    __base__ __mro__ __orig_bases__ __slots__ __weakref__ __all__ __version__ __file__ __package__
    __match_args__ __members__ __abstractmethods__ __isabstractmethod__ __parameters__ __args__
    __origin__ __metadata__ __supertype__ __bound__ __constraints__ __covariant__ __contravariant__
    __dataclass_fields__ __dataclass_params__ __post_init__ __cause__ __context__
    __suppress_context__ __notes__ __newobj__ __newobj_ex__
    __eq__ __ne__ __lt__ __le__ __gt__ __ge__ __hash__ __bool__ __len__ __length_hint__ __iter__
    __next__ __reversed__ __contains__ __getitem__ __setitem__ __delitem__ __missing__
    __add__ __radd__ __iadd__ __sub__ __rsub__ __isub__ __mul__ __rmul__ __imul__ __matmul__
    __rmatmul__ __imatmul__ __truediv__ __rtruediv__ __itruediv__ __floordiv__ __rfloordiv__
    __ifloordiv__ __mod__ __rmod__ __imod__ __divmod__ __rdivmod__ __pow__ __rpow__ __ipow__
    __lshift__ __rlshift__ __ilshift__ __rshift__ __rrshift__ __irshift__ __and__ __rand__
    __iand__ __xor__ __rxor__ __ixor__ __or__ __ror__ __ior__ __neg__ __pos__ __abs__ __invert__
    __complex__ __int__ __float__ __index__ __round__ __trunc__ __floor__ __ceil__ __repr__
    __str__ __bytes__ __format__ __sizeof__ __enter__ __exit__ __aenter__ __aexit__ __await__
    __aiter__ __anext__ __get__ __set__ __delete__ __set_name__ __init_subclass__
    __class_getitem__ __instancecheck__ __subclasscheck__ __prepare__ __mro_entries__ __copy__
    __deepcopy__ __getnewargs__ __getnewargs_ex__ __fspath__
    """.split()
)

# Attributes of frames, generators, coroutines and tracebacks: each leads to a frame, and a frame's
# f_back to the loader's own, whose globals hold modules outside any list.
FRAME_ATTRIBUTES = frozenset(
    """
    gi_frame gi_code gi_yieldfrom cr_frame cr_code cr_await cr_origin ag_frame ag_code ag_await
    tb_frame tb_next f_back f_globals f_builtins f_locals f_code f_trace
    """.split()
)

# The reflective attributes a string given to a call is checked against (the same name read as an
# attribute is checked against SAFE_DUNDERS): the ones known to reach out, since strings such as
# '__main__' or '__module__' are data in ordinary calls (type(name, bases, namespace)).
NAMED_REFLECTION = FRAME_ATTRIBUTES | frozenset(
    """
    __globals__ __builtins__ __code__ __closure__ __defaults__ __kwdefaults__ __dict__
    __subclasses__ __self__ __func__ __wrapped__ __getattribute__ __getattr__ __setattr__
    __delattr__ __reduce__ __reduce_ex__ __getstate__ __setstate__ __traceback__ __loader__
    __spec__ __import__ __path__ __annotations__ __objclass__ __thisclass__ __self_class__
    """.split()
)

# Names code reads as globals that the loader (or the compiler, in a class body) provides, not the
# builtins: harmless. ``__builtins__`` is not among them: it is the builtins module.
_SAFE_GLOBALS = frozenset(
    {"__name__", "__qualname__", "__module__", "__doc__", "__annotations__", "__file__", "__package__"}
)
# Namespace globals a payload may set: any name, but of dunders only these (``__builtins__``,
# ``__spec__`` or ``__path__`` would change what every name or relative import of the code means).
_SAFE_NAMESPACE_DUNDERS = frozenset(
    {"__name__", "__doc__", "__file__", "__version__", "__all__", "__author__"}
)
_GLOBAL_OPS = frozenset({"LOAD_GLOBAL", "LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"})
_PATH_LENGTH = 200
# Messages write at most this many steps of a chain, and keys up to this length.
_TEXT_PARTS = 12
_TEXT_KEY = 40
_TEXT_ITEMS = 3
# Built-ins a module of the list may be given to: they answer about it, never with its attributes.
_INSPECTIONS = (
    "hasattr", "isinstance", "type", "id", "repr", "str", "print", "dir", "callable", "hash", "bool",
)  # fmt: skip
_MUTABLE_DATA = (dict, list, set, bytearray)
# The guarded built-ins that write into their first argument.
_WRITERS = ("setattr", "delattr")
_NEEDS_BUILTINS = " (allowed with 'builtins')"
_UNKNOWN = object()  # what a route leads to when nothing can be known without running the payload


def is_dunder(name: str) -> bool:
    """Whether ``name`` is a ``__dunder__`` name."""
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_reflective_attribute(name: str) -> bool:
    """Whether reading or writing attribute ``name`` is reflection (see ``SAFE_DUNDERS``)."""
    return (is_dunder(name) and name not in SAFE_DUNDERS) or name in FRAME_ATTRIBUTES


def names_reflection(text: str) -> bool:
    """Whether a string is an attribute name (or a dotted path of them) of ``NAMED_REFLECTION``."""
    parts = text.split(".")
    return all(p.isidentifier() for p in parts) and any(p in NAMED_REFLECTION for p in parts)


def module_allowed(module: str, allowed: Sequence[str]) -> bool:
    """Whether ``module`` is ``builtins``, one of ``allowed`` or inside one of them."""
    return module == "builtins" or any(module == a or module.startswith(a + ".") for a in allowed)


def _package_chain(module: str) -> List[str]:
    # Importing a.b.c imports a and a.b first.
    parts = module.split(".")
    return [".".join(parts[: end + 1]) for end in range(len(parts))]


def check_allowed(payload: Payload, allowed_imports: Optional[Sequence[str]]) -> None:
    """Raise ``DisallowedImportError`` when an ``import`` or ``ref`` section names a module outside
    ``allowed_imports``, or a ``ref`` section a built-in of ``GUARDED_BUILTINS`` without
    ``"builtins"`` among them. Reads names only: imports nothing, before the sources compile."""
    if allowed_imports is None:
        return
    names = {
        name
        for _, node in payload.imports()
        for name in (node.module, *getattr(node, "submodules", ()))
        if not module_allowed(name, allowed_imports)
    }
    if "builtins" not in allowed_imports:
        names |= {
            f"builtins.{node.qualname}"
            for _, node in payload.imports()
            if isinstance(node, RefNode) and node.module == "builtins" and node.qualname in GUARDED_BUILTINS
        }
    refused = sorted(names)
    if refused:
        raise DisallowedImportError(
            f"the payload imports {', '.join(refused)}, outside allowed_imports "
            f"{sorted(allowed_imports)}; nothing was executed. Add them to allowed_imports only "
            "if you trust this payload.",
            tuple(f"import {name}" for name in refused),
        )


def check_routes(
    payload: Payload, compiled: Dict[str, Compiled], allowed_imports: Optional[Sequence[str]]
) -> None:
    """Raise ``DisallowedImportError`` naming every route by which the payload would reach outside
    ``allowed_imports`` while it loads or when its functions are called (see the module
    docstring). Runs after ``check_allowed`` and after the imports were found; imports modules of
    the list only, and runs nothing of the payload."""
    if allowed_imports is None:
        return
    checker = _Checker(payload, compiled, allowed_imports)
    checker.run()
    if checker.routes:
        routes = list(dict.fromkeys(checker.routes))
        listed = "\n".join(f"  {route}" for route in routes)
        marked = any(route.endswith(_NEEDS_BUILTINS) for route in routes)
        hint = (
            " 'builtins' in allowed_imports allows the routes marked so, and with them anything: a "
            "payload that may reflect or evaluate can reach every module."
            if marked
            else ""
        )
        raise DisallowedImportError(
            f"the payload reaches outside allowed_imports {sorted(allowed_imports)} by "
            f"{len(routes)} route{'s' if len(routes) > 1 else ''}; nothing of it was executed:\n{listed}\n"
            f"Read it (srcpickle show) and load it without this list only if you trust it.{hint}",
            tuple(routes),
        )


class _Checker:
    """One check of one payload: the objects its references stand for, and the routes found."""

    def __init__(self, payload: Payload, compiled: Dict[str, Compiled], allowed: Sequence[str]) -> None:
        self.payload = payload
        self.nodes = payload.nodes
        self.compiled = compiled
        self.allowed = tuple(allowed)
        self.reflection = "builtins" in self.allowed
        self.routes: List[str] = []
        # Node id -> the existing object it stands for (imports, references, getattr calls on
        # them), and how the payload reaches it (json.decoder.BACKSLASH).
        self.objects: Dict[str, Any] = {}
        self.paths: Dict[str, str] = {}
        # Each namespace's globals by name; the methods and nested classes written in each source.
        self.namespaces: Dict[str, Dict[str, Value]] = {}
        self._module_names: Optional[Dict[int, List[str]]] = None
        self.members: Dict[str, List[str]] = {}
        for node_id, node in payload.code_nodes():
            if node.in_class:
                self.members.setdefault(source_root(payload, node_id), []).append(node_id)
        self.guarded = {id(getattr(builtins, n)): n for n in GUARDED_BUILTINS if hasattr(builtins, n)}
        # The guarded built-ins that write into their first argument: followed, so that a write
        # into an existing object is refused also where "builtins" allows reflection.
        self.writers = {id(getattr(builtins, n)): n for n in _WRITERS}
        # By identity, whatever name a payload reaches them by (operator is imported here so that
        # a payload importing it first is no way around the table).
        self.reflective: Dict[int, Tuple[str, str]] = {
            id(getattr(importlib.import_module(module), name)): (f"{module}.{name}", takes)
            for (module, name), takes in REFLECTIVE.items()
        }

    # ------------------------------------------------------------------------------ reporting

    def refuse(self, where: str, what: str) -> None:
        """Record a route that is refused whatever the list holds (an import, a module)."""
        self.routes.append(f"{where}: {what}")

    def reflect(self, where: str, what: str) -> None:
        """Record a route by reflection: refused unless "builtins" is in the list."""
        if not self.reflection:
            self.routes.append(f"{where}: {what}{_NEEDS_BUILTINS}")

    def run(self) -> None:
        """Check every section and every source, annotation included."""
        for node_id, node in self.nodes.items():
            if isinstance(node, (ImportNode, RefNode)):
                self.objects[node_id] = self.resolve(node_id, node)
                qualname = f".{node.qualname}" if isinstance(node, RefNode) else ""
                self.paths[node_id] = f"{node.module}{qualname}"
        for node_id, node in self.nodes.items():
            if isinstance(node, ReduceNode):
                self.object_of(node_id)
        for node_id, node in self.nodes.items():
            self.check_node(node_id, node)
        for node_id, node in self.payload.code_nodes():
            if has_source(node) and node_id in self.compiled:
                self.check_source(node_id, node)
            if isinstance(node, FunctionNode):
                for name, text in node.annotations:
                    self.check_expression(text, f"annotation {name!r} of {node.qualname}", node.namespace)
            else:
                for name, value in node.attributes:
                    if name == "__annotations__" and isinstance(value, DictValue):
                        for key, item in value.items:
                            if isinstance(item, str):
                                where = f"annotation {key!r} of class {node.qualname}"
                                self.check_expression(item, where, node.namespace)

    # ----------------------------------------------------------------------------- references

    def resolve(self, node_id: str, node: Union[ImportNode, RefNode]) -> Any:
        """The module of an ``import`` section, or the object a ``ref`` section names, each step
        of its qualified name checked; ``_UNKNOWN`` when it cannot be had."""
        try:
            for name in getattr(node, "submodules", ()):
                importlib.import_module(name)
            obj: Any = importlib.import_module(node.module)
        except Exception:  # noqa: BLE001 - check_imports reports what is missing; loading fails there
            return _UNKNOWN
        where = f"ref section @{node_id}"
        path = node.module
        for part in node.qualname.split(".") if isinstance(node, RefNode) else ():
            if is_reflective_attribute(part):
                self.reflect(where, f"{path}.{part} reads attribute {part}")
                return _UNKNOWN
            obj = self.attribute(obj, part, path, where)
            path = f"{path}.{part}"
            if obj is _UNKNOWN or self.library_data(obj, path, where):
                return _UNKNOWN
        return obj

    def library_data(self, obj: Any, path: str, where: str) -> bool:
        """Refuse a mutable container of a library reached by reference (a registry such as
        ``copyreg.dispatch_table``): a section never names one, and a call or a method of it would
        change it for the whole process."""
        if isinstance(obj, _MUTABLE_DATA):
            self.refuse(
                where, f"{path} is a {type(obj).__name__} of a library, which a payload does not take"
            )
            return True
        return False

    def attribute(self, obj: Any, name: str, path: str, where: str) -> Any:
        """``obj.name`` for an existing object ``obj`` (reached as ``path``), checked as a step of a
        route: a module outside the list or a guarded built-in is refused (and ends the route)."""
        step = f"{path}.{name}"
        try:
            child = getattr(obj, name)
        except Exception:  # noqa: BLE001 - an attribute that is not there now
            if not isinstance(obj, types.ModuleType):
                return _UNKNOWN
            submodule = f"{obj.__name__}.{name}"
            try:
                found = importlib.util.find_spec(submodule) is not None
            except Exception:  # noqa: BLE001 - no such submodule either: it fails when it runs
                found = False
            if not found:
                return _UNKNOWN
            if not all(module_allowed(m, self.allowed) for m in _package_chain(submodule)):
                self.refuse(where, f"{step} imports module {submodule}")
                return _UNKNOWN
            try:
                child = importlib.import_module(submodule)
            except Exception:  # noqa: BLE001 - it fails when it runs
                return _UNKNOWN
        if isinstance(child, types.ModuleType):
            # A module is allowed by its name, or by another name it is imported under (os.path is
            # posixpath, registered as os.path).
            names = {child.__name__, *self.module_names().get(id(child), ())}
            if not any(module_allowed(m, self.allowed) for m in names):
                self.refuse(where, f"{step} is module {child.__name__}")
                return _UNKNOWN
        elif id(child) in self.guarded and child is getattr(builtins, self.guarded[id(child)], None):
            self.reflect(where, f"{step} is the built-in {self.guarded[id(child)]}")
            return child if id(child) in self.writers else _UNKNOWN
        return child

    def module_names(self) -> Dict[int, List[str]]:
        """The names each imported module is registered under in ``sys.modules`` (by id)."""
        if self._module_names is None:
            self._module_names = {}
            for name, module in list(sys.modules.items()):
                if module is not None:
                    self._module_names.setdefault(id(module), []).append(name)
        return self._module_names

    def reflective_kind(self, obj: Any) -> Optional[Tuple[str, str]]:
        """``(name, which arguments are names)`` when ``obj`` is a callable of ``REFLECTIVE``."""
        return self.reflective.get(id(obj)) if obj is not _UNKNOWN else None

    def object_of(self, node_id: str) -> Any:
        """The existing object a section stands for (an import, a ``ref``, or a ``getattr`` call
        on one written in a ``reduce`` section), else ``_UNKNOWN``; computed once per section,
        without recursion along a chain of calls."""
        pending = [node_id]
        waiting = {node_id}
        while pending:
            current = pending[-1]
            if current in self.objects:
                waiting.discard(pending.pop())
                continue
            node = self.nodes.get(current)
            target = self.getattr_target(node) if isinstance(node, ReduceNode) else None
            if target is None or target[0].id in waiting:
                self.objects[current] = _UNKNOWN
                waiting.discard(pending.pop())
                continue
            ref, name = target
            if ref.id not in self.objects:
                pending.append(ref.id)
                waiting.add(ref.id)
                continue
            base = self.objects[ref.id]
            result = _UNKNOWN
            if base is not _UNKNOWN and not is_reflective_attribute(name):
                # The way there, written out while it reads well (a chain of 1,000 steps does not).
                path = self.path_of(ref.id)
                path = path if len(path) <= _PATH_LENGTH else _describe(base)
                where = f"reduce section @{current}"
                result = self.attribute(base, name, path, where)
                self.paths[current] = f"{path}.{name}"
                if result is not _UNKNOWN and self.library_data(result, f"{path}.{name}", where):
                    result = _UNKNOWN
            self.objects[current] = result
            waiting.discard(pending.pop())
        return self.objects[node_id]

    def path_of(self, node_id: str) -> str:
        """How the payload reaches the existing object of a section (``json.decoder``)."""
        return self.paths.get(node_id) or _describe(self.objects.get(node_id))

    def getattr_target(self, node: ReduceNode) -> Optional[Tuple[Ref, str]]:
        """``(object, name)`` of a reduce section that is ``getattr(@section, 'name')``."""
        if not isinstance(node.callable, Ref) or not isinstance(node.args, TupleValue):
            return None
        callee = self.objects.get(node.callable.id, _UNKNOWN)
        kind = self.reflective_kind(callee)
        items = node.args.items
        if kind is None or kind[1] != "name" or len(items) not in (2, 3):
            return None
        if not isinstance(items[0], Ref) or not isinstance(items[1], str):
            return None
        return items[0], items[1]

    # ------------------------------------------------------------------------------- sections

    def check_node(self, node_id: str, node: Any) -> None:
        """The values of one section: where a module or a reflective callable may stand, names
        given to reflective callables, writes into existing objects."""
        where = f"{node_kind(node)} section @{node_id}"
        if isinstance(node, NamespaceNode):
            for name, value in node.globals:
                if is_dunder(name) and name not in _SAFE_NAMESPACE_DUNDERS:
                    self.reflect(where, f"sets global {name}, which changes what the code's names mean")
                self.held(value, f"{where} global {name}", direct=True)
        elif isinstance(node, CellNode):
            self.held(node.contents, where, direct=True)
        elif isinstance(node, ValueNode):
            self.held(node.value, where)
        elif isinstance(node, FunctionNode):
            defaults = node.defaults.items if isinstance(node.defaults, TupleValue) else (node.defaults,)
            for value in defaults:
                self.held(value, f"{where} defaults", direct=True)
            kwdefaults = (
                node.kwdefaults.items
                if isinstance(node.kwdefaults, DictValue)
                else ((None, node.kwdefaults),)
            )
            for key, value in kwdefaults:
                self.held(key, f"{where} kwdefaults")
                self.held(value, f"{where} kwdefaults", direct=True)
            self.held(node.doc, f"{where} doc")
            for name, value in node.attributes:
                self.held(value, f"{where} attribute {name}")
            for value in node.overloads:
                self.held(value, f"{where} overloads")
            for name, value in node.scope_names:
                self.held(value, f"{where} scope-names {name}")
        elif isinstance(node, ClassNode):
            for name, value in node.attributes:
                self.held(value, f"{where} attribute {name}")
            for name, value in node.scope_names:
                self.held(value, f"{where} scope-names {name}")
            for value in node.registered_with:
                self.held(value, f"{where} registered-with")
            for value in node.registry:
                self.held(value, f"{where} registry")
            self.held(node.made_by, f"{where} made-by", direct=True)
            if isinstance(node.made_by, Ref) and self.object_of(node.made_by.id) is not _UNKNOWN:
                self.refuse(
                    where,
                    f"is made by @{node.made_by.id}, which is {self.path_of(node.made_by.id)}, "
                    "an existing object: the loader would set the class's state on it",
                )
        elif isinstance(node, GuardNode):
            for value in node.tries:
                self.held(value, f"{where} tries")
            for name, value in node.fallbacks:
                self.held(value, f"{where} global {name}", direct=True)
        elif isinstance(node, ReduceNode):
            self.check_reduce(node_id, node, where)

    def check_reduce(self, node_id: str, node: ReduceNode, where: str) -> None:
        callee = self.objects.get(node.callable.id, _UNKNOWN) if isinstance(node.callable, Ref) else _UNKNOWN
        kind = self.reflective_kind(callee)
        args = node.args.items if isinstance(node.args, TupleValue) else ()
        if kind is not None:
            name, takes = kind
            literal = isinstance(node.args, TupleValue) and node.kwargs is None
            names = _name_arguments(takes, args) if literal else None
            if names is None:
                self.reflect(where, f"calls {name} with names not written in the payload")
            else:
                for text in names:
                    for part in text.split("."):
                        if is_reflective_attribute(part):
                            self.reflect(where, f"calls {name} to read attribute {part}")
            # getattr's object is the start of a chain (followed in object_of), not a value.
            rest = args[1:] if takes == "name" else args
            for value in rest:
                self.held(value, f"{where} args")
            if takes == "name" and args:
                self.held(args[0], f"{where} args", direct=True)
        else:
            self.held(node.callable, f"{where} callable", direct=True, callable_position=True)
            for value in args:
                self.held(value, f"{where} args")
                self.named_strings(value, where)
            if not isinstance(node.args, TupleValue):
                self.held(node.args, f"{where} args")
        self.held(node.kwargs, f"{where} kwargs")
        self.named_strings(node.kwargs, where)
        for field in ("state", "listitems", "dictitems", "state_setter"):
            self.held(getattr(node, field), f"{where} {field}")
        if self.object_of(node_id) is not _UNKNOWN and any(
            getattr(node, field) is not None for field in ("state", "listitems", "dictitems", "state_setter")
        ):
            self.refuse(where, f"writes state into {self.path_of(node_id)}, an existing object")
        if id(callee) in self.writers and args and self.is_existing(args[0]):
            target = args[0]
            assert isinstance(target, Ref)
            what = self.path_of(target.id)
            self.refuse(where, f"calls {self.writers[id(callee)]} on {what}, which the payload did not make")

    def held(self, value: Value, where: str, direct: bool = False, callable_position: bool = False) -> None:
        """Check a value a section holds: a module or a reflective callable may stand only directly
        where the code's checks follow it (``direct``: a global, a cell, a default), never inside
        a container, as an argument, as state or as an attribute."""
        if value is None:
            return
        for ref in iter_refs(value):
            obj = self.object_of(ref.id)
            if obj is _UNKNOWN:
                continue
            followed = direct and value is ref and not callable_position
            if isinstance(obj, types.ModuleType):
                if not followed:
                    self.reflect(where, f"holds module {obj.__name__} as a value")
                continue
            kind = self.reflective_kind(obj)
            if kind is not None and not followed:
                self.reflect(where, f"holds {kind[0]} as a value")

    def named_strings(self, value: Value, where: str) -> None:
        """Strings given to a call that name a reflective attribute (``'__globals__'``,
        ``'a.__dict__'``): what a library function reading attributes by name would reach."""
        if value is None:
            return
        stack: List[Value] = [value]
        while stack:
            current = stack.pop()
            if isinstance(current, str):
                if names_reflection(current):
                    self.reflect(where, f"passes the attribute name {current!r} to a call")
            elif isinstance(current, DictValue):
                for key, item in current.items:
                    stack.extend((key, item))
            elif isinstance(current, (TupleValue, ListValue, SetValue, FrozenSetValue)):
                stack.extend(current.items)

    # --------------------------------------------------------------------------------- code

    def check_source(self, node_id: str, node: Union[FunctionNode, ClassNode]) -> None:
        """The code of one source that can run: a function's body (with everything nested in it),
        or a class statement whole (decorators, bases, keywords, body), which loading executes."""
        module_code, code, text = self.compiled[node_id]
        statement = source_statement(node, text)
        if isinstance(node, ClassNode):
            what = f"class {node.qualname}"
            runs: List[types.CodeType] = [module_code]
            trees: List[ast.AST] = [statement]
        else:
            what = f"function {node.qualname}"
            runs = [code]
            if isinstance(statement, ast.Lambda):
                trees = [statement.body]
            else:
                assert isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
                trees = list(statement.body)
        members = [node_id, *self.members.get(node_id, ())]
        cells: Dict[str, List[Value]] = {}
        defaults: Dict[str, List[Value]] = {}
        for member_id in members:
            member = self.nodes[member_id]
            assert isinstance(member, (FunctionNode, ClassNode))
            for name, ref in member.closure:
                cell = self.nodes.get(ref.id) if isinstance(ref, Ref) else None
                if isinstance(cell, CellNode):
                    cells.setdefault(name, []).append(cell.contents)
            if isinstance(member, FunctionNode) and member_id in self.compiled:
                for name, value in _parameter_defaults(member, self.compiled[member_id][1]):
                    defaults.setdefault(name, []).append(value)
        base = self.import_base(node.namespace)
        _Code(self, what, node.namespace, runs, trees, cells, defaults, base).check()

    def check_expression(self, text: str, what: str, namespace: str) -> None:
        """An annotation, which the loader evaluates in its function's globals (one that does not
        compile stays text: nothing to check)."""
        try:
            tree = _astparse.parse_expression(text)
            code = compile(text, "<annotation>", "eval", dont_inherit=True)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return
        _Code(self, what, namespace, [code], [tree.body], {}, {}, None).check()

    def import_base(self, namespace_id: str) -> Optional[str]:
        """The package relative imports in a namespace's code start from, as Python computes it
        (``__package__``, else ``__name__`` less its last part); None when the payload makes it
        unknowable."""
        namespace = self.nodes.get(namespace_id)
        if not isinstance(namespace, NamespaceNode):
            return None
        values = dict(namespace.globals)
        package = values.get("__package__")
        if package is not None:
            return package if isinstance(package, str) else None
        name = values.get("__name__", namespace.module)
        return name.rpartition(".")[0] if isinstance(name, str) else None

    def namespace_value(self, namespace_id: str, name: str) -> Tuple[bool, Optional[Value]]:
        """Whether a namespace sets global ``name``, and its value."""
        values = self.namespaces.get(namespace_id)
        if values is None:
            namespace = self.nodes.get(namespace_id)
            values = dict(namespace.globals) if isinstance(namespace, NamespaceNode) else {}
            self.namespaces[namespace_id] = values
        return name in values, values.get(name)

    def value_object(self, value: Optional[Value]) -> Any:
        """The existing object a value stands for (a reference to an import or ``ref``)."""
        return self.object_of(value.id) if isinstance(value, Ref) else _UNKNOWN

    def is_existing(self, value: Optional[Value]) -> bool:
        """Whether a value stands for an object the payload did not make (an import, a ``ref``,
        a ``getattr`` call on one), known or not."""
        if not isinstance(value, Ref):
            return False
        return (
            isinstance(self.nodes.get(value.id), (ImportNode, RefNode))
            or self.object_of(value.id) is not _UNKNOWN
        )


class _Code:
    """The checks of one piece of code that can run: its compiled code for the names it reads as
    globals (exact scoping), its syntax tree for everything else."""

    def __init__(
        self,
        checker: _Checker,
        what: str,
        namespace: str,
        runs: List[types.CodeType],
        trees: List[ast.AST],
        cells: Dict[str, List[Value]],
        defaults: Dict[str, List[Value]],
        base: Optional[str],
    ) -> None:
        self.checker = checker
        self.what = what
        self.namespace = namespace
        self.runs = runs
        self.trees = trees
        self.base = base
        # Name -> existing objects it may hold (an overapproximation by name over the whole code).
        self.bindings: Dict[str, List[Any]] = {}
        # Names that may hold an object the payload did not make, known or not (the built-ins
        # aside): what code must not write into.
        self.existing: Set[str] = set()
        # Names assigned from such an object (see reached_names) -> what they were assigned.
        self.origins: Dict[str, str] = {}
        for name, values in (*cells.items(), *defaults.items()):
            for value in values:
                self.bind(name, checker.value_object(value))
                if checker.is_existing(value):
                    self.existing.add(name)
        self.globals = self.global_names()

    def bind(self, name: str, obj: Any) -> None:
        if obj is not _UNKNOWN:
            self.bindings.setdefault(name, []).append(obj)

    def where(self, node: Optional[ast.AST] = None) -> str:
        line = getattr(node, "lineno", None)
        return f"{self.what}, line {line}" if line is not None else self.what

    def global_names(self) -> Set[str]:
        """The names the code reads as globals or built-ins (from its bytecode: exact scoping)."""
        names: Set[str] = set()
        pending = list(self.runs)
        while pending:
            code = pending.pop()
            pending.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
            for instruction in dis.get_instructions(code):
                if instruction.opname in _GLOBAL_OPS:
                    names.add(str(instruction.argval))
        return names

    def check(self) -> None:
        checker = self.checker
        parents: Dict[int, ast.AST] = {}
        order: List[ast.AST] = []
        for tree in self.trees:
            for node in ast.walk(tree):
                order.append(node)
                for child in ast.iter_child_nodes(node):
                    parents[id(child)] = node
        # Where each name is first read, for the messages.
        first: Dict[str, ast.AST] = {}
        for node in order:
            if isinstance(node, ast.Name) and node.id in self.globals:
                if node.id not in first or node.lineno < first[node.id].lineno:  # type: ignore[attr-defined]
                    first[node.id] = node
        for name in sorted(self.globals):
            present, value = checker.namespace_value(self.namespace, name)
            if present:
                self.bind(name, checker.value_object(value))
                if checker.is_existing(value):
                    self.existing.add(name)
            elif name in _SAFE_GLOBALS:
                continue
            elif name in GUARDED_BUILTINS and hasattr(builtins, name):
                checker.reflect(self.where(first.get(name)), f"uses the built-in {name}")
                if name in _WRITERS:
                    self.bind(name, getattr(builtins, name))  # followed: see check_write_call
            elif is_dunder(name):
                checker.reflect(self.where(first.get(name)), f"reads the global {name}")
            elif hasattr(builtins, name):
                self.bind(name, getattr(builtins, name))
        # Imports bind names first: their uses anywhere in the code are followed.
        for node in order:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self.check_import(node)
        reached = self.reached_names(order)
        static: Dict[int, List[Any]] = {}
        # Children before parents, so that a chain is resolved from its start.
        for node in reversed(order):
            if isinstance(node, ast.Attribute):
                if not isinstance(node.ctx, ast.Load):
                    self.check_write(node, static, reached)
                if is_reflective_attribute(node.attr):
                    checker.reflect(self.where(node), f"uses attribute {node.attr}")
                    continue
                if not isinstance(node.ctx, ast.Load):
                    continue
                found = []
                for obj in static.get(id(node.value), ()):
                    child = checker.attribute(obj, node.attr, _describe(obj), self.where(node))
                    if child is not _UNKNOWN:
                        found.append(child)
                if found:
                    static[id(node)] = found
            elif isinstance(node, ast.Subscript):
                if not isinstance(node.ctx, ast.Load):
                    self.check_write(node, static, reached)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in self.bindings:
                static[id(node)] = self.bindings[node.id]
            elif isinstance(node, ast.Call):
                self.check_call_strings(node)
                self.check_write_call(node, static, reached)
                got = self.getattr_call(node, static)
                if got:
                    static[id(node)] = got
            elif sys.version_info >= (3, 10) and isinstance(node, ast.MatchClass):
                for name in node.kwd_attrs:
                    if is_reflective_attribute(name):
                        checker.reflect(self.where(node), f"matches attribute {name}")
        for node in order:
            objects = static.get(id(node))
            if objects:
                self.check_use(node, objects, parents.get(id(node)), parents)

    # ------------------------------------------------------------------ writes into what exists

    def root(self, node: ast.AST) -> Optional[str]:
        """The name an expression's value is reached from, through attributes, subscripts and
        ``getattr`` calls (``json`` for ``getattr(json.decoder, 'x')[0].y``); None when it starts
        elsewhere (a call's result, a literal)."""
        current = node
        while True:
            if isinstance(current, ast.Name):
                return current.id
            if isinstance(current, (ast.Attribute, ast.Subscript, ast.Starred, ast.NamedExpr)):
                current = current.value
            elif isinstance(current, ast.Call) and current.args and self.is_getattr_call(current):
                current = current.args[0]
            else:
                return None

    def reached_names(self, order: List[ast.AST]) -> Set[str]:
        """The names that may hold an object the payload did not make: those bound to one, and
        those assigned from one (``decoder = json.JSONDecoder``, ``for f in json.decoder.__all__``,
        a walrus), transitively; by name over the whole code, as the bindings are."""
        # An assignment is a hub: the names its values are reached from lead to it, it leads to
        # the names it binds (linear in the code's size, however the assignments chain).
        edges: Dict[Union[str, int], List[Union[str, int]]] = {}
        # What each hub assigns, for the messages.
        assigned: Dict[int, str] = {}
        for node in order:
            if isinstance(node, ast.Assign):
                targets, values = list(node.targets), [node.value]
                assigned[id(node)] = _texts(node.value)
            elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                targets, values = [node.target], [node.value]
                assigned[id(node)] = _texts(node.value)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                targets, values = [node.target], [node.iter]
                assigned[id(node)] = f"an item of {_text(node.iter)}"
            else:
                continue
            roots = set()
            while values:
                value = values.pop()
                if isinstance(value, (ast.Tuple, ast.List)):
                    values.extend(value.elts)
                else:
                    root = self.root(value)
                    if root is not None:
                        roots.add(root)
            names = []
            while targets:
                target = targets.pop()
                if isinstance(target, (ast.Tuple, ast.List)):
                    targets.extend(target.elts)
                elif isinstance(target, ast.Starred):
                    targets.append(target.value)
                elif isinstance(target, ast.Name):
                    names.append(target.id)
            if roots and names:
                for root in roots:
                    edges.setdefault(root, []).append(id(node))
                edges[id(node)] = list(names)
        reached: Set[Union[str, int]] = set(self.existing)
        pending: List[Union[str, int]] = list(self.existing)
        while pending:
            current = pending.pop()
            for following in edges.get(current, ()):
                if following not in reached:
                    reached.add(following)
                    pending.append(following)
                    if isinstance(following, str) and isinstance(current, int):
                        self.origins[following] = assigned[current]
        return {name for name in reached if isinstance(name, str)}

    def is_existing_value(self, node: ast.AST, static: Dict[int, List[Any]], reached: Set[str]) -> bool:
        """Whether an expression's value may be an object the payload did not make."""
        return self.root(node) in reached or any(
            isinstance(obj, types.ModuleType) for obj in static.get(id(node), ())
        )

    def check_write(self, target: ast.AST, static: Dict[int, List[Any]], reached: Set[str]) -> None:
        """An attribute or item assigned, augmented or deleted (``x.a = ``, ``del x[k]``, a
        ``for`` or ``with`` target): refused when ``x`` is an object the payload did not make."""
        assert isinstance(target, (ast.Attribute, ast.Subscript))
        base = target.value
        if not self.is_existing_value(base, static, reached):
            return
        verb = "deletes from" if isinstance(target.ctx, ast.Del) else "writes into"
        objects = static.get(id(base), [])
        module = next((obj for obj in objects if isinstance(obj, types.ModuleType)), None)
        if module is not None:
            # The module's own name, then the step the code writes (json.decoder.scanstring).
            step = _step(target)
            self.checker.refuse(
                self.where(target), f"{verb} module {module.__name__} ({module.__name__}{step})"
            )
            return
        what = self.named(objects, base)
        self.checker.refuse(
            self.where(target), f"{verb} {what}, which the payload did not make ({_text(target)})"
        )

    def named(self, objects: List[Any], node: ast.AST) -> str:
        """What a message calls the object an expression stands for (``json.decoder.JSONDecoder``,
        ``copyreg.dispatch_table``, ``decoder (assigned from json.JSONDecoder)``)."""
        if not objects and isinstance(node, ast.Name) and node.id in self.origins:
            return f"{node.id} (assigned from {self.origins[node.id]})"
        return _named(objects, node)

    def check_write_call(self, node: ast.Call, static: Dict[int, List[Any]], reached: Set[str]) -> None:
        """``setattr`` or ``delattr`` on an object the payload did not make: refused, also where
        "builtins" allows the built-ins themselves."""
        writers = self.checker.writers
        names = [writers[id(obj)] for obj in static.get(id(node.func), ()) if id(obj) in writers]
        if not names or not node.args or not self.is_existing_value(node.args[0], static, reached):
            return
        objects = static.get(id(node.args[0]), [])
        what = self.named(objects, node.args[0])
        call = f"{names[0]}({_text(node.args[0])}, ...)"
        self.checker.refuse(
            self.where(node), f"calls {names[0]} on {what}, which the payload did not make ({call})"
        )

    # ----------------------------------------------------------------------------- imports

    def check_import(self, node: Union[ast.Import, ast.ImportFrom]) -> None:
        checker = self.checker
        where = self.where(node)
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not self.imports_allowed(alias.name, where):
                    continue
                bound = alias.asname or alias.name.partition(".")[0]
                target = alias.name if alias.asname else alias.name.partition(".")[0]
                self.bind(bound, _import(target))
                self.existing.add(bound)
            return
        module = node.module or ""
        if node.level:
            if self.base is None:
                checker.refuse(
                    where, f"imports relatively ({'.' * node.level}{module}) from an unknown package"
                )
                return
            parts = self.base.split(".") if self.base else []
            if node.level - 1 > len(parts) or not parts:
                return  # fails when it runs: no parent package
            parts = parts[: len(parts) - (node.level - 1)]
            module = ".".join(parts + ([module] if module else []))
        if not self.imports_allowed(module, where):
            return
        imported = _import(module)
        for alias in node.names:
            if alias.name == "*":
                checker.refuse(where, f"imports * from {module}")
                continue
            if is_reflective_attribute(alias.name):
                checker.reflect(where, f"imports attribute {alias.name} of {module}")
                continue
            if imported is not _UNKNOWN:
                self.bind(alias.asname or alias.name, checker.attribute(imported, alias.name, module, where))
            self.existing.add(alias.asname or alias.name)

    def imports_allowed(self, module: str, where: str) -> bool:
        refused = [m for m in _package_chain(module) if not module_allowed(m, self.checker.allowed)]
        for name in refused:
            self.checker.refuse(where, f"imports {name}")
        return not refused

    def getattr_call(self, node: ast.Call, static: Dict[int, List[Any]]) -> List[Any]:
        # getattr(<existing object>, 'name'): a step of a chain like an attribute.
        found = []
        callees = static.get(id(node.func), ())
        if not any((self.checker.reflective_kind(c) or ("", ""))[1] == "name" for c in callees):
            return []
        if (
            len(node.args) < 2
            or not isinstance(node.args[1], ast.Constant)
            or not isinstance(node.args[1].value, str)
        ):
            return []
        name = node.args[1].value
        if is_reflective_attribute(name):
            return []
        for obj in static.get(id(node.args[0]), ()):
            child = self.checker.attribute(obj, name, _describe(obj), self.where(node))
            if child is not _UNKNOWN:
                found.append(child)
        return found

    def check_call_strings(self, node: ast.Call) -> None:
        # Names of reflective attributes written as strings and given to a call.
        stack: List[ast.AST] = [*node.args, *(k.value for k in node.keywords)]
        while stack:
            current = stack.pop()
            if isinstance(current, ast.Constant) and isinstance(current.value, str):
                if names_reflection(current.value):
                    self.checker.reflect(
                        self.where(node), f"passes the attribute name {current.value!r} to a call"
                    )
            elif isinstance(current, (ast.Tuple, ast.List, ast.Set)):
                stack.extend(current.elts)
            elif isinstance(current, ast.Dict):
                stack.extend(k for k in current.keys if k is not None)
                stack.extend(current.values)
            elif isinstance(current, ast.Starred):
                stack.append(current.value)

    def check_use(
        self, node: ast.AST, objects: List[Any], parent: Optional[ast.AST], parents: Dict[int, ast.AST]
    ) -> None:
        """A module may only start an attribute chain, be given to ``getattr`` with a written name
        or to a built-in that inspects it, or be tested (``if ujson is None``, ``if not ujson``:
        see ``_only_tested``); a reflective callable may only be called with written names."""
        checker = self.checker
        for obj in objects:
            if isinstance(obj, types.ModuleType):
                if isinstance(parent, ast.Attribute) and parent.value is node:
                    continue
                if _only_tested(node, parents, type(obj) is types.ModuleType):
                    continue
                if (
                    isinstance(parent, ast.Call)
                    and parent.args
                    and parent.args[0] is node
                    and self.is_getattr_call(parent)
                ):
                    continue
                if isinstance(parent, ast.Call) and node in parent.args and self.is_inspection(parent):
                    continue
                checker.reflect(self.where(node), f"uses module {obj.__name__} as a value")
                continue
            kind = checker.reflective_kind(obj)
            if kind is None:
                continue
            name, takes = kind
            if not (isinstance(parent, ast.Call) and parent.func is node):
                checker.reflect(self.where(node), f"uses {name} as a value")
                continue
            written = not parent.keywords and all(not isinstance(a, ast.Starred) for a in parent.args)
            names = _name_arguments(takes, tuple(_constant(a) for a in parent.args)) if written else None
            if names is None:
                checker.reflect(self.where(node), f"calls {name} with a name computed when it runs")
                continue
            for text in names:
                for part in text.split("."):
                    if is_reflective_attribute(part):
                        checker.reflect(self.where(node), f"calls {name} to read attribute {part}")

    def is_getattr_call(self, node: ast.Call) -> bool:
        for obj in self.bindings_of(node.func):
            kind = self.checker.reflective_kind(obj)
            if kind is not None and kind[1] == "name":
                return True
        return False

    def is_inspection(self, node: ast.Call) -> bool:
        """Whether ``node`` calls a built-in that looks at a module without handing back anything
        of it (``hasattr(os, "fork")``, ``isinstance``, ``print``)."""
        return any(
            obj is getattr(builtins, name, None)
            for obj in self.bindings_of(node.func)
            for name in _INSPECTIONS
        )

    def bindings_of(self, node: ast.AST) -> List[Any]:
        return self.bindings.get(node.id, []) if isinstance(node, ast.Name) else []


def _only_tested(node: ast.AST, parents: Dict[int, ast.AST], always_true: bool) -> bool:
    """Whether the value of ``node`` is only tested, never handed on, as a guarded import is
    tested (``if ujson is None``, ``if not ujson``, ``x = ujson.dumps if ujson else json.dumps``):
    compared by identity, negated, the test of an ``if``, ``while``, ``assert``, conditional
    expression or comprehension filter, or an operand of ``and`` / ``or`` that is itself only
    tested. Neither an identity test nor a plain module's truth runs code or gives the module
    away. ``always_true``: the value is a plain module (its type defines no ``__bool__`` or
    ``__len__``), so that ``ujson and ujson.dumps(x)`` never evaluates to it."""
    while True:
        parent = parents.get(id(node))
        if isinstance(parent, ast.UnaryOp):
            return isinstance(parent.op, ast.Not)
        if isinstance(parent, ast.Compare):
            return all(isinstance(op, (ast.Is, ast.IsNot)) for op in parent.ops)
        if isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)):
            return parent.test is node
        if isinstance(parent, ast.comprehension):
            return node in parent.ifs
        if not isinstance(parent, ast.BoolOp):
            return False
        # ``a and b`` gives ``a`` only when it is false, which a plain module never is; any
        # other operand may be what the whole expression gives, so that must be only tested.
        if always_true and isinstance(parent.op, ast.And) and node is not parent.values[-1]:
            return True
        node = parent


_NOT_LITERAL = object()


def _constant(node: ast.AST) -> Any:
    return node.value if isinstance(node, ast.Constant) else _NOT_LITERAL


def _name_arguments(takes: str, args: Sequence[Any]) -> Optional[List[str]]:
    """The attribute names a reflective call's arguments give (``takes`` as in ``REFLECTIVE``), or
    None when one is not a string written out."""
    if takes == "name":
        names = list(args[1:2]) if len(args) in (2, 3) else None
    elif takes == "method":
        names = list(args[:1]) if args else None
    else:
        names = list(args) if args else None
    if names is None or not all(isinstance(n, str) for n in names):
        return None
    return names


def _parameter_defaults(node: FunctionNode, code: types.CodeType) -> Iterator[Tuple[str, Value]]:
    """(parameter name, default value) of a function section, from its code's parameters."""
    if isinstance(node.defaults, TupleValue):
        positional = code.co_varnames[: code.co_argcount]
        items = node.defaults.items
        for name, value in zip(positional[len(positional) - len(items) :], items):
            yield name, value
    if isinstance(node.kwdefaults, DictValue):
        for key, value in node.kwdefaults.items:
            if isinstance(key, str):
                yield key, value


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except Exception:  # noqa: BLE001 - it fails when it runs: nothing to follow
        return _UNKNOWN


def _step(node: Union[ast.Attribute, ast.Subscript]) -> str:
    """The last step of an attribute or subscript as the code writes it: ``.name`` or ``['key']``
    (``[...]`` for a key that is not a short literal)."""
    if isinstance(node, ast.Attribute):
        return f".{node.attr}"
    key = node.slice
    written = repr(key.value) if isinstance(key, ast.Constant) else "..."
    return f"[{written if len(written) <= _TEXT_KEY else '...'}]"


def _text(node: ast.AST) -> str:
    """A short text of an attribute, subscript or call chain as the code writes it, for messages;
    long chains are cut."""
    parts: List[str] = []
    current = node
    while len(parts) < _TEXT_PARTS:
        if isinstance(current, (ast.Attribute, ast.Subscript)):
            parts.append(_step(current))
            current = current.value
        elif isinstance(current, ast.Call):
            parts.append("(...)")
            current = current.func
        elif isinstance(current, ast.NamedExpr):
            current = current.value  # what the walrus binds is the value
        elif isinstance(current, ast.Name):
            parts.append(current.id)
            break
        else:
            parts.append("...")
            break
    else:
        parts.append("...")
    return "".join(reversed(parts))


def _texts(node: ast.AST) -> str:
    """``_text``, or the first items of a tuple or list written out (``(json.JSONEncoder, value)``)."""
    if not isinstance(node, (ast.Tuple, ast.List)):
        return _text(node)
    items = [_text(item) for item in node.elts[:_TEXT_ITEMS]]
    more = ", ..." if len(node.elts) > _TEXT_ITEMS else ""
    return f"({', '.join(items)}{more})"


def _named(objects: List[Any], node: ast.AST) -> str:
    """What a message calls the object an expression stands for: its module and qualified name
    where it has them (``json.decoder.JSONDecoder``), else the expression (``copyreg.dispatch_table``)."""
    for obj in objects:
        if isinstance(obj, types.ModuleType) or (
            isinstance(getattr(obj, "__module__", None), str)
            and isinstance(getattr(obj, "__qualname__", None), str)
        ):
            return _describe(obj)
    return _text(node)


def _describe(obj: Any) -> str:
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if isinstance(module, str) and isinstance(qualname, str):
        return f"{module}.{qualname}"
    return f"a {type(obj).__qualname__} object"
