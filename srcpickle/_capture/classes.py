"""Capture handlers for classes of the user's own.

A class is made again at load the way it was first made: by running its class statement again (so
decorators, metaclasses, ``__init_subclass__`` and ``__set_name__`` act as they did), by taking it
from the class statement it is nested in, or, for a class made by a call (``type(...)``, the
functional Enum API, ``make_dataclass``, ``namedtuple``), by making that call again.

That is only a way to get the class: the live class is the truth. Everything in its ``__dict__``
that making it again would not give back is carried as an ``attribute`` entry and set afterwards:
every function of the user's own (methods of the statement included, as function nodes whose code
is taken from the class's compiled statement, so that a method has one identity and its defaults,
attributes and cells are the captured ones), data changed or added after the definition, methods
and dunders assigned later, functions a decorator applied as a plain call added. The class's
virtual-subclass registrations (``ABC.register``) are carried too (see ``registrations``).
"""

from __future__ import annotations

import _thread
import abc
import ast
import collections
import enum
import re
import sys
import types
import weakref

from .._class_source import (
    capture_class_source,
    class_body_statements,
    class_functions,
    class_items,
    compiled_docstring,
    decorated_into_another_class,
    later_statement_of_name,
    mangled,
    self_named_bases,
    statement_can_generate,
)
from .._class_source import method_info as _method_info
from .._deps import found, is_library_file
from .._model import ClassNode, Ref, Value, replace
from .._rebuild.compiler import LOADED_CLASSES, creation_names, held_objects
from .._source import SourceInfo, file_lines, made_without_source, syntax_of
from ..errors import DumpError, SourceMismatchError, SourceUnavailableError, UnsupportedObjectError
from . import (
    SINGLETON_TYPES,
    Capturer,
    Need,
    Step,
    cell_suffix,
    id_suffix,
    is_function,
    sanitize,
    short_repr,
)
from .alike import alike_digest, scalar_text
from .functions import _in_container, typing_globals
from .modules import global_value
from .objects import call_into
from .references import library_name

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Set, Tuple

    from .._astparse import Annotations

# Attributes the interpreter, the standard library's class machinery (dataclasses, enum, typing,
# abc) or the class statement itself maintain; never carried as class state.
MANAGED = frozenset(
    {
        "__dict__",
        "__weakref__",
        "__module__",
        "__qualname__",
        "__doc__",
        "__slots__",
        "__annotations__",
        "__firstlineno__",
        "__static_attributes__",
        "__classcell__",
        "__classdictcell__",
        # copyreg's cache of a class's slot names, set when an instance is first pickled.
        "__slotnames__",
        # abc, typing.NamedTuple and typing.Protocol machinery, made again when the class is.
        "_fields",
        "_field_defaults",
        "_is_protocol",
        "_is_runtime_protocol",
    }
)
_IMMUTABLE = (int, float, complex, str, bytes, bool, type(None), tuple, frozenset)


def save_class(cap: Capturer, cls: type, need: Need) -> Step:
    """A class of the user's own (or one that cannot be imported by name)."""
    path = need.path
    if cls in SINGLETON_TYPES:
        # NoneType and friends have no importable name before 3.10: type(None), as pickle.
        node_id = cap.new_id(cls.__name__, cls)
        return (yield from call_into(cap, node_id, path, type, (SINGLETON_TYPES[cls],)))
    member = cap.members.get(id(cls))
    # Found once per class and capture, and handed down: each of the four steps below asked again.
    globals_ = _class_globals(cap, cls)
    try:
        info = capture_class_source(cls, globals_)
    except SourceUnavailableError as exc:
        made = yield from _made_by_call(cap, cls, globals_, path, exc)
        return made
    except (SourceMismatchError, UnsupportedObjectError) as exc:
        raise type(exc)(f"{exc} (found at {path})") from exc
    renamed = _rebound_base_name(cls, globals_, info, path)
    if renamed is not None:
        made = yield from _made_by_call(cap, cls, globals_, path, renamed)
        return made
    replacement = _replaced_by(cap, cls, globals_, info, path)
    if replacement is not None:
        # Running the statement at load gives only the class it binds: the one it replaced
        # goes as that one, or its state (what the replacement's machinery moved away, such
        # as a slot's field) would be set on, or deleted from, the class the statement binds.
        return (yield Need(replacement, path, cls.__name__))
    return (
        yield from _statement_class(cap, cls, globals_, path, info, member[0] if member else "", need.hint)
    )


def _replaced_by(
    cap: Capturer, cls: type, globals_: Dict[str, Any], info: SourceInfo, path: str
) -> Optional[type]:
    """The class that the statement of ``cls`` binds when it is another class made by the same
    statement: ``dataclass(slots=True)`` returns a new class, and the methods' ``__class__``
    cell (zero-argument ``super()``) holds the one it replaced (before Python 3.14).

    This is the one place that compares ``cls`` with what its statement's name binds now: a
    class whose decorators replaced it by a subclass is refused here, whichever way it was
    reached (the class itself, a function reading it, a method's ``__class__`` cell, the
    subclass's ``__bases__``).

    Raises:
        UnsupportedObjectError: a decorator of the statement replaced ``cls`` by a subclass of
            it, which is all that running the statement at load gives.
    """
    bound: Any = globals_
    for part in cls.__qualname__.split("."):
        if part == "<locals>":
            return None
        bound = bound.get(part) if isinstance(bound, dict) else vars(bound).get(part)
        if bound is None or (bound is not globals_ and not isinstance(bound, type)):
            return None
    if bound is cls or not isinstance(bound, type):
        return None
    try:
        other: Optional[SourceInfo] = capture_class_source(bound, globals_)
    except DumpError:
        other = None
    same = other is not None and (other.file, other.line, other.source) == (info.file, info.line, info.source)
    if same and cls not in bound.__mro__ and bound.__module__ == cls.__module__:
        return bound
    node = info.node
    assert isinstance(node, ast.ClassDef)
    if node.decorator_list and cls in bound.__mro__ and not _later_statement(cls, info, bound, globals_):
        # The decorators returned a subclass (made by type(), by a class statement of the
        # decorator's, in this module or another): running the statement again gives it, not cls.
        raise decorated_into_another_class(cls, node, bound, info.file, path)
    return None


