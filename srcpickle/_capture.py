"""Walk an object graph into a ``Payload``.

Functions of the user's own go by source, with their globals, closure cells, defaults and
attributes captured by value; modules, functions and classes of the standard library and of
installed distributions go by reference. Every object with identity is visited once, so shared
references and cycles (a closure holding itself, a list containing itself) come out as references
between nodes. Containers referred to once are written inline.

The traversal order is fixed (globals sorted by name, cells in ``co_freevars`` order, set items
sorted by their text), so the same object always gives the same payload.
"""

from __future__ import annotations

import ast
import builtins
import collections
import copyreg
import dataclasses
import enum
import functools
import re
import sys
import types
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from . import __version__, _astparse
from ._deps import MIN_PYTHON, Overrides, distribution_of, is_user_module, required_python
from ._fmt import MAX_NESTING, format_value
from ._model import (
    BytearrayValue,
    CellNode,
    ClassNode,
    DictValue,
    Distribution,
    FrozenSetValue,
    FunctionNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Node,
    Payload,
    ReduceNode,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    iter_refs,
    map_values,
    node_values,
)
from ._rebuild import LOADED_CLASSES, creation_names
from ._scope import (
    annotation_names,
    annotation_texts,
    attribute_chains,
    body_imports,
    class_deletions,
    class_overrides,
    code_globals,
    signature_text,
    submodules_reached,
)
from ._source import SourceInfo, capture_class_source, capture_source, class_functions
from .errors import SourceMismatchError, SourceUnavailableError, UnsupportedObjectError

_SCALARS = (type(None), bool, int, float, complex, str, bytes)
# How deep objects may nest (containers, instances, functions reaching functions): loading
# builds them recursively, a few frames a level, within the default recursion limit of 1000.
MAX_DEPTH = 120
_BUILTIN_CALLABLES = (types.BuiltinFunctionType, types.BuiltinMethodType)
_LRU_CACHE_WRAPPER = type(functools.lru_cache(maxsize=1)(len))
# Methods of built-in classes taken from the class (str.upper, object.__init__): by reference.
# (On PyPy these types are the plain function type or classmethod: nothing to add there.)
_PYTHON_LEVEL: Tuple[type, ...] = (
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
    classmethod,
    staticmethod,
)
_DESCRIPTORS = tuple(
    t
    for t in (types.MethodDescriptorType, types.WrapperDescriptorType, types.ClassMethodDescriptorType)
    if t not in _PYTHON_LEVEL
)
_SINGLETON_TYPES: Dict[type, Any] = {type(None): None, type(NotImplemented): NotImplemented, type(...): ...}


class _Namespace:
    """A namespace being captured: its globals grow as functions of its module are visited."""

    def __init__(self, node_id: str, module: str, globals_: Dict[str, Any]) -> None:
        self.node_id = node_id
        self.module = module
        self.dict = globals_
        self.values: Dict[str, Value] = {}


class Capturer:
    """One capture: ``capture(obj)`` returns the ``Payload`` of ``obj``."""

    def __init__(self, overrides: Overrides) -> None:
        self.overrides = overrides
        self.nodes: Dict[str, Optional[Node]] = {}
        self.memo: Dict[int, str] = {}
        self.keep: List[Any] = []  # objects whose id() is memoised stay alive until the end
        self.namespaces: Dict[int, _Namespace] = {}
        self.submodules: Dict[str, Set[str]] = {}
        self.ref_counts: Dict[str, int] = {}
        self.requires = (MIN_PYTHON, "")
        self.depth = 0
        # Globals of classes whose module is gone and that have no method to lead to them.
        self.orphans: Dict[str, Dict[str, Any]] = {}
        # Body imports of modules not imported in this process, by module name.
        self.imports_by_name: Dict[str, str] = {}

    # ----------------------------------------------------------------------------- node ids

    def _new_id(self, base: str, obj: Any) -> str:
        base = "".join(c if not c.isspace() and c not in ",()[]{}:=@'\"" else "_" for c in base) or "node"
        node_id = base
        number = 2
        while node_id in self.nodes:
            node_id = f"{base}-{number}"
            number += 1
        self.nodes[node_id] = None  # reserves the id and the node's place in document order
        self.memo[id(obj)] = node_id
        self.keep.append(obj)
        return node_id

    def _ref(self, node_id: str) -> Ref:
        self.ref_counts[node_id] = self.ref_counts.get(node_id, 0) + 1
        return Ref(node_id)

    # -------------------------------------------------------------------------------- values

    def value(self, obj: Any, path: str, hint: str = "value") -> Value:
        """The payload value of ``obj``; ``path`` names where it was found, for errors."""
        kind = type(obj)
        if kind in _SCALARS:
            return obj  # type: ignore[no-any-return]
        node_id = self.memo.get(id(obj))
        if node_id is not None:
            return self._ref(node_id)
        if self.depth >= MAX_DEPTH:
            raise self._unsupported(
                obj,
                path,
                f"the data holding it nests more than {MAX_DEPTH} levels deep, more than a loader builds",
            )
        self.depth += 1
        try:
            return self._value(obj, path, hint, kind)
        finally:
            self.depth -= 1

    def _value(self, obj: Any, path: str, hint: str, kind: type) -> Value:
        if kind is tuple:
            return TupleValue(tuple(self.value(item, f"{path}[{i}]", hint) for i, item in enumerate(obj)))
        if kind is frozenset:
            items = (self.value(item, f"{path}<item>", hint) for item in _in_order(obj))
            return FrozenSetValue(self._sorted(items))
        if kind in (list, dict, set, bytearray):
            return self._container(obj, path, hint)
        if isinstance(obj, types.ModuleType):
            return self._module(obj, path, [])
        if kind is _LRU_CACHE_WRAPPER and callable(getattr(obj, "cache_parameters", None)):
            # Checked before plain functions: PyPy's lru_cache wrapper is a Python function.
            return self._lru_cache(obj, path)
        if kind is types.FunctionType and isinstance(obj.__code__, types.CodeType):
            return self._function(obj, path)
        if kind is types.FunctionType:  # PyPy's built-in functions are functions of builtin code
            return self._by_reference(obj, path)
        if isinstance(obj, type):
            if obj in _SINGLETON_TYPES:
                # NoneType and friends have no importable name before 3.10: type(None), as pickle.
                return self._call(obj, path, obj.__name__, type, (_SINGLETON_TYPES[obj],))
            if is_user_module(obj.__module__, self.overrides) or not _found(
                obj.__module__, obj.__qualname__, obj
            ):
                return self._class(obj, path)
            return self._by_reference(obj, path)
        # PyPy's bound methods are BuiltinMethodType too: they go by reduce, as on CPython; so
        # does a built-in method bound to an instance ([].append: getattr(instance, name)).
        if isinstance(obj, _BUILTIN_CALLABLES) and kind is not types.MethodType:
            if isinstance(getattr(obj, "__self__", None), (types.ModuleType, type, type(None))):
                return self._by_reference(obj, path)
        if isinstance(obj, _DESCRIPTORS):
            return self._by_reference(obj, path)
        if kind is types.MethodType and isinstance(obj.__self__, type):
            # A class method of an importable class (PyPy's dict.fromkeys is one) by reference.
            module_name, qualname = _reference_name(obj)
            if not is_user_module(module_name, self.overrides) and _found(module_name, qualname or "", obj):
                return self._by_reference(obj, path)
        return self._made_by_call(obj, path, hint) or self._reduce(obj, path, hint)

    def _made_by_call(self, obj: Any, path: str, hint: str) -> Optional[Ref]:
        """Objects written as the call that makes them, where that reads better than their
        reduce protocol and is the same on every Python (whose reduce results differ)."""
        kind = type(obj)
        name = hint if hint not in ("value", "root") else kind.__name__
        if isinstance(obj, enum.Enum) and kind._value2member_map_.get(obj._value_) is obj:
            return self._call(obj, path, f"{kind.__qualname__}.{obj._name_}", kind, (obj._value_,))
        if kind is functools.partial and not vars(obj):
            return self._call(obj, path, name, kind, (obj.func, *obj.args), obj.keywords)
        owner = getattr(obj, "__self__", None)
        if isinstance(obj, (types.MethodType, types.BuiltinMethodType)) and owner is not None:
            # A method bound to an instance (model.predict, [].append): getattr(instance, name).
            label = hint if hint not in ("value", "root") else obj.__name__
            return self._call(obj, path, label, getattr, (owner, obj.__name__))
        if kind.__name__ == "TypeAliasType" and kind.__module__ == "typing" and not obj.__type_params__:
            # type Pair = tuple[int, int] (3.12+): the alias made again from its value.
            return self._call(obj, path, obj.__name__, kind, (obj.__name__, obj.__value__))
        typing = sys.modules.get("typing")
        if typing is not None and kind is typing.TypeVar:
            options = {"bound": obj.__bound__} if obj.__bound__ is not None else {}
            options.update({k: True for k in ("covariant", "contravariant") if getattr(obj, f"__{k}__")})
            return self._call(obj, path, obj.__name__, kind, (obj.__name__, *obj.__constraints__), options)
        if kind in (staticmethod, classmethod):
            return self._call(obj, path, name, kind, (obj.__func__,))
        if kind is property:
            return self._call(obj, path, name, kind, (obj.fget, obj.fset, obj.fdel, obj.__doc__))
        arguments = _constructor_arguments(obj)
        if arguments is not None:
            return self._call(obj, path, name, kind, *arguments)
        numpy = sys.modules.get("numpy")
        if (
            numpy is not None
            and kind is numpy.ndarray
            and not obj.dtype.hasobject
            and obj.dtype.names is None
        ):
            return self._ndarray(obj, path, name, numpy)
        return None

    def _ndarray(self, array: Any, path: str, name: str, numpy: Any) -> Ref:
        # numpy.array(numpy.ndarray(shape=..., dtype=..., buffer=...)): the data as bytes (base64
        # in the text, a third over its size) and the public constructors only, where the reduce
        # result names numpy's private modules, which moved between numpy 1 and 2.
        node_id = self._new_id(name, array)
        ref = self._ref(node_id)
        view_id = self._new_id(f"{node_id}.data", object())
        self._ref(view_id)
        self.nodes[view_id] = ReduceNode(
            callable=self.value(numpy.ndarray, path),
            kwargs=DictValue(
                (
                    ("shape", TupleValue(tuple(int(n) for n in array.shape))),
                    ("dtype", array.dtype.str),
                    ("buffer", numpy.ascontiguousarray(array).tobytes()),
                )
            ),
        )
        self.nodes[node_id] = ReduceNode(
            callable=self.value(numpy.array, path), args=TupleValue((Ref(view_id),))
        )
        return ref

    def _call(
        self, obj: Any, path: str, name: str, func: Any, args: Tuple[Any, ...], kwargs: Any = None
    ) -> Ref:
        """``obj`` as the reduce node ``func(*args, **kwargs)``."""
        node_id = self._new_id(name, obj)
        ref = self._ref(node_id)
        keywords = None
        if kwargs:
            keywords = DictValue(tuple((k, self.value(v, f"{path}[{k!r}]")) for k, v in kwargs.items()))
        self.nodes[node_id] = ReduceNode(
            callable=self.value(func, path), args=self.value(args, f"{path}.<args>"), kwargs=keywords
        )
        return ref

    def _unsupported(self, obj: Any, path: str, reason: str) -> UnsupportedObjectError:
        kind = type(obj)
        return UnsupportedObjectError(
            f"cannot capture {_short_repr(obj)} of type {kind.__module__}.{kind.__qualname__}, found "
            f"at {path}: {reason}. srcpickle captures functions by source, modules and importable "
            "objects by reference, literal values, and objects of importable classes through the "
            "pickle reduce protocol. Pass such data to the function as an argument instead."
        )

    def _reduce(self, obj: Any, path: str, hint: str) -> Value:
        cls = type(obj)
        try:
            # pickle's order: a reducer registered with copyreg first, then the object's own.
            reducer = copyreg.dispatch_table.get(cls)
            reduced = reducer(obj) if reducer is not None else obj.__reduce_ex__(4)
        except Exception as exc:  # any failure of the object's own protocol means "cannot"
            raise self._unsupported(obj, path, f"it refuses the pickle protocol ({exc})") from exc
        if isinstance(reduced, str):
            # pickle's rule: a string names the object as a global of its module.
            module_name = getattr(obj, "__module__", None)
            if module_name is None and getattr(builtins, reduced, None) is obj:
                module_name = "builtins"  # Ellipsis, NotImplemented
            if module_name and _found(module_name, reduced, obj):
                if is_user_module(module_name, self.overrides):
                    raise self._unsupported(
                        obj, path, f"pickle names it {module_name}.{reduced}, a global of the user's own code"
                    )
                return self._by_reference(obj, path, (module_name, reduced))
            return self._by_reference_or_fail(obj, path, f"it reduces to the global name {reduced!r}")
        class_module, class_name = _public_name(cls)
        if not is_user_module(class_module, self.overrides) and not _found(
            class_module, class_name or "", cls
        ):
            # A library's class that cannot be named (PyPy's _thread.lock) cannot be made again.
            raise self._unsupported(obj, path, f"its class is not importable as {class_module}.{class_name}")
        func, args, state, listitems, dictitems, setter = (tuple(reduced) + (None,) * 6)[:6]
        node_id = self._new_id(hint if hint not in ("value", "root") else cls.__name__, obj)
        ref = self._ref(node_id)
        self.nodes[node_id] = ReduceNode(
            callable=self.value(func, f"{path}.__reduce__()[0]"),
            args=self.value(tuple(args or ()), f"{path}.__reduce__()[1]"),
            state=None if state is None else self.value(state, f"{path}.__reduce__()[2]", hint),
            listitems=None
            if listitems is None
            else ListValue(tuple(self.value(i, f"{path}[...]", hint) for i in listitems)),
            state_setter=None if setter is None else self.value(setter, f"{path}.__reduce__()[5]"),
            dictitems=None
            if dictitems is None
            else ListValue(
                tuple(
                    TupleValue((self.value(k, f"{path}<key>", hint), self.value(v, f"{path}[{k!r}]", hint)))
                    for k, v in dictitems
                )
            ),
        )
        return ref

    def _by_reference_or_fail(self, obj: Any, path: str, reason: str) -> Value:
        module_name, qualname = _reference_name(obj)
        if module_name and qualname and _found(module_name, qualname, obj):
            return self._by_reference(obj, path)
        raise self._unsupported(obj, path, reason)

    def _lru_cache(self, wrapper: Any, path: str) -> Ref:
        # Rebuilt as lru_cache(maxsize=..., typed=...)(function): the cache's contents are not
        # kept, its configuration and the wrapped function are.
        node_id = self._new_id(getattr(wrapper, "__qualname__", "lru_cache"), wrapper)
        ref = self._ref(node_id)
        decorator_id = self._new_id(f"{node_id}.decorator", object())
        self._ref(decorator_id)
        self.nodes[decorator_id] = ReduceNode(
            callable=self.value(functools.lru_cache, path),
            kwargs=DictValue(tuple(sorted(wrapper.cache_parameters().items()))),
        )
        self.nodes[node_id] = ReduceNode(
            callable=Ref(decorator_id),
            args=TupleValue((self.value(wrapper.__wrapped__, f"{path}.__wrapped__"),)),
        )
        return ref

    @staticmethod
    def _sorted(items: Any) -> Tuple[Value, ...]:
        return tuple(sorted(items, key=format_value))

    def _container(self, obj: Any, path: str, hint: str) -> Ref:
        node_id = self._new_id(hint, obj)
        ref = self._ref(node_id)
        value: Value
        if isinstance(obj, list):
            items = tuple(obj)
            if not all(type(item) in _SCALARS for item in items):  # else: plain data, as it is
                items = tuple(self.value(item, f"{path}[{i}]", hint) for i, item in enumerate(obj))
            value = ListValue(items)
        elif isinstance(obj, dict):
            value = DictValue(
                tuple(
                    (self.value(k, f"{path}<key>", hint), self.value(v, f"{path}[{k!r}]", hint))
                    for k, v in list(obj.items())
                )
            )
        elif isinstance(obj, set):
            value = SetValue(self._sorted(self.value(item, f"{path}<item>", hint) for item in _in_order(obj)))
        else:
            value = BytearrayValue(bytes(obj))
        self.nodes[node_id] = ValueNode(value)
        return ref

    # ------------------------------------------------------------------------- by reference

    def _by_reference(self, obj: Any, path: str, name: Optional[Tuple[str, str]] = None) -> Ref:
        module_name, qualname = name or _public_name(obj)
        if module_name is None or qualname is None or not _found(module_name, qualname, obj):
            raise UnsupportedObjectError(
                f"cannot capture {_short_repr(obj)} found at {path}: it has no source and is not "
                f"importable by name (module {module_name!r}, name {qualname!r}). Define it at "
                "module level of an installed or importable module."
            )
        dist = distribution_of(module_name) or Distribution(module_name.split(".")[0])
        node_id = self._new_id(f"{module_name}.{qualname}", obj)
        self.nodes[node_id] = RefNode(module_name, qualname, dist)
        return self._ref(node_id)

    def _module(
        self, module: types.ModuleType, path: str, chains: List[Tuple[str, ...]], name: Optional[str] = None
    ) -> Ref:
        node_id = self.memo.get(id(module))
        if node_id is None:
            name = name or module.__name__
            if is_user_module(name, self.overrides) and name not in sys.builtin_module_names:
                namespace = self._namespace(module.__dict__, name)
                node_id = namespace.node_id
                self.memo[id(module)] = node_id
                self.keep.append(module)
            else:
                dist = distribution_of(name) or Distribution(name.split(".")[0])
                node_id = self._new_id(name, module)
                self.nodes[node_id] = ImportNode(name, dist)
                self.submodules[node_id] = set()
        own = self.namespaces.get(id(module.__dict__))
        if own is not None:
            # A module of the user's own: take the attributes the code reaches through it.
            for chain in chains:
                self._global(own, chain[0], f"{path}.{chain[0]}")
        elif node_id in self.submodules:
            self.submodules[node_id] |= submodules_reached(module, chains)
        return self._ref(node_id)

    # ---------------------------------------------------------------------------- functions

    def _namespace(self, globals_: Dict[str, Any], module: str) -> _Namespace:
        namespace = self.namespaces.get(id(globals_))
        if namespace is None:
            node_id = self._new_id(module or "namespace", globals_)
            namespace = _Namespace(node_id, module, globals_)
            self.namespaces[id(globals_)] = namespace
        return namespace

    def _global(
        self, namespace: _Namespace, name: str, path: str, chains: Any = (), bindings: Any = None
    ) -> None:
        if name not in namespace.dict:
            return  # a builtin, or not assigned yet: the code looks it up at call time
        obj = namespace.dict[name]
        written = self._as_imported(obj, (bindings or {}).get(name))
        if isinstance(obj, types.ModuleType):
            value: Value = self._module(obj, path, list(chains), written[0] if written else None)
            if name not in namespace.values:
                namespace.values[name] = value
            return
        if name in namespace.values:
            return
        namespace.values[name] = Ref("")  # claims the name before recursing (recursion, cycles)
        if written is not None and id(obj) not in self.memo:
            namespace.values[name] = self._by_reference(obj, path, written)
        else:
            namespace.values[name] = self.value(obj, path, hint=name)

    def _as_imported(
        self, obj: Any, binding: Optional[Tuple[str, Optional[str]]]
    ) -> Optional[Tuple[str, str]]:
        """``(module, attribute)`` as the user's import statement wrote them, when that still
        gives ``obj`` and goes by reference: ``os.path`` rather than ``posixpath``,
        ``libcst.parse_module`` rather than the private module that defines it."""
        if binding is None or is_user_module(binding[0], self.overrides):
            return None
        if type(obj) in _SCALARS or type(obj) in (tuple, list, dict, set, frozenset, bytearray):
            return None  # data goes by value, however it was imported (``from math import pi``)
        module_name, attribute = binding
        if attribute is None:
            return (module_name, "") if sys.modules.get(module_name) is obj else None
        if isinstance(obj, types.ModuleType):
            full = f"{module_name}.{attribute}"
            return (full, "") if sys.modules.get(full) is obj else None
        if not _found(module_name, attribute, obj):
            return None
        if isinstance(obj, (types.FunctionType, type)) and is_user_module(
            getattr(obj, "__module__", None), self.overrides
        ):
            return None  # defined in the user's own code: by value, whatever imported it
        return (module_name, attribute)

    def _function(self, fn: types.FunctionType, path: str) -> Ref:
        module = fn.__module__
        if not is_user_module(module, self.overrides) and _found(module, fn.__qualname__, fn):
            return self._by_reference(fn, path)
        code = fn.__code__
        used = code_globals(code)
        try:
            info = capture_source(fn, used)
        except (SourceUnavailableError, SourceMismatchError) as exc:
            raise type(exc)(f"{exc} (found at {path})") from exc
        node_id = self._new_id(fn.__qualname__, fn)
        ref = self._ref(node_id)
        module_name = fn.__globals__.get("__name__", module) or ""
        namespace = self._namespace(fn.__globals__, module_name)
        needs = required_python(info.node, info.file_text)
        if needs[0] > self.requires[0]:
            self.requires = (needs[0], f"{needs[1]} in {fn.__qualname__}")
        annotations = annotation_texts(fn, info)
        names = sorted(set(used) | set(annotation_names(info)))
        all_chains = attribute_chains(info.node)
        for name in names:
            chains = all_chains.get(name, [])
            self._global(namespace, name, f"{path}.__globals__[{name!r}]", chains, info.bindings)
        imports = tuple(
            ref for ref in (self._body_import(n, path) for n in body_imports(info.node)) if ref is not None
        )
        closure = []
        for index, (name, cell) in enumerate(zip(code.co_freevars, fn.__closure__ or ())):
            closure.append((name, self._cell(cell, fn.__qualname__, name, f"{path}.__closure__[{index}]")))
        defaults = None
        if fn.__defaults__ is not None:
            defaults = self.value(fn.__defaults__, f"{path}.__defaults__")
        kwdefaults = None
        if fn.__kwdefaults__ is not None:
            kwdefaults = DictValue(
                tuple(
                    (k, self.value(v, f"{path}.__kwdefaults__[{k!r}]")) for k, v in fn.__kwdefaults__.items()
                )
            )
        attributes = tuple(
            (name, self.value(value, f"{path}.{name}", hint=name)) for name, value in vars(fn).items()
        )
        self.nodes[node_id] = FunctionNode(
            name=fn.__name__,
            qualname=fn.__qualname__,
            module=module or "",
            namespace=namespace.node_id,
            kind=info.kind,
            **_source_fields(info),
            signature=signature_text(fn, annotations),
            closure=tuple(closure),
            defaults=defaults,
            kwdefaults=kwdefaults,
            annotations=tuple(annotations),
            doc=self.value(fn.__doc__, f"{path}.__doc__"),
            attributes=attributes,
            body_imports=imports,
        )
        return ref

    def _class(self, cls: type, path: str) -> Ref:
        try:
            info = capture_class_source(cls)
        except SourceUnavailableError as exc:
            if issubclass(cls, tuple) and hasattr(cls, "_fields") and hasattr(cls, "_make"):
                # Made by collections.namedtuple(): written as that call.
                fields = tuple(getattr(cls, "_fields"))  # noqa: B009 - not in type's stubs
                defaults = tuple(getattr(cls, "_field_defaults").values()) or None  # noqa: B009
                options = {"defaults": defaults, "module": cls.__module__}
                arguments = (cls.__name__, fields)
                return self._call(cls, path, cls.__qualname__, collections.namedtuple, arguments, options)
            raise type(exc)(f"{exc} (found at {path})") from exc
        except SourceMismatchError as exc:
            raise type(exc)(f"{exc} (found at {path})") from exc
        assert info.compiled is not None and isinstance(info.node, ast.ClassDef)
        node_id = self._new_id(cls.__qualname__, cls)
        ref = self._ref(node_id)
        methods = class_functions(cls)
        module_name = cls.__module__
        own = [
            f
            for _, f in methods
            if f.__module__ == module_name and f.__qualname__.startswith(cls.__qualname__ + ".")
        ]
        loaded = LOADED_CLASSES.get(cls)
        if loaded is not None:
            globals_ = loaded[1]
        elif own:
            globals_ = own[0].__globals__
        else:
            module = sys.modules.get(module_name)
            globals_ = module.__dict__ if module is not None else self.orphans.setdefault(module_name, {})
        namespace = self._namespace(globals_, module_name)
        needs = required_python(info.node, info.file_text)
        if needs[0] > self.requires[0]:
            self.requires = (needs[0], f"{needs[1]} in {cls.__qualname__}")
        all_chains = attribute_chains(info.node)
        for name in creation_names(info.compiled, everything=True):
            chains = all_chains.get(name, [])
            self._global(namespace, name, f"{path}.<globals>[{name!r}]", chains, info.bindings)
        closure = []
        for name, cell in info.cells:
            closure.append((name, self._cell(cell, cls.__qualname__, name, f"{path}.<closure>[{name!r}]")))
        attributes = tuple(
            (name, self.value(value, f"{path}.{name}", hint=name))
            for name, value in class_overrides(cls, info, lambda m: is_user_module(m, self.overrides))
        )
        self.nodes[node_id] = ClassNode(
            name=cls.__name__,
            qualname=cls.__qualname__,
            module=module_name,
            namespace=namespace.node_id,
            **_source_fields(info),
            closure=tuple(closure),
            attributes=attributes,
            deleted=tuple(class_deletions(cls, info)),
        )
        return ref

    def _body_import(self, name: str, path: str) -> Optional[Ref]:
        # Recorded when the loading side can be asked for it: the standard library or an
        # installed distribution (a module of the user's own is not importable there anyway).
        if is_user_module(name, self.overrides) and name in sys.modules:
            return None
        if name in sys.modules:
            return self._module(sys.modules[name], path, [])
        dist = distribution_of(name)
        if dist is None:
            return None
        node_id = self.imports_by_name.get(name)
        if node_id is None:
            node_id = self._new_id(name, object())
            self.imports_by_name[name] = node_id
            self.nodes[node_id] = ImportNode(name, dist)
        return self._ref(node_id)

    def _cell(self, cell: Any, qualname: str, name: str, path: str) -> Ref:
        node_id = self.memo.get(id(cell))
        if node_id is not None:
            return self._ref(node_id)
        scope = qualname.rsplit(".<locals>.", 1)[0] if ".<locals>." in qualname else qualname
        node_id = self._new_id(f"cell.{scope}.{name}", cell)
        ref = self._ref(node_id)
        try:
            contents = cell.cell_contents
        except ValueError:
            self.nodes[node_id] = CellNode(empty=True)
            return ref
        self.nodes[node_id] = CellNode(self.value(contents, path, hint=name))
        return ref

    # ------------------------------------------------------------------------------- finish

    def capture(self, obj: Any) -> Payload:
        root = self.value(obj, "root", hint="root")
        for namespace in self.namespaces.values():
            self.nodes[namespace.node_id] = NamespaceNode(
                namespace.module, tuple(sorted(namespace.values.items()))
            )
        for node_id, names in self.submodules.items():
            node = self.nodes[node_id]
            assert isinstance(node, ImportNode)
            self.nodes[node_id] = dataclasses.replace(node, submodules=tuple(sorted(names)))
        nodes: Dict[str, Node] = {k: v for k, v in self.nodes.items() if v is not None}
        root, nodes = _inline_single_use(root, nodes, self.ref_counts)
        version = sys.version.split()[0]
        return Payload(
            root=root,
            nodes=nodes,
            requires_python=self.requires[0],
            requires_python_for=self.requires[1],
            written_by=f"srcpickle {__version__}, {sys.implementation.name} {version}",
        )