def _rebound_base_name(
    cls: type, globals_: Dict[str, Any], info: SourceInfo, path: str
) -> Optional[SourceUnavailableError]:
    """Why the statement of ``cls`` cannot run again at load, when it reads its own name as a
    base (``class Tool(Tool):``) and that name binds another class now (the class itself): a
    payload's namespace holds one value per name, the one functions read now, so the statement
    would find the class it is about to make, not its base. ``cls`` then goes as the call that
    makes it, ``type(name, bases, namespace)``, with its bases as they are.

    Raises:
        UnsupportedObjectError: the statement passes keywords to ``__init_subclass__``, which
            that call cannot.
    """
    node = info.node
    if not isinstance(node, ast.ClassDef) or info.scope or len(node.bases) != len(cls.__bases__):
        return None
    for index in self_named_bases(node):
        if globals_.get(node.name) is not cls.__bases__[index]:
            keywords = _statement_keywords(node, globals_)
            if keywords is None:
                unknown = [k.arg or "**" for k in node.keywords if k.arg != "metaclass"]
                raise UnsupportedObjectError(
                    f"cannot capture class {cls.__qualname__}, found at {path}: its class statement "
                    "reads its own name as a base, which binds the class itself now, so it goes as "
                    "the call type(name, bases, namespace, **keywords) that makes it, and the values "
                    f"of the statement's keywords ({', '.join(unknown)}) are not known without running "
                    "it (only literals and names of the module's other globals are). Give the "
                    f"subclass a name of its own (class _{node.name}({node.name}, ...): ...; then "
                    f"{node.name} = _{node.name}), then dump again."
                )
            renamed = _SelfNamed(
                f"the class statement of {cls.__qualname__} reads its own name as a base, which "
                f"binds {short_repr(globals_.get(node.name))} now"
            )
            renamed.keywords = keywords
            return renamed
    return None


class _SelfNamed(SourceUnavailableError):
    """Why a self-named subclass goes as a call, with the keywords its statement passed to
    ``__init_subclass__`` (the call passes them again)."""

    keywords: Dict[str, Any] = {}