def _source_fields(info: SourceInfo) -> Dict[str, Any]:
    """The fields of a function or class node that describe its verified source."""
    return dict(
        source=info.source,
        line=info.line,
        indent=info.indent,
        scope=info.scope,
        file=info.file,
        future=info.future,
        imported=info.imported,
    )


def _inline_single_use(
    root: Value, nodes: Dict[str, Node], counts: Dict[str, int]
) -> Tuple[Value, Dict[str, Node]]:
    """Write containers referred to exactly once in place of their reference."""
    inline = {
        node_id: node.value
        for node_id, node in nodes.items()
        if isinstance(node, ValueNode) and counts.get(node_id, 0) == 1
    }

    # Past half the nesting a reader accepts, a container stays a section of its own, so that
    # deep data (a list nested 500 levels) is written as a chain of sections the reader takes.
    pending = [(v, 0) for v in [root]] + [
        (v, 0) for node_id, n in nodes.items() if node_id not in inline for v in node_values(n)
    ]
    while pending:
        value, depth = pending.pop()
        for ref in iter_refs(value):
            if ref.id in inline:
                if depth + 1 >= MAX_NESTING // 2:
                    pending.append((inline.pop(ref.id), 0))
                else:
                    pending.append((inline[ref.id], depth + 1))

    def sub(value: Value) -> Value:
        if type(value) in _SCALARS:
            return value
        if isinstance(value, Ref):
            return sub(inline[value.id]) if value.id in inline else value
        if isinstance(value, TupleValue):
            return TupleValue(tuple(sub(v) for v in value.items))
        if isinstance(value, ListValue):
            if all(type(v) in _SCALARS for v in value.items):
                return value
            return ListValue(tuple(sub(v) for v in value.items))
        if isinstance(value, SetValue):
            return SetValue(tuple(sub(v) for v in value.items))
        if isinstance(value, FrozenSetValue):
            return FrozenSetValue(tuple(sub(v) for v in value.items))
        if isinstance(value, DictValue):
            return DictValue(tuple((sub(k), sub(v)) for k, v in value.items))
        return value

    result = {node_id: map_values(node, sub) for node_id, node in nodes.items() if node_id not in inline}
    return sub(root), result


_OPERATOR_CLASSES = ("itemgetter", "attrgetter", "methodcaller")


def _date_arguments(obj: Any) -> Tuple[Tuple[Any, ...], Dict[str, Any]]:
    fields = ("year", "month", "day", "hour", "minute", "second", "microsecond")
    args = tuple(getattr(obj, f) for f in fields if hasattr(obj, f))
    extra = {}
    if getattr(obj, "tzinfo", None) is not None:
        extra["tzinfo"] = obj.tzinfo
    if getattr(obj, "fold", 0):
        extra["fold"] = obj.fold
    return args, extra


def _operator_arguments(obj: Any) -> Optional[Tuple[Tuple[Any, ...], Dict[str, Any]]]:
    # Both implementations print these as the call that makes them, operator.itemgetter(1, 0),
    # while their reduce results differ (PyPy's do not even load on CPython).
    try:
        call = _astparse.parse_expression(repr(obj)).body
        assert isinstance(call, ast.Call)
        args = tuple(ast.literal_eval(a) for a in call.args)
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    except (SyntaxError, ValueError, AssertionError):
        return None
    return args, kwargs


# Standard-library values written as the constructor call that makes them, readable and the
# same on every Python version (their __reduce__ results differ between versions): the class's
# (module, qualname) -> its arguments. Pathlib's classes live in pathlib._local on 3.13.
_CONSTRUCTORS: Dict[Tuple[str, str], Callable[[Any], Optional[Tuple[Tuple[Any, ...], Dict[str, Any]]]]] = {
    ("fractions", "Fraction"): lambda f: ((f.numerator, f.denominator), {}),
    ("decimal", "Decimal"): lambda d: ((str(d),), {}),
    ("_pydecimal", "Decimal"): lambda d: ((str(d),), {}),
    ("uuid", "UUID"): lambda u: ((str(u),), {}),
    ("datetime", "date"): _date_arguments,
    ("datetime", "datetime"): _date_arguments,
    ("datetime", "time"): lambda t: (
        (t.hour, t.minute, t.second, t.microsecond),
        {k: v for k, v in (("tzinfo", t.tzinfo), ("fold", t.fold)) if v},
    ),
    ("datetime", "timedelta"): lambda d: ((d.days, d.seconds, d.microseconds), {}),
    ("datetime", "timezone"): lambda z: (z.__getinitargs__(), {}),
    ("types", "SimpleNamespace"): lambda n: ((), dict(vars(n))),
    **{(m, n): _operator_arguments for m in ("operator", "_operator") for n in _OPERATOR_CLASSES},
    **{
        (module, name): (lambda p: ((str(p),), {}))
        for module in ("pathlib", "pathlib._local")
        for name in ("PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath")
    },
}