def _statement_keywords(node: ast.ClassDef, globals_: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    # The values of a class statement's keywords (but metaclass, which the call's callable is),
    # where the source tells them without running anything: a literal, or a name of another
    # global of the module (what it binds now); None when one is anything else.
    values: Dict[str, Any] = {}
    for keyword in node.keywords:
        if keyword.arg == "metaclass":
            continue
        if keyword.arg is None:
            return None
        try:
            values[keyword.arg] = ast.literal_eval(keyword.value)
            continue
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        name = keyword.value.id if isinstance(keyword.value, ast.Name) else None
        if name is None or name == node.name or name not in globals_:
            return None
        values[keyword.arg] = globals_[name]
    return values


def _holds_class(bound: Any, cls: type) -> bool:
    """Whether ``bound`` (what a decorated class statement's name binds, not a class) holds
    ``cls`` itself: in a closure cell, as ``__wrapped__`` or in its ``__dict__`` (the marks of a
    decorator that returned something made from the class, not a later rebinding of the name)."""
    held: List[Any] = []
    for cell in getattr(bound, "__closure__", None) or ():
        try:
            held.append(cell.cell_contents)
        except ValueError:  # (an empty cell)
            continue
    try:
        held.extend(vars(bound).values())
    except TypeError:  # (no __dict__)
        pass
    return any(item is cls for item in held)


def _assigned_later(info: SourceInfo, globals_: Dict[str, Any]) -> bool:
    # Whether a statement at the top of the class's file assigns its name after the class
    # statement (@register class Job, then Job = factory(Job)): that bound what the name holds
    # now, and the decorators may well have returned the class.
    node = info.node
    lines = file_lines(info.filename, globals_, None)
    if not lines or not isinstance(node, ast.ClassDef):
        return False
    end = getattr(node, "end_lineno", None) or node.lineno
    assignment = re.compile(rf"{re.escape(node.name)}\s*(?::[^=]*)?=(?!=)")
    return any(assignment.match(line) for line in lines[end:])


def _later_statement(cls: type, info: SourceInfo, bound: type, globals_: Dict[str, Any]) -> bool:
    # Whether ``bound`` (what the name of ``cls`` binds now) is what a later class statement of
    # the same name in the same scope made of ``cls`` (``class Tool(Tool):`` after ``@tagged
    # class Tool``): that statement rebound the name, no decorator replaced anything. Its own
    # source may not verify (its base's name binds it now), so the file's statements decide.
    if cls not in bound.__bases__:
        return False  # (a later statement over a decorator's subclass: still the decorator's)
    return later_statement_of_name(info, globals_)


# ----------------------------------------------------------------------- by class statement


def _class_digest(cls: type, info: SourceInfo) -> str:
    # What tells apart the classes one statement made several times (a factory's): its source,
    # the values its public data attributes and the cells of its methods of that source hold
    # (the factory's arguments), each as alike.function_digest counts a value. What Python or a
    # library adds (dunders, ``_abc_impl``, PyPy's ``_abc_cache``, a dataclass's exec-made
    # ``__init__``) differs between interpreters, and a payload names alike classes as one on
    # every Python: left out.
    parts = []
    for name, value in sorted(cls.__dict__.items()):
        function = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        # (PyPy's methods of built-in types are functions too, of no code object: values here)
        if isinstance(function, types.FunctionType) and type(function.__code__) is types.CodeType:
            if function.__code__.co_filename != info.filename:
                continue
            for var, cell in zip(function.__code__.co_freevars, function.__closure__ or ()):
                if var != "__class__":
                    try:
                        parts.append(f"{name}.{var}={scalar_text(cell.cell_contents)}")
                    except ValueError:  # an empty cell
                        parts.append(f"{name}.{var}")
        elif not name.startswith("_"):
            parts.append(f"{name}={scalar_text(value)}")
    return alike_digest(info.source, parts)


def _statement_class(
    cap: Capturer, cls: type, globals_: Dict[str, Any], path: str, info: SourceInfo, owner: str, hint: str
) -> Step:
    assert info.compiled is not None and isinstance(info.node, ast.ClassDef)
    base = sanitize(cls.__qualname__)
    # A class found under a name not its own (the classes of one factory, ``BigBox``) always
    # carries that name, as a function does (functions._place_id); the module's name only tells
    # apart a class of a qualname met before.
    suffix = id_suffix(cls, hint)
    module = cls.__module__
    if cls.__qualname__ == cls.__name__ and cls.__name__.isidentifier():
        # A class of its module's top level: named by that (see functions._place_id).
        if type(module) is str and module != cap.root_module and module != "__main__":
            node_id = cap.new_id(base, cls, module, always=True)
        else:
            node_id = cap.new_id(base, cls, suffix)
    elif suffix and suffix != module:
        if _in_container(path):
            # One of alike classes a global's container holds (``BOXES = [make_box(1), ...]``):
            # a digest of what it is, not its place among them (as functions._place_id names
            # alike functions), so an insertion renames none of the others.
            suffix = f"{suffix}-{_class_digest(cls, info)}"
        node_id = cap.new_id(base, cls, suffix, always=True)
    else:
        node_id = cap.new_id(base, cls, suffix if base in cap.nodes else "")
    own_suffix = cell_suffix(node_id[len(base) + 1 :])
    ref = cap.ref(node_id)
    cap.classes.append((node_id, cls))
    bound = globals_.get(cls.__name__) if cls.__qualname__ == cls.__name__ else None
    if info.node.decorator_list and bound is not cls and isinstance(bound, cls):
        # @singleton: the statement binds an instance; running it again at load gives no class.
        raise UnsupportedObjectError(
            f"cannot capture class {cls.__qualname__}, found at {path}: its class statement's "
            f"decorators made an instance of it ({cls.__name__} is {short_repr(bound)} in its "
            "module), so running the statement again would not give the class back. Make the "
            "instance with a call after the class statement, then dump again."
        )
    if (
        info.node.decorator_list
        and not isinstance(bound, type)
        and _holds_class(bound, cls)
        and not _assigned_later(info, globals_)
    ):
        # A decorator that returns a function (or another callable) holding the class: the
        # statement binds that at load too, and the class it made is out of reach.
        qualname = getattr(bound, "__qualname__", None)
        made = f"the {type(bound).__name__} {qualname}" if isinstance(qualname, str) else short_repr(bound)
        raise UnsupportedObjectError(
            f"cannot capture class {cls.__qualname__}, found at {path}: its class statement's "
            f"decorators replaced it by {made} ({cls.__name__} in its module), so "
            "running the statement again would not give the class back. Define the class under "
            f"a name of its own and apply the decorator with a call after it (class _{cls.__name__}: "
            f"...; {cls.__name__} = decorator(_{cls.__name__})), then dump again."
        )
    namespace = cap.namespace(globals_, cls.__module__)
    closure: List[Tuple[str, Value]] = []
    if not owner:
        syntax = syntax_of(info.node, info.file_text)
        version, what = syntax.requirement
        cap.needs_python(version, f"{what} in {cls.__qualname__}")
        keyword = keyword_requirement(info.node, globals_)
        if keyword is not None:
            cap.needs_python(keyword[0], f"{keyword[1]} in {cls.__qualname__}")
        union = evaluated_union(cls, info)
        if union is not None:
            cap.needs_python((3, 10), f"the annotation {union!r} in {cls.__qualname__}")
        elif syntax.bit_ors and cap.requires[0] < (3, 10):
            from .unions import written_union

            written = written_union(info, syntax.bit_ors, globals_, info.cells, True)
            if written is not None:
                cap.needs_python((3, 10), f"the union {written} in {cls.__qualname__}")
        all_chains = syntax.chains
        annotated = class_annotation_names(info)  # names only annotation strings read
        read = sorted(set(creation_names(info.compiled, everything=True)).union(annotated.names))
        for name in read:
            chains = all_chains.get(name, [])
            if name in annotated.chains:
                chains = sorted(set(chains).union(annotated.chains[name]))
            yield from global_value(
                cap, namespace, name, f"{path}.<globals>[{name!r}]", chains, info.bindings
            )
        typed = typing_globals(namespace, read)
        if typed:  # (PetList = List["Pet"]: what its strings name, see typehints.forward_globals)
            from .typehints import forward_globals  # (only then: issue 9)

            yield from forward_globals(cap, namespace, typed, path, info.bindings)
        for name, cell in info.cells:
            closure.append(
                (
                    name,
                    (
                        yield from _cell(
                            cap, cell, cls.__qualname__, name, f"{path}.<closure>[{name!r}]", own_suffix
                        )
                    ),
                )
            )
    entries, deleted = carried_state(cap, cls, info)
    attributes = yield from _attributes(cap, cls, node_id, info, entries, path)
    if owner:
        fields: Dict[str, Any] = dict(source="", line=info.line, in_class=owner)
    else:
        fields = source_fields_of(info)
        if info.scope and getattr(cls, "__type_params__", None):
            # (3.12+: a generic class in a class body, dumped without it)
            from .typeparams import scope_names_of

            scope_names = yield from scope_names_of(cap, cls, path)
            if scope_names:
                fields["scope_names"] = scope_names
    cap.nodes[node_id] = ClassNode(
        name=cls.__name__,
        qualname=cls.__qualname__,
        module=cls.__module__,
        namespace=namespace.node_id,
        **fields,
        closure=tuple(closure),
        attributes=tuple(attributes),
        deleted=tuple(deleted),
    )
    return ref


def _cell(cap: Capturer, cell: Any, qualname: str, name: str, path: str, suffix: str) -> Step:
    from .functions import save_cell

    return (yield from save_cell(cap, cell, qualname, name, path, [], suffix))


def _attributes(
    cap: Capturer,
    cls: type,
    node_id: str,
    info: Optional[SourceInfo],
    entries: List[Tuple[str, Any, bool]],
    path: str,
) -> Step:
    """The payload values of the carried ``entries`` (name, value, optional). An optional entry
    (data the class body made) that cannot be captured is left to the statement, which makes it
    again; the functions of the statement are captured as members of the class."""
    attributes: List[Tuple[str, Value]] = []
    for name, value, optional in entries:
        if info is not None:
            for inner in held_objects(value):
                if is_function(inner) and not cap.knows(inner):
                    method = method_info(info, inner)
                    if method is not None:
                        cap.members[id(inner)] = (node_id, method)
            if isinstance(value, type) and not cap.knows(value) and _nested_in(value, cls, name, info):
                cap.members[id(value)] = (node_id, None)
                # Made by the class statement under its name: captured (its own state is carried),
                # never set again.
                yield Need(value, f"{path}.{name}", name)
                continue
        if optional and not cap.knows(value) and not _capturable(cap, value):
            continue
        attributes.append((name, (yield Need(value, f"{path}.{name}", name))))
    return attributes


def _capturable(cap: Capturer, value: Any) -> bool:
    from . import probe_text

    try:
        probe_text(cap, value)
    except DumpError:
        return False
    return True


def _nested_in(value: type, cls: type, name: str, info: SourceInfo) -> bool:
    # A class made by a class statement directly in this class's body, under its own name.
    if value.__qualname__ != f"{cls.__qualname__}.{name}" or value.__name__ != name:
        return False
    assert isinstance(info.node, ast.ClassDef)
    return any(isinstance(s, ast.ClassDef) and s.name == name for s in class_body_statements(info.node))


# method_info's answers per code object, with the verified class statement each was found in:
# both are immutable, and a class verified again against the same lines, methods and bases is
# the same SourceInfo (see _class_source._proven_class_info), so a warm dumps of a class finds its
# methods' sources (and so their CodeFacts) without compiling or comparing anything again.
_METHODS: weakref.WeakKeyDictionary[types.CodeType, Tuple[SourceInfo, Optional[SourceInfo]]] = (
    weakref.WeakKeyDictionary()
)


def method_info(info: Optional[SourceInfo], fn: Any) -> Optional[SourceInfo]:
    """``_class_source.method_info``, answered once per class statement and method code object."""
    code = getattr(fn, "__code__", None)
    if info is None or type(code) is not types.CodeType:
        return _method_info(info, fn)
    try:
        known = _METHODS.get(code)
    except TypeError:  # PyPy's code objects may not be weakly referenceable
        return _method_info(info, fn)
    if known is not None and known[0] is info:
        return known[1]
    found_info = _method_info(info, fn)
    _METHODS[code] = (info, found_info)
    return found_info


def evaluated_union(cls: type, info: SourceInfo) -> Any:
    """A union made with | (``int | None``, Python 3.10) among the annotations the class statement
    evaluates when it runs again at load (its body's, its methods', a nested class's), which the
    capture does not carry as values; None when there is none (annotations kept as strings,
    ``from __future__ import annotations``, included)."""
    union_type = getattr(types, "UnionType", None)
    if union_type is None:
        return None
    values: List[Any] = []
    classes = [cls]
    while classes:
        current = classes.pop()
        prefix = f"{current.__qualname__}."
        held = vars(current)
        values.extend(_values_of(held.get("__annotations__")))
        for _, function in class_functions(current):
            # Only a def of the statement evaluated its annotations there.
            if function.__qualname__.startswith(prefix) and function.__code__.co_filename == info.filename:
                values.extend(_values_of(function.__annotations__))
        for value in list(held.values()):
            if isinstance(value, type) and str(getattr(value, "__qualname__", "")).startswith(prefix):
                classes.append(value)  # a class statement nested in this one
    while values:
        value = values.pop()
        if type(value) is union_type:
            return value
        arguments = None if isinstance(value, str) else getattr(value, "__args__", None)
        if type(arguments) is tuple:
            values.extend(arguments)  # list[int | None], Optional[...]
    return None


def _values_of(annotations: Any) -> List[Any]:
    return list(annotations.values()) if type(annotations) is dict else []


# Keyword arguments of the standard library's class machinery that a Python release added: a
# class statement passing one runs only from that release (its payload's requires-python says so,
# so that an older Python refuses it before anything runs, and check() says so).
KEYWORDS_ADDED: Dict[Tuple[str, str], Dict[str, Tuple[int, int]]] = {
    ("dataclasses", "dataclass"): {
        "match_args": (3, 10),
        "kw_only": (3, 10),
        "slots": (3, 10),
        "weakref_slot": (3, 11),
    },
    ("dataclasses", "field"): {"kw_only": (3, 10)},
    ("dataclasses", "make_dataclass"): {
        "match_args": (3, 10),
        "kw_only": (3, 10),
        "slots": (3, 10),
        "weakref_slot": (3, 11),
        "module": (3, 12),
    },
}


def keyword_requirement(
    statement: ast.AST, globals_: Dict[str, Any]
) -> Optional[Tuple[Tuple[int, int], str]]:
    """The newest Python a keyword of ``KEYWORDS_ADDED`` in ``statement`` needs, and the call it
    is in (``dataclass(slots=True)``); None when it passes none."""
    wanted = {}
    for (module_name, name), keywords in KEYWORDS_ADDED.items():
        function = getattr(sys.modules.get(module_name), name, None)
        if function is not None:
            wanted[id(function)] = (name, keywords)
    if not wanted:
        return None
    found: Optional[Tuple[Tuple[int, int], str]] = None
    for node in _keyword_calls(statement):
        entry = wanted.get(id(_named_object(node.func, globals_)))
        if entry is None:
            continue
        name, keywords = entry
        for keyword in node.keywords:
            version = keywords.get(keyword.arg or "")
            if version is not None and (found is None or version > found[0]):
                found = (version, f"{name}({keyword.arg}=...)")
    return found


# Per class statement (a node of one parse of one text: the node is the key), its calls that pass
# keywords: a walk of the whole statement at every dumps of the class was a tenth of its cost.
_KEYWORD_CALLS: weakref.WeakKeyDictionary[ast.AST, List[ast.Call]] = weakref.WeakKeyDictionary()


def _keyword_calls(statement: ast.AST) -> List[ast.Call]:
    calls = _KEYWORD_CALLS.get(statement)
    if calls is None:
        calls = [node for node in ast.walk(statement) if isinstance(node, ast.Call) and node.keywords]
        _KEYWORD_CALLS[statement] = calls
    return calls


def _named_object(expression: ast.AST, globals_: Dict[str, Any]) -> Any:
    # What a name (dataclass) or a module's attribute (dataclasses.dataclass) is in globals_;
    # nothing else is evaluated.
    if isinstance(expression, ast.Name):
        return globals_.get(expression.id)
    if isinstance(expression, ast.Attribute):
        owner = _named_object(expression.value, globals_)
        if isinstance(owner, types.ModuleType):
            return vars(owner).get(expression.attr)
    return None


def _class_globals(cap: Capturer, cls: type) -> Dict[str, Any]:
    """The globals a class statement ran in: where srcpickle loaded it, its methods' globals,
    the namespace the class was found in, its module's, in that order of trust."""
    loaded = LOADED_CLASSES.get(cls)
    if loaded is not None:
        return loaded[1]
    prefix = cls.__qualname__ + "."
    module_name = cls.__module__
    for _, fn in class_functions(cls):
        # A method of the class's own module: by the globals it runs in, not its __module__,
        # which functools.wraps copies onto a wrapper made in a decorator's module.
        if fn.__qualname__.startswith(prefix) and fn.__module__ == module_name:
            if fn.__globals__.get("__name__") == module_name:
                return fn.__globals__
    holder = cap.found_in.get(id(cls))
    if holder is not None and holder.get("__name__") == module_name:
        # The namespace it was found in, when that is its own module's (a script run by runpy:
        # no module object holds it); not an importer's (from usermod import Color).
        return holder
    module = sys.modules.get(cls.__module__)
    if module is not None and found(cls.__module__, cls.__qualname__, cls):
        return module.__dict__
    scope_globals = _scope_globals(cls, module_name)
    if scope_globals is not None:
        return scope_globals
    for candidate in _dicts_holding(cls):
        return candidate
    if module is not None:
        return module.__dict__
    return cap.orphans.setdefault(cls.__module__, {})


def _scope_globals(cls: type, module_name: str) -> Optional[Dict[str, Any]]:
    """The globals of the module that made ``cls``, a class with no method of its own, from a
    function of that module that ``cls``, its bases or its metaclass hold (a lambda of its
    statement's keywords that ``__init_subclass__`` kept, a method of a base, a bound method of
    another class): the functions of a module, those made in its functions included, run in its
    namespace. A script run by ``runpy.run_path`` is not ``sys.modules[__module__]``: a class made
    in one of its functions was looked for there, found in no file and made again by a ``type()``
    call (``__init_subclass__`` ran again without the statement's keywords), and one of its top
    level was taken from the copy of its namespace ``run_path`` returns, a second namespace
    section beside its functions'."""
    metaclass: type = type(cls)
    for owner in cls.__mro__ + metaclass.__mro__:
        if owner.__module__ != module_name:
            continue
        for _, fn in class_functions(owner):
            if fn.__module__ == module_name and fn.__globals__.get("__name__") == module_name:
                return fn.__globals__
    return None


def _dicts_holding(cls: type) -> List[Dict[str, Any]]:
    # The last resort for a class whose module object is not the dict it lives in (a script run
    # with runpy.run_path or cProfile, whose namespace is not sys.modules[__module__]): the
    # module-like dicts that hold it under its name.
    top = cls.__qualname__.split(".")[0]
    if "<locals>" in cls.__qualname__:
        # A class made in a function: its qualname's first part names that function, which no
        # dict binds to the class. gc.get_referrers walks every object of the process (a
        # method-less local class cost a dumps 23 ms per call with numpy and torch imported).
        return []
    import gc

    found_dicts = []
    for referrer in gc.get_referrers(cls):
        if (
            type(referrer) is dict
            and referrer.get("__name__") == cls.__module__
            and referrer.get(top) is cls
            and isinstance(referrer.get("__file__"), str)
        ):
            found_dicts.append(referrer)
    return found_dicts


# ----------------------------------------------------------------------------- class state


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _is_sunder(name: str) -> bool:
    return len(name) > 2 and name.startswith("_") and name.endswith("_") and not name.startswith("__")


def _mangle(name: str, class_name: str) -> str:
    owner = class_name.lstrip("_")
    if name.startswith("__") and not name.endswith("__") and owner:
        return f"_{owner}{name}"
    return name


def body_bindings(node: ast.ClassDef) -> Tuple[Set[str], Set[str], Dict[str, Any], Set[str]]:
    """What a class body binds (private names mangled, as in the class dict): every name, the
    names a ``def`` or ``class`` binds, the literal values of names assigned a literal, and the
    names assigned a value (``x: int`` alone binds nothing)."""
    names: Set[str] = set()
    defined: Set[str] = set()
    literals: Dict[str, Any] = {}
    valued: Set[str] = set()
    for statement in class_body_statements(node):
        targets: List[ast.AST] = []
        value = None
        if isinstance(statement, ast.Assign):
            targets, value = list(statement.targets), statement.value
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            targets, value = [statement.target], getattr(statement, "value", None)
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = _mangle(statement.name, node.name)
            names.add(name)
            defined.add(name)
            valued.add(name)
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    name = _mangle(sub.id, node.name)
                    names.add(name)
                    if value is not None:
                        valued.add(name)
            if (
                isinstance(target, ast.Name)
                and value is not None
                and not isinstance(statement, ast.AugAssign)
            ):
                try:
                    literals[_mangle(target.id, node.name)] = ast.literal_eval(value)
                except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                    pass
    return names, defined, literals, valued


# Where Enum's metaclass keeps the __new__ a body or a mixin defines, after it puts its own in its
# place: ``__new_member__`` up to 3.10 and on PyPy, ``_new_member_`` too from 3.11. The
# metaclass sets them whenever it makes the class, and each Python its own names: written, a
# payload held what its dumper's enum sets, and loaded elsewhere the function a second time.
_ENUM_NEW_NAMES = frozenset({"__new_member__", "_new_member_"})


def _generated(value: Any, own: Callable[[Optional[str]], bool]) -> bool:
    # A function made by exec() (dataclass's __init__) or one of a library (namedtuple's _make):
    # made by a decorator or a metaclass, which run again when the class is made again.
    # A wrapper (functools.wraps) takes the module of what it wraps: its code's file tells.
    inner = getattr(value, "__func__", value)
    # PyPy's builtin methods (object.__hash__) are functions whose code has no file: the
    # interpreter's, which no decorator made.
    filename = getattr(getattr(inner, "__code__", None), "co_filename", None)
    if filename is None:
        return False
    return (
        not own(getattr(inner, "__module__", None)) or is_library_file(filename) or made_without_source(inner)
    )


def _functions_in(value: Any) -> List[Any]:
    return [inner for inner in held_objects(value) if isinstance(inner, types.FunctionType)]


def carried_state(
    cap: Capturer,
    cls: type,
    info: Optional[SourceInfo],
    made: Set[str] = frozenset(),  # type: ignore[assignment]
) -> Tuple[List[Tuple[str, Any, bool]], List[str]]:
    """What of the live class making it again would not give back: ``(name, value, optional)``
    for each entry to set after the class is made (``optional``: data the body made, which the
    statement makes again when it cannot be captured), and the names the statement binds that
    the live class no longer has (deleted after the definition). ``made``: names the call that
    makes a class without a statement makes itself (``info`` is None then).

    Raises:
        UnsupportedObjectError: the class holds functions made by ``exec()`` outside its
            statement (a decorator applied as a plain call), which can be made neither way.
    """
    own = cap.is_user_module
    node = info.node if info is not None and isinstance(info.node, ast.ClassDef) else None
    if node is not None:
        names, defined, literals, valued = body_bindings(node)
    else:
        names, defined, literals, valued = set(), set(), {}, set()
    entries: List[Tuple[str, Any, bool]] = []
    outside: List[str] = []
    for name, value in class_items(cls):
        # _abc_*: the ABC caches (PyPy's pure-Python abc keeps several).
        if name in MANAGED or name in made or name.startswith("_abc_"):
            continue
        if isinstance(value, (types.MemberDescriptorType, types.GetSetDescriptorType)):
            continue
        if isinstance(cls, enum.EnumMeta) and (name in cls._member_map_ or name in _ENUM_NEW_NAMES):
            continue  # an Enum member, made again with its identity; or where Enum keeps __new__
        functions = _functions_in(value)
        if isinstance(value, type) and name in defined:
            entries.append((name, value, False))  # a nested class (see _attributes)
        elif functions and not isinstance(value, type):
            members = [f for f in functions if method_info(info, f) is not None] if info is not None else []
            if members or not any(_generated(f, own) for f in functions):
                entries.append((name, value, False))  # the user's: its identity and state
            elif statement_can_generate(cls, node):
                continue  # a decorator, metaclass or base made it, and makes it again
            elif node is not None and all(_library_function(f, own) for f in functions):
                # Nothing in the statement could make it: set after the definition, by a
                # library's function applied as a plain call (Vec = total_ordering(Vec)).
                entries.append((name, value, False))
            elif any(made_without_source(f) for f in functions):
                outside.append(name)
        elif name in defined:
            continue  # a decorator made it from a def (cached_property...): made again so
        elif name in valued:
            if name in literals:
                if (
                    type(value) is type(literals[name])
                    and value == literals[name]
                    and isinstance(value, _IMMUTABLE)
                ):
                    continue
                if type(value) is not type(literals[name]) and _machinery(value, cls, node, own):
                    continue  # replaced by the class's machinery (a NamedTuple field's default)
            entries.append((name, value, True))
        elif name in names and _machinery(value, cls, node, own):
            continue  # a field only annotated in the body, made by the machinery (NamedTuple)
        elif _is_dunder(name) or _is_sunder(name):
            if statement_can_generate(cls, node) or node is None:
                continue  # made by a decorator, metaclass or base, which run again at load
            if name == "__hash__" and value is None and "__eq__" in names:
                continue  # what type() does for a body that defines __eq__ and not __hash__
            entries.append((name, value, False))  # nothing else makes it: set later
        else:
            entries.append((name, value, False))  # set after the definition
    if outside:
        raise UnsupportedObjectError(
            f"class {cls.__qualname__} holds functions made outside its class statement by exec() "
            f"({', '.join(sorted(outside))}), with no source to capture: a decorator applied as a "
            f"plain call ({cls.__name__} = decorator({cls.__name__})), or a function typed at a "
            "prompt and set on the class? Apply the decorator in the class statement (@decorator) "
            "or define the function in a file, and dump again"
        )
    doc = cls.__dict__.get("__doc__")
    if node is not None and isinstance(doc, (str, type(None))):
        written = ast.get_docstring(node, clean=False)
        if written is not None and doc != written:
            written = compiled_docstring(written)  # 3.13 strips a docstring's indentation
        # Changed after the definition; a docstring the statement lacks may be its machinery's
        # (Enum gives one), which makes it again.
        if doc != written and (written is not None or not statement_can_generate(cls, node)):
            entries.append(("__doc__", doc, False))
    annotations = cls.__dict__.get("__annotations__")
    if node is not None and type(cls) is type and isinstance(annotations, dict):
        # Names annotated after the definition (C.__annotations__["b"] = str): the live ones.
        # (Only a plain class: a metaclass may merge its bases' annotations, as TypedDict does.)
        annotated = {
            mangled(statement.target.id, node.name)
            for statement in node.body
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
        }
        if set(annotations) != annotated:
            entries.append(("__annotations__", dict(annotations), False))
    deleted = sorted(name for name in valued if name not in vars(cls))
    return entries, deleted


def _library_function(fn: types.FunctionType, own: Callable[[Optional[str]], bool]) -> bool:
    # A library's function, importable by name (functools._gt_from_lt, set by total_ordering).
    module = getattr(fn, "__module__", None)
    return isinstance(module, str) and not own(module) and found(module, fn.__qualname__, fn)


def _machinery(
    value: Any, cls: type, node: Optional[ast.ClassDef], own: Callable[[Optional[str]], bool]
) -> bool:
    # An object of a library's type where the statement holds something else, in a class whose
    # decorators, metaclass or bases can replace it: the machinery's, made again at load.
    return statement_can_generate(cls, node) and not own(type(value).__module__)


# ----------------------------------------------------------------------------- made by a call


def _made_by_call(
    cap: Capturer, cls: type, globals_: Dict[str, Any], path: str, missing: SourceUnavailableError
) -> Step:
    """A class without a class statement, as the call that makes it: ``namedtuple``, the
    functional Enum API, ``make_dataclass``, else ``type(name, bases, namespace)`` (its
    metaclass called as ``type()`` would be)."""
    node_id = cap.new_id(cls.__qualname__, cls)
    ref = cap.ref(node_id)
    cap.classes.append((node_id, cls))
    namespace = cap.namespace(globals_, cls.__module__)
    make_id = cap.new_id(f"{cls.__qualname__}.make", object())
    cap.ref(make_id)
    made: Set[str]
    if issubclass(cls, tuple) and hasattr(cls, "_fields") and hasattr(cls, "_make"):
        fields = tuple(getattr(cls, "_fields"))  # noqa: B009 - not in type's stubs
        defaults = tuple(getattr(cls, "_field_defaults").values()) or None  # noqa: B009
        options: Dict[str, Any] = {"defaults": defaults}
        if any(field.startswith("_") for field in fields):
            # Fields namedtuple(rename=True) named _1, _2 (a keyword, a duplicate): only rename
            # accepts them, and it gives each back as it is, since it names a field by its index.
            options["rename"] = True
        yield from call_into(cap, make_id, path, collections.namedtuple, (cls.__name__, fields), options)
        made = set(fields) | {
            "__new__",
            "__repr__",
            "__getnewargs__",
            "_make",
            "_replace",
            "_asdict",
            "__match_args__",
        }
    elif isinstance(cls, enum.EnumMeta):
        yield from _enum_call(cap, cls, make_id, path)
        made = set(cls._member_map_)
    elif "__dataclass_fields__" in vars(cls):
        made = yield from _dataclass_call(cap, cls, make_id, path)
    elif _typed_dict_function(cls) is not None:
        # Point = TypedDict("Point", {"x": int}): its metaclass called as type() refuses the
        # dict base it gives its classes, so the functional form is called again.
        annotations = dict(vars(cls).get("__annotations__", {}))
        total = {} if getattr(cls, "__total__", True) else {"total": False}
        function = _typed_dict_function(cls)
        yield from call_into(cap, make_id, path, function, (cls.__name__, annotations), total)
        made = set(vars(cls))
    else:
        made = yield from _type_call(cap, cls, make_id, path, missing)
    entries = carried_state(cap, cls, None, made)[0]
    if "__annotations__" in vars(cls) and "__annotations__" not in made:
        entries.append(("__annotations__", dict(vars(cls)["__annotations__"]), False))
    attributes = yield from _attributes(cap, cls, node_id, None, entries, path)
    cap.nodes[node_id] = ClassNode(
        name=cls.__name__,
        qualname=cls.__qualname__,
        module=cls.__module__,
        namespace=namespace.node_id,
        source="",
        line=1,
        made_by=Ref(make_id),
        attributes=tuple(attributes),
    )
    return ref


def _typed_dict_function(cls: type) -> Any:
    # The TypedDict function of the module whose metaclass made cls (typing, typing_extensions).
    meta = type(cls)
    if meta.__name__ != "_TypedDictMeta":
        return None
    return getattr(sys.modules.get(meta.__module__), "TypedDict", None)


def _enum_call(cap: Capturer, cls: Any, make_id: str, path: str) -> Step:
    bases = [b for b in cls.__bases__ if isinstance(b, enum.EnumMeta)]
    mixins = [b for b in cls.__bases__ if not isinstance(b, enum.EnumMeta)]
    if len(bases) != 1 or len(mixins) > 1:
        raise cap.unsupported(cls, path, "an Enum made by a call with several bases cannot be made again")
    names = [(name, member._value_) for name, member in cls._member_map_.items()]
    options: Dict[str, Any] = {}
    if mixins:
        options["type"] = mixins[0]
    yield from call_into(cap, make_id, path, bases[0], (cls.__name__, names), options)


def _dataclass_call(cap: Capturer, cls: Any, make_id: str, path: str) -> Step:
    import dataclasses  # a dataclass exists: imported already (not on every first dumps' way)

    annotations = vars(cls).get("__annotations__", {})
    fields: List[Tuple[Any, ...]] = []
    for item in dataclasses.fields(cls):
        if item.name not in annotations:
            continue  # inherited from a base
        if field_options(item):
            fields.append((item.name, item.type, item))  # written as the field(...) call
        else:
            fields.append((item.name, item.type))
    params = cls.__dataclass_params__
    options = {
        key: getattr(params, key)
        for key, default in (
            ("init", True),
            ("repr", True),
            ("eq", True),
            ("order", False),
            ("unsafe_hash", False),
            ("frozen", False),
        )
        if getattr(params, key) != default
    }
    bases = tuple(b for b in cls.__bases__ if b is not object)
    if bases:
        options["bases"] = bases
    yield from call_into(cap, make_id, path, dataclasses.make_dataclass, (cls.__name__, fields), options)
    return {f.name for f in dataclasses.fields(cls)} | set(_DATACLASS_MADE)


_DATACLASS_MADE = (
    "__init__",
    "__repr__",
    "__eq__",
    "__hash__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__setattr__",
    "__delattr__",
    "__match_args__",
    "__dataclass_fields__",
    "__dataclass_params__",
)


def field_options(item: Any) -> Dict[str, Any]:
    """The options of a dataclass field that differ from ``dataclasses.field()``'s defaults."""
    import dataclasses

    options: Dict[str, Any] = {}
    if item.default is not dataclasses.MISSING:
        options["default"] = item.default
    if item.default_factory is not dataclasses.MISSING:
        options["default_factory"] = item.default_factory
    for key, default in (("init", True), ("repr", True), ("hash", None), ("compare", True)):
        if getattr(item, key) != default:
            options[key] = getattr(item, key)
    if item.metadata:
        options["metadata"] = dict(item.metadata)
    if getattr(item, "kw_only", False) is True:
        options["kw_only"] = True
    return options


def _type_call(cap: Capturer, cls: type, make_id: str, path: str, missing: SourceUnavailableError) -> Step:
    if not cap.is_user_module(cls.__module__) and _built_in(cls):
        # A built-in class of a library that cannot be named (PyPy's _thread.lock): a class of
        # the same name made from its dict would be something else.
        raise cap.unsupported(cls, path, f"it is not importable as {cls.__module__}.{cls.__qualname__}")
    # The names type() reads first, in a fixed order (PyPy's class dicts order them otherwise).
    namespace: Dict[str, Any] = {k: vars(cls)[k] for k in ("__module__", "__doc__") if k in vars(cls)}
    for name, value in vars(cls).items():
        if name in _NOT_FOR_TYPE or name.startswith("_abc_"):
            continue
        if isinstance(value, (types.MemberDescriptorType, types.GetSetDescriptorType)):
            continue
        namespace[name] = value
    namespace["__qualname__"] = cls.__qualname__
    functions = [f for value in namespace.values() for f in _functions_in(value)]
    if any(made_without_source(f) for f in functions):
        raise SourceUnavailableError(
            f"{missing}; it holds functions made by exec() that have no source either"
        )
    keywords = missing.keywords if isinstance(missing, _SelfNamed) else _loaded_keywords(cls)
    if keywords is None and cls not in LOADED_CLASSES:
        _refuse_unknown_keywords(cap, cls, path, missing)
    yield from call_into(cap, make_id, path, type(cls), (cls.__name__, cls.__bases__, namespace), keywords)
    return set(namespace)


def _refuse_unknown_keywords(cap: Capturer, cls: type, path: str, missing: SourceUnavailableError) -> None:
    """Refuse ``cls``, going as a ``type()`` call without keywords, when the code that call runs
    again (a base's ``__init_subclass__``, its metaclass's ``__new__`` or ``__init__``, of the
    user's own) takes keywords by name: the class statement or call that made it may have passed
    some (``class Local(Base, hook=len)``, run in a namespace no file holds), which the class does
    not keep, and the call would run that code with their defaults instead (``Local.hook`` was
    ``staticmethod(None)`` at load, with no error).

    Raises:
        UnsupportedObjectError: such code takes keywords.
    """
    hooks = []
    for base in cls.__mro__[1:]:
        if "__init_subclass__" in vars(base):
            hooks.append((f"{base.__qualname__}.__init_subclass__", vars(base)["__init_subclass__"], 1))
            break
    metaclass: type = type(cls)
    for name in ("__new__", "__init__"):
        owner = next((m for m in metaclass.__mro__ if name in vars(m)), type)
        if owner is not type:
            hooks.append((f"{owner.__qualname__}.{name}", vars(owner)[name], 4))
    for hook_name, hook, positional in hooks:
        function = getattr(hook, "__func__", hook)
        if not isinstance(function, types.FunctionType) or not cap.is_user_module(function.__module__):
            continue
        names = _keyword_parameters(function.__code__, positional)
        if names:
            raise UnsupportedObjectError(
                f"cannot capture class {cls.__qualname__}, found at {path}: {missing}, so it goes "
                f"as the call {type(cls).__name__}(name, bases, namespace) that makes it, which runs "
                f"{hook_name} again, and that takes keywords ({', '.join(names)}) that the class "
                "statement or call that made the class may have passed: the class does not keep "
                "them, and making it again without them would give another class. Define the class "
                "with a class statement in a file (a script, a module or a notebook cell), then "
                "dump again."
            )


def _keyword_parameters(code: types.CodeType, positional: int) -> List[str]:
    # The parameters of ``code`` a call can pass by keyword, but the first ``positional`` (cls;
    # mcs, name, bases, namespace): those a class statement's keywords reach.
    first = max(positional, code.co_posonlyargcount)
    return list(code.co_varnames[first : code.co_argcount + code.co_kwonlyargcount])


def _loaded_keywords(cls: type) -> Optional[Dict[str, Any]]:
    # The keywords a class loaded from a payload was made with (its type() call's): none when
    # the loader was never imported, so no class was loaded.
    loader = sys.modules.get("srcpickle._rebuild.classes")
    if loader is None:
        return None
    try:
        return loader.CLASS_KEYWORDS.get(cls)  # type: ignore[no-any-return]
    except TypeError:  # (a metaclass whose instances cannot be weakly referenced or hashed)
        return None


# What type() makes itself, and what the compiler of one Python sets (3.13's line and attribute
# names of a class statement): a namespace holding them would carry one Python's into another.
_NOT_FOR_TYPE = frozenset(
    {"__dict__", "__weakref__", "__module__", "__doc__", "__firstlineno__", "__static_attributes__"}
)


def _built_in(cls: type) -> bool:
    # Methods implemented in C (or RPython): an extension type, not a class made by a call
    # (types.new_class names the types module, whatever code called it).
    python_level = (types.FunctionType, staticmethod, classmethod, property, type)
    return any(
        callable(value) and not isinstance(value, python_level)
        for name, value in vars(cls).items()
        if name not in ("__new__", "__init_subclass__", "__class_getitem__")
    )


# ------------------------------------------------------------------------------ registrations


def abc_registry(cls: type) -> List[type]:
    """The classes registered with the ABC ``cls`` as virtual subclasses (directly)."""
    if not isinstance(cls, abc.ABCMeta):
        return []
    get_dump = getattr(sys.modules.get("_abc"), "_get_dump", None)
    if get_dump is not None and hasattr(cls, "_abc_impl"):
        found_classes = [ref() for ref in get_dump(cls)[0]]
    else:
        found_classes = list(getattr(cls, "_abc_registry", ()))
    return [c for c in found_classes if isinstance(c, type)]


def registered_with(
    cls: type, candidates: List[type], library: Optional[Dict[int, List[Tuple[Any, type]]]] = None
) -> List[type]:
    """The ABCs among ``candidates`` that ``cls`` was registered with, in a stable order; with
    ``library`` (``library_registrations``'s index), the standard library's ABCs too."""
    found_abcs = {
        id(candidate): candidate
        for candidate in candidates
        if candidate is not cls and cls in abc_registry(candidate)
    }
    for member, owner in (library or {}).get(id(cls), ()):
        if member() is cls and owner is not cls:
            found_abcs.setdefault(id(owner), owner)
    return sorted(found_abcs.values(), key=lambda c: (c.__module__, c.__qualname__))


def registry_by_reference(cap: Capturer, cls: type) -> List[type]:
    """The classes registered with the ABC ``cls`` that go by reference (a built-in, a library's
    class), in a stable order. A class of the user's own registered with it says so from its own
    section (``registered_with``), when the payload holds it.

    Raises:
        UnsupportedObjectError: a registered class of a library cannot be imported by name
            (``type({}.keys())``): the registration could not be made again at load.
    """
    members: List[type] = []
    for member in abc_registry(cls):
        if library_name(cap, member) is not None:
            members.append(member)
        elif not cap.is_user_module(member.__module__):
            raise UnsupportedObjectError(
                f"cannot capture the ABC {cls.__qualname__}: {member.__module__}.{member.__qualname__} "
                "is registered with it as a virtual subclass and cannot be imported by that name, so "
                "the registration could not be made again at load. Register an importable class "
                "instead (or leave this one out), then dump again."
            )
    return sorted(members, key=lambda c: (c.__module__, c.__qualname__))


# The standard library's modules that define abstract types.
ABC_MODULES = ("collections.abc", "numbers", "io", "os", "contextlib", "typing")
# library_registrations' index, with what it was made from: the abc cache token (every
# ABC.register() moves it), the ABC modules imported and the values their dicts held.
_LIBRARY: List[Any] = [None]
_LIBRARY_LOCK = _thread.allocate_lock()


def library_registrations() -> Dict[int, List[Tuple[Any, type]]]:
    """The standard library's ABCs each class is registered with, by the id() of the class,
    each as (a weak reference to the class, the ABC): made again only when a class was
    registered with an ABC anywhere, or one of those modules changed (every dumps of a class
    asks, and scanning the modules and asking every ABC for its registry costs a warm dumps
    of a small class a third of its time)."""
    token = abc.get_cache_token()
    modules = tuple(sys.modules.get(name) for name in ABC_MODULES)
    # (the values themselves: a name bound to another object changes the tuple, not its length)
    contents = tuple(tuple(vars(module).values()) if module is not None else () for module in modules)
    with _LIBRARY_LOCK:
        known = _LIBRARY[0]
    # Tuples compare their items by identity first: unchanged modules cost no __eq__ call.
    if known is not None and known[0] == token and known[1] == modules and known[2] == contents:
        index: Dict[int, List[Tuple[Any, type]]] = known[3]
        return index
    index = {}
    for owner in standard_abcs():
        for member in abc_registry(owner):
            index.setdefault(id(member), []).append((weakref.ref(member), owner))
    with _LIBRARY_LOCK:
        _LIBRARY[0] = (token, modules, contents, index)
    return index


def standard_abcs() -> List[type]:
    """The ABCs of the standard library's abstract-type modules that are imported."""
    found_abcs: List[type] = []
    for name in ABC_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        for value in vars(module).values():
            if isinstance(value, abc.ABCMeta) and value not in found_abcs:
                found_abcs.append(value)
    return found_abcs


def add_registrations(cap: Capturer) -> None:
    """Record, in the sections of the classes ``cap`` captured by value, the ABCs each was
    registered with (``ABC.register``) and the classes registered with each."""
    # The ABCs each class captured by value was registered with (ABC.register): the ABCs of the
    # payload and of the standard library's abstract-type modules. Capturing them may bring in
    # more classes, whose registrations are looked up in turn.
    if not cap.classes:
        return  # no class by value: nothing to look up (the library's ABCs cost a scan)
    done: Set[str] = set()
    library = library_registrations()
    while True:
        pending = [(node_id, cls) for node_id, cls in cap.classes if node_id not in done]
        if not pending:
            return
        # Each class once (a class by value is in both cap.classes and cap.keep), by identity.
        found = [cls for _, cls in cap.classes] + [c for c in cap.keep if isinstance(c, type)]
        candidates = list({id(c): c for c in found}.values())
        for node_id, cls in pending:
            done.add(node_id)
            abcs = registered_with(cls, candidates, library)
            # A class by reference (tuple, a library's) has no section to say it was registered
            # with an ABC of the user's: the ABC's own section lists it (format 3).
            members = registry_by_reference(cap, cls)
            if not abcs and not members:
                continue
            node = cap.nodes[node_id]
            assert isinstance(node, ClassNode)
            values = tuple(cap.value(owner, f"{cls.__qualname__}.<registered with>") for owner in abcs)
            registry = tuple(cap.value(member, f"{cls.__qualname__}.<registry>") for member in members)
            cap.nodes[node_id] = replace(node, registered_with=values, registry=registry)


def class_annotation_names(info: SourceInfo) -> Annotations:
    """The globals the annotations of the class statement ``info`` (and of the classes nested in
    it) name, with the attribute chains followed from each: ``dataclasses``,
    ``typing.get_type_hints`` and pydantic evaluate them in the class's module when they are
    strings (``from __future__ import annotations``, or quoted), which the class statement never
    does. A name the module never bound (an import only for type checkers) is left out by the
    capture of globals, as for a function's annotations. (Here, not in ``functions``: only classes
    need it, and a first dumps of functions imports ``functions``, issue 9.)"""
    from .._annotated import class_annotations

    return class_annotations(info.node)


def source_fields_of(info: SourceInfo) -> Dict[str, Any]:
    """The fields of a class node that describe its verified source."""
    return dict(
        source=info.source,
        line=info.line,
        indent=info.indent,
        scope=info.scope,
        file=info.file,
        future=info.future,
        imported=info.imported,
    )