def _constructor_arguments(obj: Any) -> Optional[Tuple[Tuple[Any, ...], Dict[str, Any]]]:
    kind = type(obj)
    make = _CONSTRUCTORS.get((kind.__module__, kind.__qualname__))
    return None if make is None else make(obj)


def _in_order(items: Any) -> List[Any]:
    """A set's items in an order that does not depend on hashes or addresses, so that the nodes
    they become are made, and named, in the same order in every run (see ``set_order_key``)."""
    return sorted(items, key=set_order_key)


# How deep set_order_key looks into an object through its reduce value, and how much of each
# text it keeps: enough to tell set members apart by what they hold, bounded so that a large
# member costs little.
_KEY_DEPTH = 4
_KEY_CHARS = 2000
_KEY_ITEMS = 64
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def set_order_key(item: Any, depth: int = _KEY_DEPTH) -> Tuple[str, str]:
    """The sort key of a set member: its type, then its captured content as text.

    The text is the member's ``repr`` when that holds no address; otherwise (objects with the
    default repr) the repr without addresses followed by what the pickle reduce protocol captures
    of it (its arguments and state, recursively, ``depth`` levels deep). Members whose content is
    the same become nodes with the same content, whose order does not change the payload.
    """
    kind = type(item)
    name = f"{kind.__module__}.{kind.__qualname__}"
    try:
        text = repr(item)
    except Exception:  # noqa: BLE001 - a broken __repr__ only loses this part of the key
        text = ""
    if " at 0x" not in text:
        return name, text[:_KEY_CHARS]
    return name, _ADDRESS.sub("", text)[:_KEY_CHARS] + "|" + _reduced_text(item, depth)


def _reduced_text(item: Any, depth: int) -> str:
    if depth <= 0:
        return ""
    try:
        reduced = item.__reduce_ex__(4)
    except Exception:  # noqa: BLE001 - not reducible: the repr alone orders it
        return ""
    if not isinstance(reduced, tuple):
        return str(reduced)[:_KEY_CHARS]
    return "|".join(_part_text(part, depth - 1) for part in reduced[1:3])[:_KEY_CHARS]


def _part_text(value: Any, depth: int) -> str:
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_part_text(v, depth) for v in value[:_KEY_ITEMS]) + ")"
    if isinstance(value, dict):
        pairs = sorted(
            f"{_part_text(k, depth)}:{_part_text(v, depth)}" for k, v in list(value.items())[:_KEY_ITEMS]
        )
        return "{" + ",".join(pairs) + "}"
    name, text = set_order_key(value, depth)
    return f"{name}:{text}"


def _public_name(obj: Any) -> Tuple[Optional[str], Optional[str]]:
    """Where ``obj`` can be imported from, preferring the public module that exports it: a class
    of ``pathlib._local`` (3.13) is recorded as ``pathlib``'s, which every version has, and one
    of ``_operator`` (PyPy) as ``operator``'s."""
    module_name, qualname = _reference_name(obj)
    if module_name and qualname:
        parts = module_name.split(".")
        candidates = [".".join(parts[:end]) for end in range(1, len(parts))]
        if module_name.startswith("_"):
            candidates.append(module_name.lstrip("_"))
        for candidate in candidates:
            if _found(candidate, qualname, obj):
                return candidate, qualname
    return module_name, qualname


def _reference_name(obj: Any) -> Tuple[Optional[str], Optional[str]]:
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, types.ModuleType):
        return owner.__name__, obj.__name__
    if isinstance(obj, types.MethodType) and isinstance(owner, type):
        return owner.__module__, f"{owner.__qualname__}.{obj.__name__}"
    if isinstance(obj, _DESCRIPTORS):
        return obj.__objclass__.__module__, f"{obj.__objclass__.__qualname__}.{obj.__name__}"
    if getattr(obj, "__module__", None) is None and _found("builtins", getattr(obj, "__qualname__", ""), obj):
        return "builtins", obj.__qualname__  # PyPy's str.upper: a function with no module
    if isinstance(obj, _BUILTIN_CALLABLES) and owner is not None:
        if isinstance(owner, type):  # a class method of a built-in class
            return owner.__module__, f"{owner.__qualname__}.{obj.__name__}"
        return None, None  # a method bound to an instance
    return getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)


def _found(module_name: Optional[str], qualname: str, obj: Any) -> bool:
    """Whether importing ``module_name`` and following ``qualname`` gives back ``obj``."""
    found = _lookup(module_name, qualname)
    if found is obj:
        return True
    # A method bound to a class (datetime.fromisoformat) is a new object at each lookup.
    return isinstance(obj, (types.BuiltinMethodType, types.MethodType)) and found == obj


def _lookup(module_name: Optional[str], qualname: str) -> Any:
    if not module_name or "<locals>" in qualname:
        return None
    obj: Any = sys.modules.get(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    return obj


def _short_repr(obj: Any) -> str:
    text = object.__repr__(obj) if not isinstance(obj, type) else repr(obj)
    text = text.split(" at 0x")[0] + (">" if " at 0x" in text else "")
    return text if len(text) <= 80 else text[:77] + "..."
