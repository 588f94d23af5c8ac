"""Recover and verify the source of a class: its statement (or the call that made it), and the
functions in it.

Split from ``_source`` (issue 9): only a ``dumps`` that meets a class needs this part, and a first
``dumps`` of functions and data should not import it. Uses ``_source``'s parse of each file.

Must never return a source it has not verified.
"""

from __future__ import annotations
import __future__

import _thread
import abc
import ast
import functools
import sys
import types
import weakref

from . import _astparse
from ._deps import is_library_file
from ._rebuild.compiler import (
    LOADED_CLASSES,
    compile_source,
    creation_names,
    held_objects,
    loaded_file,
    member_code,
)
from ._source import (
    SourceInfo,
    _display_name,
    _imported_choices,
    _inner_parts,
    _outer_parts,
    _parsed,
    _ParsedFile,
    cached_lines,
    cut_block,
    file_lines,
    parameters,
    same_code,
    same_constant,
    same_lines,
    syntax_of,
)
from ._source_errors import _describe_missing
from ._twins import NOT_LITERAL, _literal
from .errors import SourceMismatchError, SourceUnavailableError, UnsupportedObjectError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple


# The module of loads(typecheck=True)'s wrappers, looked up (never imported: it imports typing).
_TYPECHECK_MODULE = __name__.rpartition(".")[0] + "._typecheck"


def class_items(cls: type) -> List[Tuple[str, Any]]:
    """A copy of the items of ``cls.__dict__``, with the functions ``loads(typecheck=True)`` put
    its checking wrappers in place of given back (a class loaded so dumps as it was loaded)."""
    items = list(vars(cls).items())
    typecheck = sys.modules.get(_TYPECHECK_MODULE)
    replaced = typecheck.REPLACED.get(cls) if typecheck is not None else None
    if replaced:
        items = [
            (name, replaced[name][1] if name in replaced and replaced[name][0] is value else value)
            for name, value in items
        ]
    return items


def class_functions(cls: type) -> List[Tuple[str, types.FunctionType]]:
    """The functions in ``cls.__dict__``, looking through staticmethod, classmethod and property."""
    found = []
    # A copy: what a class attribute's code does when read must not change what is walked.
    for name, value in class_items(cls):
        for inner in held_objects(value):
            # (PyPy's built-in classes have functions of builtin code, with no source.)
            if isinstance(inner, types.FunctionType) and isinstance(inner.__code__, types.CodeType):
                found.append((name, inner))
    return found


def _from_statement(fn: types.FunctionType, cls: type, filename: str, node: ast.ClassDef) -> bool:
    code = fn.__code__
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    if not first <= code.co_firstlineno <= (node.end_lineno or 0):
        return False
    if code.co_filename == filename:
        return True
    # A function the statement's decorator lines made that the class keeps (cls.key = the
    # lambda of @register(key=lambda v: -v + offset)) was written in a section of its own: a
    # loaded class keeps the one built from that section, compiled in a synthetic file of its own
    # at its line in the statement. It is code of the statement all the same (its closure holds
    # the cells the statement reads), when it was loaded into the class's namespace from the
    # class's file.
    loaded = LOADED_CLASSES.get(cls)
    origin = loaded_file(filename)
    return (
        loaded is not None
        and fn.__globals__ is loaded[1]
        and origin is not None
        and loaded_file(code.co_filename) == origin
    )


def _class_files(
    cls: type, methods: List[Tuple[str, types.FunctionType]], globals_: Optional[Dict[str, Any]]
) -> List[str]:
    # Where the class statement may be: the file srcpickle loaded it from; the file of the
    # namespace it was found in (a script run by runpy or cProfile is not sys.modules[__main__]);
    # the files of methods that carry its qualname (a module that is gone, a notebook cell); its
    # module's file.
    loaded = LOADED_CLASSES.get(cls)
    if loaded is not None:
        return [loaded[0]]
    files: List[str] = []
    namespace_file = (globals_ or {}).get("__file__")
    if isinstance(namespace_file, str) and namespace_file:
        files.append(namespace_file)
    for _, fn in methods:
        name = fn.__code__.co_filename
        if fn.__qualname__.startswith(cls.__qualname__ + ".") and name not in files:
            files.append(name)
    module_file = getattr(sys.modules.get(cls.__module__), "__file__", None)
    if isinstance(module_file, str) and module_file not in files:
        files.append(module_file)
    return files


def capture_class_source(cls: type, globals_: Optional[Dict[str, Any]] = None) -> SourceInfo:
    """Find and verify the class statement of ``cls``: every method it defines must compile to
    the live method's code, and its bases, metaclass and annotations must be the live class's
    (``globals_``: the namespace the class lives in, where its bases are looked up).

    Raises:
        SourceUnavailableError: no source file holds the class.
        SourceMismatchError: the class statement found does not match the live methods.
    """
    methods = class_functions(cls)
    files = _class_files(cls, methods, globals_)
    for filename in files:
        codes = (f.__code__ for _, f in methods if f.__code__.co_filename == filename)
        lines = file_lines(filename, globals_, next(codes, None))
        if lines and cls.__name__ in _parsed_or_none(filename, lines):
            try:
                return _verified_class(cls, methods, filename, lines, globals_)
            except SourceMismatchError:
                # linecache's lines may be a text the file no longer holds (see reread_lines)
                from ._lines import reread_lines

                fresh = reread_lines(filename, globals_, lines)
                if fresh is None or cls.__name__ not in _parsed_or_none(filename, fresh):
                    raise
                return _verified_class(cls, methods, filename, fresh, globals_)
    if files and any(cached_lines(f) for f in files):
        reason = f"{_display_name(files[0])} holds no class statement named {cls.__name__}"
        advice = (
            "If it was made by a call (type(), a class factory), make it with a class statement, "
            "or with one of the calls srcpickle repeats: namedtuple, the functional Enum API, "
            "dataclasses.make_dataclass, type(name, bases, namespace)."
        )
    else:
        reason = _describe_missing(files[0], globals_) if files else "its module has no file"
        advice = "Define it in a file (a script, a module or a notebook cell) and dump it again."
    raise SourceUnavailableError(f"cannot find the source of class {cls.__qualname__}: {reason}. {advice}")


def _parsed_or_none(filename: str, lines: List[str]) -> Dict[str, List[Tuple[str, ast.ClassDef]]]:
    try:
        return _parsed(filename, lines).classes
    except SyntaxError:
        return {}


def _verified_class(
    cls: type,
    methods: List[Tuple[str, types.FunctionType]],
    filename: str,
    lines: List[str],
    globals_: Optional[Dict[str, Any]] = None,
) -> SourceInfo:
    try:
        parsed = _parsed(filename, lines)
    except SyntaxError as exc:
        raise SourceMismatchError(
            f"the file of class {cls.__qualname__} ({filename}) no longer parses: it was edited "
            "after import. Re-import the module and dump again."
        ) from exc
    candidates = sorted(parsed.classes.get(cls.__name__, []), key=lambda c: c[0] != cls.__qualname__)
    original = loaded_file(filename)
    file = original if original is not None else _display_name(filename)
    # The class's own methods in this file: the statement that defines them is the one (methods
    # made by exec, a dataclass's __init__, name no statement and decide nothing).
    in_file = [f for _, f in methods if f.__code__.co_filename == filename and _defined_in(f, cls)]
    # A statement whose bases, metaclass or annotations are not the live class's is another
    # definition of the same name (the other branch of an if, a later redefinition).
    consistent = [c for c in candidates if _consistent_with(cls, c[1], parsed, globals_)]
    if consistent or len(candidates) > 1:
        candidates = consistent
    elif candidates and globals_ is not None and not parsed.scopes.get(id(candidates[0][1]), ""):
        named = _other_bases(cls, candidates[0][1], globals_)
        made_from = _same_named_base(cls) if named is not None else None
        if made_from is not None and candidates[0][1].decorator_list:
            raise decorated_into_another_class(made_from, candidates[0][1], cls, file)
        if made_from is not None:
            # The statement made its base; cls itself was made by a call (type(name, (base,),
            # ...)) under the same name, which the caller repeats as for any class made so.
            raise SourceUnavailableError(
                f"the class statement {cls.__name__} in {file} made a base of class "
                f"{cls.__qualname__}, not the class itself"
            )
        if named is not None:
            raise SourceMismatchError(
                f"class {cls.__qualname__} has the bases {_class_names(cls.__bases__)}, but its class "
                f"statement in {file} names {_class_names(named)}: its __bases__ were assigned after "
                "the statement ran, or a name of a base was bound to another class since. Loading "
                "runs the statement, which would make a class with other bases. Define the class "
                "with the bases it has, then dump again."
            )
    if len(candidates) > 1:
        candidates = _ranked_statements(cls, candidates, parsed, bool(in_file), file)
    first_line = cls.__dict__.get("__firstlineno__")
    for _, node in candidates:
        own = [(n, f) for n, f in methods if _from_statement(f, cls, filename, node)]
        if in_file and not own:
            continue
        info = _proven_class_info(cls, node, own, parsed, filename, file)
        if info is not None:
            if type(first_line) is int and not _started_at(first_line, node, parsed.classes[cls.__name__]):
                # 3.13+ keeps where the statement started, its decorators included: a decorator
                # line added or removed above it since (a line replaced, its methods staying
                # where they were) runs at load, and the live class never had it.
                raise SourceMismatchError(
                    f"class {cls.__qualname__} was defined by a statement that starts at line "
                    f"{first_line} of {file}, decorators included, but its statement there now "
                    f"starts at line {_first_line(node)}: a decorator was added or removed after "
                    "import, and loading runs the statement's decorators. Re-run or re-import the "
                    "code so that it matches the file, then dump again."
                )
            return info
    raise SourceMismatchError(
        f"the source of class {cls.__qualname__} in {file} does not match the live class: the file "
        "was edited after the class was defined (or its bases were changed since). Re-run or "
        "re-import the code so that it matches the file, then dump again."
    )


def _ranked_statements(
    cls: type,
    candidates: List[Tuple[str, ast.ClassDef]],
    parsed: _ParsedFile,
    has_methods: bool,
    file: str,
) -> List[Tuple[str, ast.ClassDef]]:
    """The class statements that may have made ``cls``, the likeliest first.

    Several statements of one name (a class redefined, or defined in both branches of an if)
    whose bases, metaclass and annotations all fit: the class's methods decide among them (see
    _class_info), but a class without methods of this file (``class Zero: value = 0.0``, a
    dataclass whose methods are made by exec) has none. Then the statement's first line decides
    (3.13+ keeps it as ``__firstlineno__``), else the literal values the body assigns, which
    must be the class's own; statements that still differ (other than in comments and layout)
    and not in those cannot be told apart, and loading would run either: refused.
    """
    first_line = cls.__dict__.get("__firstlineno__")
    if isinstance(first_line, int):
        at_line = [c for c in candidates if _first_line(c[1]) == first_line]
        if at_line and not has_methods:
            # The first statement the same as that one (but for comments and layout), which
            # the other interpreters take too: every interpreter writes the same payload.
            made = ast.dump(at_line[0][1])
            return [next(c for c in candidates if ast.dump(c[1]) == made)]
        if at_line:
            return at_line
    # (those of the class's own qualified name: another scope's statements come after them)
    pool = [c for c in candidates if c[0] == cls.__qualname__]
    rest = [c for c in candidates if c[0] != cls.__qualname__] if pool else []
    pool = pool or candidates
    scored = sorted((_body_misfits(cls, node), index) for index, (_, node) in enumerate(pool))
    ranked = [pool[index] for _, index in scored] + rest
    if has_methods or len(pool) < 2:
        return ranked
    best = [pool[index] for misfits, index in scored if misfits == scored[0][0]]
    # (statements that differ in comments and layout only make the same class)
    if len({ast.dump(node) for _, node in best}) > 1:
        lines = ", ".join(str(_first_line(node)) for _, node in best)
        raise SourceMismatchError(
            f"class {cls.__qualname__} may have been made by any of the class statements named "
            f"{cls.__name__} in {file} (lines {lines}): it has no method of its own there, and "
            "they differ only in what the live class cannot tell apart (decorators, or values "
            "that are no literals). Give the classes different names, or a method each, and "
            "dump again (Python 3.13+ tells them apart by their first line)."
        )
    return ranked


def _started_at(line: int, node: ast.ClassDef, statements: List[Tuple[str, ast.ClassDef]]) -> bool:
    # Whether ``node``, or a statement of its name the same but for comments and layout (either
    # makes the class: _ranked_statements takes the first), starts at ``line``.
    if _first_line(node) == line:
        return True
    made = None
    for _, other in statements:
        if _first_line(other) == line:
            made = ast.dump(node) if made is None else made
            if ast.dump(other) == made:
                return True
    return False


def _first_line(node: ast.ClassDef) -> int:
    return min([node.lineno] + [d.lineno for d in node.decorator_list])


def _body_misfits(cls: type, node: ast.ClassDef) -> int:
    # How many names the class body binds to a literal (name = 0.0) hold another value in the
    # live class (a value the class no longer holds, or changed since, counts as none).
    misfits = 0
    for statement in node.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        name = mangled(target.id, node.name)
        if name not in cls.__dict__:
            continue
        literal = _literal(value)
        if literal is not NOT_LITERAL and not same_constant(literal, cls.__dict__[name]):
            misfits += 1
    return misfits


def _defined_in(fn: types.FunctionType, cls: type) -> bool:
    # Whether ``fn``'s code is a def of the class's own statement, by its code's qualified name
    # (3.11+), else by its name and code name: a functools.wraps wrapper made elsewhere in the
    # file (a class decorator wrapping a method) has the method's __qualname__, not its code.
    prefix = cls.__qualname__ + "."
    code = fn.__code__
    qualname = getattr(code, "co_qualname", None)
    if qualname is not None:
        return bool(qualname.startswith(prefix))
    return fn.__qualname__.startswith(prefix) and code.co_name == fn.__name__


# What _class_info proved, per class statement node (a node belongs to one parse of one text of
# its file: an edited file is parsed again, into new nodes): the last few classes verified
# against it, each with what the proof read (its bases, its own methods' code objects and
# closures, by identity) and the source it gave. A warm dumps of a class asks again only when
# one of those changed (a method replaced, __bases__ assigned): the statement is not compiled
# and matched against every method again. Bounded per node: classes made by one statement in a
# function (a class factory) each get an entry, and the oldest goes.
_CLASS_PROOFS: weakref.WeakKeyDictionary[ast.ClassDef, List[Tuple[Any, ...]]] = weakref.WeakKeyDictionary()
_CLASS_PROOFS_LOCK = _thread.allocate_lock()
CLASS_PROOFS_PER_STATEMENT = 4


def _proven_class_info(
    cls: type,
    node: ast.ClassDef,
    own: List[Tuple[str, types.FunctionType]],
    parsed: _ParsedFile,
    filename: str,
    file: str,
) -> Optional[SourceInfo]:
    """``_class_info``'s answer, from what it proved before for exactly these inputs."""
    read = tuple([(f.__code__, f.__closure__) for _, f in own])
    bases = cls.__bases__
    with _CLASS_PROOFS_LOCK:
        entries = _CLASS_PROOFS.get(node, ())
        for entry in entries:
            if (
                entry[0]() is cls
                and entry[1] == filename
                and entry[2] == file
                and _same_items(entry[3], bases)
                and len(entry[4]) == len(read)
                and all(a[0] is b[0] and a[1] is b[1] for a, b in zip(entry[4], read))
            ):
                known: SourceInfo = entry[5]
                return known
    info = _class_info(cls, node, own, parsed, filename, file)
    # (a variable read back from the class's attributes is read again: they may have changed)
    if info is not None and not info.recovered:
        with _CLASS_PROOFS_LOCK:
            kept = [e for e in _CLASS_PROOFS.get(node, ()) if e[0]() is not None]
            kept.append((weakref.ref(cls), filename, file, bases, read, info))
            _CLASS_PROOFS[node] = kept[-CLASS_PROOFS_PER_STATEMENT:]
    return info


def _same_items(a: Tuple[Any, ...], b: Tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _class_info(
    cls: type,
    node: ast.ClassDef,
    own: List[Tuple[str, types.FunctionType]],
    parsed: _ParsedFile,
    filename: str,
    file: str,
) -> Optional[SourceInfo]:
    """The verified source of ``cls`` if statement ``node`` compiles to the live methods."""
    # The enclosing function's variables the class's own methods close over; their cells
    # are the class's closure (methods made by decorators have closures of their own).
    cells: Dict[str, Any] = {}
    flags = 0
    # The class's own cells, and its type parameters (class Stack[V], 3.12): the statement makes
    # them, they are no variables of an enclosing function.
    implicit = {"__class__", "__classdict__"} | {p.name for p in getattr(node, "type_params", ())}
    defs: Optional[List[Tuple[int, int, FrozenSet[str]]]] = None

    def add_cells(f: types.FunctionType) -> None:
        nonlocal defs
        free = [
            (var, cell)
            for var, cell in zip(f.__code__.co_freevars, f.__closure__ or ())
            if var not in implicit
        ]
        if not free:
            return
        # A def nested in a function of the body (the wrapper of a decorator the statement
        # defines) closes over that function's variables too: those are no cells of the class.
        # (The body's defs are walked only for a function with such variables: a class's first
        # dumps walked every method's tree.)
        if defs is None:
            defs = _body_defs(node)
        inside = _bound_around(defs, f.__code__.co_firstlineno)
        for var, cell in free:
            if var not in inside:
                cells.setdefault(var, cell)

    for _, f in own:
        flags |= f.__code__.co_flags
        add_cells(f)
    # Variables only the class body reads (``value = base_value``, and what the functions it
    # runs and drops read: ``key=lambda v: v * n``) were consumed when the class was made: the
    # value the live class holds under a name the body bound them to is theirs (see _recovered),
    # and the others were kept nowhere: they are passed as None, and the class's attributes
    # captured whole put back what the body made of them.
    ran = ran_functions(node, _kept_codes(cls, filename))
    for f in _machinery_functions(cls, node, own, filename):
        add_cells(f)
    body_names, header_names = class_free_names(parsed, node, ran)
    # A base named by a variable of the enclosing function is still known: the class's
    # own __bases__, by position. A decorator or keyword named so is gone.
    bases = [b.id if isinstance(b, ast.Name) else None for b in node.bases]
    for var in sorted(set(header_names) - set(cells) - implicit):
        if var in bases and len(bases) == len(cls.__bases__):
            cells[var] = types.CellType(cls.__bases__[bases.index(var)])
        else:
            raise UnsupportedObjectError(
                f"the decorators or keywords of class {cls.__qualname__} read {var!r}, a variable "
                "of the function that defined the class, and its value was not kept: make it a "
                "global of the module (or a default argument) and dump again"
            )
    if node.name in header_names and node.name in bases and len(bases) == len(cls.__bases__):
        # ``class Local(Local):`` in a function read the class it derives from, which its name
        # bound then (the cell its methods share holds the class itself now, which the
        # statement binds again when it runs).
        cells[node.name] = types.CellType(cls.__bases__[bases.index(node.name)])
    lost_names = set(body_names) - set(cells) - implicit
    recovered = _recovered(node, cls, lost_names)
    for var in sorted(recovered):
        cells[var] = types.CellType(recovered[var])
    lost = tuple(sorted(lost_names - set(recovered)))
    use = _lost_use(node, cls, lost, ran)
    if use is not None:
        var, name, made, line, read = use
        through = f" (through {name!r}, which the body bound from it)" if name != var else ""
        if read:
            how = (
                "in a class whose decorators, metaclass or bases make things of what its body "
                "binds (an Enum's members, a dataclass's or NamedTuple's defaults), which the "
                "class's attributes do not give back"
            )
        else:
            how = (
                "where None fails: as a decorator, a function, an object, an operand or an "
                f"argument of a call (@{name}, {name}(...), {name}.attr, {name} + 1, for ... in "
                f"{name}, f({name}))"
            )
        raise UnsupportedObjectError(
            f"the body of class {cls.__qualname__} uses {var!r}, a variable of the function that "
            f"defined the class{through}, in making {made} (line {line} of {file}), {how}. Only "
            "the class statement read it: its value was kept nowhere, and the statement cannot "
            "run again at load without it. Make it a global of the module (or keep it whole in a "
            f"class attribute, value = {var}, which gives it back) and dump again"
        )
    for var in lost:
        cells[var] = types.CellType(None)
    freevars = tuple(sorted(cells))
    own_future = flags & __future__.annotations.compiler_flag
    # A class without methods of its own (a plain dataclass) has no code to say it: the file.
    future = ("annotations",) if own_future or parsed.future_annotations else ()
    first, source, indent = cut_block(parsed, node)
    scope = parsed.scopes.get(id(node), "")
    try:
        plain = compile_source(
            "class", source, first, indent, freevars, future, filename, (), cls.__name__, scope
        )
    except (SyntaxError, ValueError):
        return None
    names = set(creation_names(plain[0], everything=True))
    names |= syntax_of(node, parsed.text).names
    for imported in _imported_choices(parsed, names):
        module_code, body, _ = (
            compile_source(
                "class", source, first, indent, freevars, future, filename, imported, cls.__name__, scope
            )
            if imported
            else plain
        )
        if all(_matches(body, f, parsed.lines) or _in_header(module_code, f, node, parsed) for _, f in own):
            return SourceInfo(
                "class",
                source,
                first,
                indent,
                file,
                future,
                imported,
                node,
                parsed.text,
                module_code,
                tuple((var, cells[var]) for var in freevars),
                scope,
                parsed.import_bindings,
                lost,
                body,
                filename,
                recovered=tuple(sorted(recovered)),
            )
    return None


def _in_header(
    module_code: types.CodeType, fn: types.FunctionType, node: ast.ClassDef, parsed: _ParsedFile
) -> bool:
    # A function the statement's header made, which the class keeps as an attribute: a lambda of
    # its decorator lines (@register(key=lambda v: -v)), of its bases or of its keywords (class
    # Local(Base, hook=lambda: 3), kept by Base.__init_subclass__ or a metaclass). It is code of
    # the statement but not of its body: it is compiled in the code around the class body.
    if fn.__code__.co_firstlineno > _body_line(node):
        return False
    return _matches(module_code, fn, parsed.lines)


def _body_line(node: ast.ClassDef) -> int:
    # The line the class body starts at (its first statement's first decorator, if any).
    first = node.body[0]
    decorators: List[ast.expr] = getattr(first, "decorator_list", [])
    return min([first.lineno] + [d.lineno for d in decorators])


def _lost_use(
    node: ast.ClassDef, cls: type, lost: Tuple[str, ...], ran: Set[int]
) -> Optional[Tuple[str, str, str, int, bool]]:
    """The first place where the class statement does with a variable of ``lost`` what fails on
    None: calls it, applies it as a decorator, reads an attribute or item of it, operates on it
    (see ``_operands``) or passes it to a call (which may do any of those), in the body, in its
    nested class bodies or in the functions it may have run (``ran``, see ``ran_functions``).
    A name the statement bound from a value that reads such a variable (``start = n``, ``for v
    in [start]``, ``(k := n)``) holds None at load as well, and counts as it. In a class whose
    decorators, metaclass or bases make things of what its body binds (an Enum's members, a
    dataclass's or NamedTuple's defaults), which its attributes captured whole do not put back,
    any read counts. As (variable, name used, what the statement was making, line, whether it
    was such a read), or None."""
    if not lost:
        return None
    parts = _running_parts(node, ran)
    origin: Dict[str, str] = {var: var for var in lost}
    bindings = [binding for sub, _, _ in parts for binding in _bindings(sub)]
    changed = True
    while changed:
        changed = False
        for names, value in bindings:
            source = _first_read(value, origin, True)
            for bound in names:
                if source is not None and bound not in origin:
                    origin[bound] = origin[source]
                    changed = True
    # The functions the body defines, by name, with what they read (a helper it calls)
    helpers = {
        sub.name: _free_reads(sub)
        for sub, _, _ in parts
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    found = []
    machinery = _made_with_machinery(node, cls)
    for sub, made, owner in parts:
        if (
            owner in machinery
            and isinstance(sub, ast.Name)
            and isinstance(sub.ctx, ast.Load)
            and sub.id in origin
        ):
            found.append((sub.lineno, sub.col_offset, origin[sub.id], sub.id, made, True))
        # What None there fails as (see _none_of), and what is handed on whole to code that
        # may fail on None anywhere in it: a call's arguments, a key.
        targets: List[ast.AST] = []
        passed: List[ast.AST] = []
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            targets = list(sub.decorator_list)
        elif isinstance(sub, ast.Call):
            targets, passed = [sub.func], [*sub.args, *(k.value for k in sub.keywords)]
        elif isinstance(sub, ast.Attribute):
            targets = [sub.value]
        elif isinstance(sub, ast.Subscript):
            targets, passed = [sub.value], [sub.slice]
        elif isinstance(sub, ast.AugAssign):
            targets = [sub.target, sub.value]
        elif isinstance(sub, ast.FormattedValue) and sub.format_spec is not None:
            targets = [sub.value]
        else:
            targets = _operands(sub)
        used = [_none_of(t, origin, helpers) for t in targets]
        # (a function is no None, whatever it reads: what its body does is judged where it runs)
        used += [None if isinstance(t, ast.Lambda) else _first_read(t, origin, False) for t in passed]
        for name in used:
            if name is not None:
                place = (getattr(sub, "lineno", 0), getattr(sub, "col_offset", 0))
                found.append((*place, origin[name], name, made, False))
    if not found:
        return None
    line, _, var, name, made, read = min(found)
    return var, name, made, line, read


def _none_of(expr: ast.AST, names: Dict[str, str], helpers: Dict[str, Set[str]]) -> Optional[str]:
    """The name of ``names`` whose None ``expr`` may evaluate to: ``n``, ``n or 0``, ``[n][0]``,
    ``(lambda: n)()``, ``helper()`` of a function of the body that reads it. A container that
    holds it is no None, nor what computing with it gives (refused where it is computed)."""
    if isinstance(expr, ast.Name):
        return expr.id if isinstance(expr.ctx, ast.Load) and expr.id in names else None
    parts: List[ast.AST] = []
    if isinstance(expr, ast.IfExp):
        parts = [expr.body, expr.orelse]
    elif isinstance(expr, ast.BoolOp):
        parts = list(expr.values)
    elif isinstance(expr, (ast.NamedExpr, ast.Starred)):
        parts = [expr.value]
    elif isinstance(expr, ast.Subscript):
        return _first_read(expr.value, names, False)
    elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Lambda):
        return _first_read(expr.func.body, names, True)
    elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in helpers:
        return next(iter(sorted(helpers[expr.func.id] & set(names))), None)
    for part in parts:
        name = _none_of(part, names, helpers)
        if name is not None:
            return name
    return None


def _running_parts(node: ast.ClassDef, ran: Set[int]) -> List[Tuple[ast.AST, str, str]]:
    """Every node of the class statement's body that runs while the statement runs, with what
    its statement of the body makes (``'order'``, ``'Inner.size'``) and the class it is in
    (``''``, ``'Inner'``): the body's own, those of its nested class bodies, the decorators
    and defaults of its functions, and the bodies of the functions of ``ran`` (a lambda
    called while the body ran)."""
    found: List[Tuple[ast.AST, str, str]] = []
    pending: List[Tuple[ast.AST, str, str]] = [(s, "", "") for s in node.body]
    while pending:
        sub, made, owner = pending.pop()
        if not made and isinstance(sub, ast.stmt):
            made = _made_by(sub, owner)  # (an if or a with binds nothing itself: its statements do)
        found.append((sub, made or "a statement that binds no name", owner))
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend((part, made, owner) for part in _outer_parts(sub))
            if id(sub) in ran:
                pending.extend((part, made, owner) for part in _inner_parts(sub))
        elif isinstance(sub, ast.ClassDef):
            pending.extend((part, made, owner) for part in _outer_parts(sub))
            pending.extend((s, "", f"{owner}.{sub.name}" if owner else sub.name) for s in sub.body)
        else:
            for child in ast.iter_child_nodes(sub):
                # (the statements of a for, if, with or try make their own names)
                inner = isinstance(sub, ast.stmt) and isinstance(child, (ast.stmt, ast.excepthandler))
                pending.append((child, "" if inner else made, owner))
    return found


def _made_with_machinery(node: ast.ClassDef, cls: type) -> Set[str]:
    """The classes of the statement (``''``, nested ``'Inner'``) that a decorator, metaclass or
    base makes things of (see ``statement_can_generate``)."""
    found: Set[str] = set()
    pending: List[Tuple[ast.ClassDef, type, str]] = [(node, cls, "")]
    while pending:
        statement, live, path = pending.pop()
        # (ABCMeta makes nothing of the values a body binds, only of its abstract methods)
        if statement_can_generate(live, statement, (type, abc.ABCMeta)):
            found.add(path)
        for sub in class_body_statements(statement):
            inner = (
                vars(live).get(mangled(sub.name, statement.name)) if isinstance(sub, ast.ClassDef) else None
            )
            if isinstance(sub, ast.ClassDef) and isinstance(inner, type):
                pending.append((sub, inner, f"{path}.{sub.name}" if path else sub.name))
    return found


def statement_can_generate(
    cls: type, node: Optional[ast.ClassDef], plain: Tuple[type, ...] = (type,)
) -> bool:
    """Whether running the class statement again can make functions the statement does not
    define, or make something else of what its body binds: a decorator, a metaclass (other
    than those of ``plain``), a base (its metaclass, __init_subclass__ or __mro_entries__, as
    typing.NamedTuple's) can; a statement with none of those cannot."""
    if node is not None and (node.decorator_list or node.keywords):
        return True
    if type(cls) not in plain:
        return True
    # A base's __mro_entries__ leaves the bases as written in __orig_bases__; a plain base
    # class with neither a metaclass nor __init_subclass__ makes nothing in a subclass (a
    # function made by exec and set on the class later is then no machinery's: refused).
    if node is not None and node.bases and "__orig_bases__" in vars(cls):
        return True
    return any("__init_subclass__" in vars(base) for base in cls.__mro__[1:-1])


def _made_by(statement: ast.AST, owner: str) -> str:
    # What a statement of a class body binds (in ``owner``, a nested class), for an error message.
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        names = [statement.name]
    else:
        names = [name for targets, _ in _bindings(statement) for name in targets]
    prefix = owner + "." if owner else ""
    return ", ".join(repr(prefix + name) for name in names)


def _bindings(sub: ast.AST) -> List[Tuple[List[str], ast.AST]]:
    """The names ``sub`` binds, each group with the value they are bound from."""
    pairs: List[Tuple[List[ast.AST], ast.AST]] = []
    if isinstance(sub, ast.Assign):
        pairs = [(list(sub.targets), sub.value)]
    elif isinstance(sub, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and sub.value is not None:
        pairs = [([sub.target], sub.value)]
    elif isinstance(sub, (ast.For, ast.AsyncFor, ast.comprehension)):
        pairs = [([sub.target], sub.iter)]
    elif isinstance(sub, (ast.With, ast.AsyncWith)):
        pairs = [([i.optional_vars], i.context_expr) for i in sub.items if i.optional_vars is not None]
    return [
        (
            [
                n.id
                for t in targets
                for n in ast.walk(t)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            ],
            value,
        )
        for targets, value in pairs
    ]


def _first_read(expr: ast.AST, names: Dict[str, str], into_functions: bool) -> Optional[str]:
    # The first name of ``names`` that ``expr`` reads (in the bodies of the lambdas in it too,
    # when ``into_functions``).
    pending: List[ast.AST] = [expr]
    while pending:
        sub = pending.pop(0)
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id in names:
            return sub.id
        if isinstance(sub, ast.Lambda) and not into_functions:
            pending.extend(_outer_parts(sub))
        else:
            pending.extend(ast.iter_child_nodes(sub))
    return None


def ran_functions(node: ast.ClassDef, kept: Set[Tuple[int, str]]) -> Set[int]:
    """The defs and lambdas of class statement ``node`` (by ``id``) that may have run while its
    body ran and that the live class does not keep (``kept``, see ``_kept_codes``), so that
    nothing keeps the cells of what they read: a lambda in an expression (the key of
    ``sorted(xs, key=lambda v: v * n)``, ``(lambda: n)()``), a def or lambda bound to a name the
    statement reads (``made = helper(3)``, ``@deco``). A method bound to a name nothing reads
    (replaced or deleted after the definition) never ran."""
    loads: Set[str] = set()
    functions: List[Tuple[ast.AST, Optional[str]]] = []
    pending: List[ast.AST] = list(node.body)
    while pending:
        sub = pending.pop()
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
            loads.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            functions.append((sub, getattr(sub, "name", None)))
            pending.extend(_outer_parts(sub))  # (its body is a scope of its own)
            continue
        elif isinstance(sub, (ast.Assign, ast.AnnAssign)) and isinstance(sub.value, ast.Lambda):
            targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                functions.append((sub.value, targets[0].id))
                pending.extend(_outer_parts(sub.value))
                pending.extend(targets)
                if isinstance(sub, ast.AnnAssign):
                    pending.append(sub.annotation)
                continue
        pending.extend(_astparse.iter_child_nodes(sub))
    ran = set()
    for function, name in functions:
        decorators: List[ast.expr] = getattr(function, "decorator_list", [])
        first = min([function.lineno] + [d.lineno for d in decorators])  # type: ignore[attr-defined]
        if (first, getattr(function, "name", "<lambda>")) in kept:
            continue
        if name is None or name in loads:
            ran.add(id(function))
    return ran


# How many objects _kept_codes looks at, at most: a class holding a large table of data is not
# walked whole for the few functions it may hold.
KEPT_WALK_LIMIT = 5000

# Attributes through which a wrapper holds the function it wraps (functools.wraps's
# __wrapped__, a partial's func and arguments, cached_property's and singledispatchmethod's
# func), read only where the object's own dict or a slot of its type holds them.
_WRAPPING = ("__wrapped__", "func", "args", "keywords")


def _kept_codes(cls: type, filename: str) -> Set[Tuple[int, str]]:
    """The functions of file ``filename`` (their first line and name) that the live class
    keeps: in its attributes, in what they hold (containers, a property, a wrapper, a closure,
    a function's defaults and attributes) and in its nested classes. The functions its
    statement made and it does not keep were run by the body and dropped (``sorted(xs,
    key=lambda v: v * n)``), or dropped unrun."""
    kept = _kept_functions(cls, filename, [value for _, value in class_items(cls)])
    return {(f.__code__.co_firstlineno, f.__code__.co_name) for f in kept}


def _user_function(value: Any) -> bool:
    # A function of the user's files (a decorator's wrapper), which the class carries with its
    # closure: not one of a library (contextmanager's helper) or made by exec (a dataclass's
    # __init__), which the statement makes again.
    code = getattr(value, "__code__", None) if isinstance(value, types.FunctionType) else None
    if not isinstance(code, types.CodeType):
        return False
    return not code.co_filename.startswith("<") and not is_library_file(code.co_filename)


def _machinery_functions(
    cls: type, node: ast.ClassDef, own: List[Tuple[str, types.FunctionType]], filename: str
) -> List[types.FunctionType]:
    """The functions of class statement ``node`` that only what the class's machinery or a
    library's decorator made keeps (the lambda of a dataclass field's default_factory, in
    __dataclass_fields__ and the generated __init__; a @contextmanager method, in contextlib's
    wrapper; an attrs field's factory): the statement makes them again at load, not carried, so
    the variables of the enclosing function they read are the statement's cells too (a global
    lookup at their call, else)."""
    # (held_objects reads no attribute its type does not define: pydantic's placeholder
    # validator rebuilds its model when asked for any other.)
    methods = {id(f) for _, f in own}
    def_names = {
        mangled(statement.name, node.name)
        for statement in node.body
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    machinery = [
        value
        for name, value in class_items(cls)
        if (name[:2] == name[-2:] == "__" or name in def_names)
        and not any(id(inner) in methods or _user_function(inner) for inner in held_objects(value))
    ]
    if not machinery:
        return []
    last = getattr(node, "end_lineno", None) or node.lineno
    return [
        f
        for f in _kept_functions(cls, filename, machinery)
        if id(f) not in methods and node.lineno <= f.__code__.co_firstlineno <= last
    ]


def _kept_functions(cls: type, filename: str, pending: List[Any]) -> List[types.FunctionType]:
    """The functions of file ``filename`` in ``pending`` (values of ``cls``) and in what they
    hold, as ``_kept_codes`` walks them."""
    origin = loaded_file(filename) or filename
    found: List[types.FunctionType] = []
    seen: Set[int] = set()
    while pending and len(seen) < KEPT_WALK_LIMIT:
        value = pending.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, types.FunctionType):
            code = value.__code__
            own_file = isinstance(code, types.CodeType) and (
                loaded_file(code.co_filename) or code.co_filename
            )
            if own_file == origin:
                found.append(value)
            for cell in value.__closure__ or ():
                try:
                    pending.append(cell.cell_contents)
                except ValueError:  # (an empty cell)
                    pass
            # (a lambda default, def get(self, fn=lambda: n * 2); a decorator's, run.key = key)
            pending.extend(value.__defaults__ or ())
            pending.extend((value.__kwdefaults__ or {}).values())
            pending.extend(vars(value).values())
        elif isinstance(value, type):
            if value.__qualname__.startswith(cls.__qualname__ + "."):
                pending.extend(inner for _, inner in class_items(value))
        elif isinstance(value, (list, tuple, set, frozenset)):
            pending.extend(value)
        elif isinstance(value, (dict, types.MappingProxyType)):
            # (a dataclass field's metadata is a mappingproxy)
            pending.extend(value.values())
        else:
            pending.extend(held_objects(value)[1:])
            pending.extend(_own_attribute(value, name) for name in _WRAPPING)
            pending.extend(_slot_values(value))
    return found


def _slot_values(value: Any) -> List[Any]:
    # What the slots of ``value``'s type hold: a library keeps what the class statement gave it
    # there (a dataclass Field's default_factory and metadata, an attrs Attribute's default, an
    # attrs Factory's factory). Read through the slots' member descriptors: no code of a class
    # runs.
    kind = type(value)
    descriptors = _SLOTS.get(kind)
    if descriptors is None:
        descriptors = tuple(
            attribute
            for base in kind.__mro__
            for attribute in vars(base).values()
            if type(attribute) is types.MemberDescriptorType
        )
        try:
            _SLOTS[kind] = descriptors
        except TypeError:  # (a type that takes no weak reference)
            pass
    held = []
    for attribute in descriptors:
        try:
            held.append(attribute.__get__(value, kind))
        except AttributeError:  # (an empty slot)
            pass
    return held


# The member descriptors (slots) of each type _kept_functions met, made once per type.
_SLOTS: weakref.WeakKeyDictionary[type, Tuple[Any, ...]] = weakref.WeakKeyDictionary()


def _own_attribute(value: Any, name: str) -> Any:
    # ``value``'s attribute ``name`` when its own dict or a slot of its type holds it, else None
    # (no __getattr__ hook, property or other code of a class runs).
    try:
        held = object.__getattribute__(value, "__dict__")
    except (AttributeError, TypeError):
        held = None
    if isinstance(held, dict) and name in held:
        return held[name]
    for base in type(value).__mro__:
        attribute = vars(base).get(name)
        if isinstance(attribute, (types.MemberDescriptorType, types.GetSetDescriptorType)):
            try:
                return attribute.__get__(value, type(value))
            except Exception:  # noqa: BLE001 - an empty slot, or a descriptor that refuses
                return None
        if attribute is not None:
            return None
    return None


def _recovered(node: ast.ClassDef, cls: type, lost: Set[str]) -> Dict[str, Any]:
    """The values of the variables of ``lost`` that the live class (or a class nested in its
    statement) holds: under a name its body bound to the variable (``start = n``,
    ``start: int = n``, ``(start := n)``), or to such a name (``first = start``), bound there
    once and never by anything else. Not an instance of the class (an Enum's member) nor a
    descriptor (a NamedTuple's field): what the class's machinery made of the value."""
    found: Dict[str, Any] = {}
    pairs: List[Tuple[ast.ClassDef, type]] = [(node, cls)]
    while pairs and len(found) < len(lost):
        statement, live = pairs.pop(0)
        held = vars(live)
        counts: Dict[str, int] = {}
        aliases: List[Tuple[str, str]] = []
        for sub in _class_scope(statement):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                counts[sub.id] = counts.get(sub.id, 0) + 1
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                counts[sub.name] = counts.get(sub.name, 0) + 1
                inner = held.get(mangled(sub.name, statement.name))
                if isinstance(sub, ast.ClassDef) and isinstance(inner, type):
                    pairs.append((sub, inner))
            elif isinstance(sub, ast.alias):
                name = (sub.asname or sub.name).split(".")[0]
                counts[name] = counts.get(name, 0) + 1
            aliases.extend(_aliases(sub))
        for var in sorted(lost - set(found)):
            names = [var]
            for name in names:  # (grows: the names bound to those found so far)
                for target, source in aliases:
                    if source != name or counts.get(target) != 1 or target in names:
                        continue
                    value = held.get(mangled(target, statement.name), _UNKNOWN)
                    if value is not _UNKNOWN and not _made_of_value(value, live):
                        found[var] = value
                        break
                    names.append(target)
                if var in found:
                    break
    return found


def _made_of_value(value: Any, cls: type) -> bool:
    # Whether what class ``cls`` holds under a name its body bound may be something its
    # machinery made of the value bound there: an instance of the class (an Enum's member), a
    # descriptor (a NamedTuple's field).
    return isinstance(value, cls) or hasattr(type(value), "__get__")


def _aliases(sub: ast.AST) -> List[Tuple[str, str]]:
    # (name, the name it is bound to) for each plain name that ``sub`` binds to a plain name:
    # ``a = n``, ``a = b = n``, ``a: int = n``, ``(a := n)`` (not ``for a in n``, ``a += n``).
    value: Optional[ast.expr] = None
    if isinstance(sub, ast.Assign):
        targets, value = list(sub.targets), sub.value
    elif isinstance(sub, (ast.AnnAssign, ast.NamedExpr)):
        targets, value = [sub.target], sub.value
    if not isinstance(value, ast.Name):
        return []
    return [(target.id, value.id) for target in targets if isinstance(target, ast.Name)]


def _class_scope(node: ast.ClassDef) -> List[ast.AST]:
    """The nodes of a class body that are of its own scope: not those of the functions,
    comprehensions and classes in it, but their decorators, defaults and bases, and a
    comprehension's first iterable."""
    found: List[ast.AST] = []
    pending: List[ast.AST] = list(node.body)
    while pending:
        sub = pending.pop()
        found.append(sub)
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            pending.extend(_outer_parts(sub))
        elif isinstance(sub, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            pending.append(sub.generators[0].iter)
        else:
            pending.extend(ast.iter_child_nodes(sub))
    return found


# Comparisons None fails: ordering, and being the container of ``in``.
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_CONTAINMENT = (ast.In, ast.NotIn)


def _operands(sub: ast.AST) -> List[ast.AST]:
    # The parts of an expression or statement that None raises TypeError as: an operand of
    # arithmetic (``width | 1``, ``-n``), of an ordering or of ``in``, an iterable (a for loop, a
    # comprehension, ``*items``, ``**options``), a context manager.
    if isinstance(sub, ast.BinOp):
        return [sub.left, sub.right]
    if isinstance(sub, ast.UnaryOp):
        return [] if isinstance(sub.op, ast.Not) else [sub.operand]
    if isinstance(sub, ast.AugAssign):
        return [sub.value]
    if isinstance(sub, ast.Compare):
        sides = [sub.left, *sub.comparators]
        found: List[ast.AST] = []
        for index, op in enumerate(sub.ops):
            if isinstance(op, _ORDERING):
                found += [sides[index], sides[index + 1]]
            elif isinstance(op, _CONTAINMENT):
                found.append(sides[index + 1])
        return found
    if isinstance(sub, (ast.For, ast.AsyncFor, ast.comprehension)):
        return [sub.iter]
    if isinstance(sub, ast.Starred):
        return [sub.value]
    if isinstance(sub, ast.keyword) and sub.arg is None:
        return [sub.value]
    if isinstance(sub, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in sub.items]
    return []


def _body_defs(node: ast.ClassDef) -> List[Tuple[int, int, FrozenSet[str]]]:
    """The functions defined in the class body itself: their first line (their first
    decorator's, as their code says), last line and every name bound inside them."""
    found = []
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([statement.lineno] + [d.lineno for d in statement.decorator_list])
            bound = set()
            for inner in ast.walk(statement):
                if isinstance(inner, ast.arg):
                    bound.add(inner.arg)
                elif isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
                    bound.add(inner.id)
                elif isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    bound.add(inner.name)
                elif isinstance(inner, ast.alias):
                    bound.add((inner.asname or inner.name).split(".")[0])
            found.append((first, statement.end_lineno or statement.lineno, frozenset(bound)))
    return found


def _bound_around(defs: List[Tuple[int, int, FrozenSet[str]]], line: int) -> FrozenSet[str]:
    # The names bound by the function of the body that a def starting at ``line`` is nested in.
    for first, last, bound in defs:
        if first < line <= last:
            return bound
    return frozenset()


_UNKNOWN = object()


def _consistent_with(
    cls: type, node: ast.ClassDef, parsed: _ParsedFile, globals_: Optional[Dict[str, Any]]
) -> bool:
    """Whether class statement ``node`` can be the one that made ``cls``: its annotated names
    are the class's, and its bases and metaclass, where they can be looked up without running
    anything but attribute access (a name of the module, a dotted name), are the class's."""
    annotated = {
        mangled(s.target.id, node.name)
        for s in node.body
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
    }
    live_annotations = cls.__dict__.get("__annotations__")
    if isinstance(live_annotations, dict) and set(live_annotations) != annotated:
        return False
    if globals_ is None or parsed.scopes.get(id(node), ""):
        return True  # a nested class's names may be its enclosing scope's: not looked up
    if _other_bases(cls, node, globals_) is not None:
        return False
    for keyword in node.keywords:
        if keyword.arg == "metaclass":
            metaclass = _resolve(keyword.value, globals_)
            if isinstance(metaclass, type) and not isinstance(cls, metaclass):
                return False
    return True


def _other_bases(cls: type, node: ast.ClassDef, globals_: Dict[str, Any]) -> Optional[Tuple[type, ...]]:
    """The bases statement ``node`` names, looked up in ``globals_``, when they are known and are
    not ``cls.__bases__``; None otherwise. Only plain classes are judged: a base with
    __mro_entries__ (typing.NamedTuple, Generic[T]), type parameters (``class Box[T]`` derives
    from Generic) and a metaclass may make other bases than the statement names."""
    if getattr(node, "type_params", None):
        return None
    bases = [_resolve(expr, globals_) for expr in node.bases]
    for index in self_named_bases(node):
        if len(node.bases) == len(cls.__bases__):
            # ``class Tool(Tool):`` read the name before the statement bound it to the class it
            # made: the name's value now says nothing of the base it read then.
            bases[index] = cls.__bases__[index]
    if all(isinstance(base, type) for base in bases) and type(cls) is type:
        named = tuple(bases) or (object,)
        if named != cls.__bases__:
            return named
    return None


def self_named_bases(node: ast.ClassDef) -> List[int]:
    """The positions of the bases of class statement ``node`` that are its own name
    (``class Tool(Tool):``, a subclass taking over the name of the class it derives from)."""
    return [i for i, b in enumerate(node.bases) if isinstance(b, ast.Name) and b.id == node.name]


def decorated_into_another_class(
    cls: type, node: ast.ClassDef, made: type, file: str, path: str = ""
) -> UnsupportedObjectError:
    """The error for class ``cls`` whose class statement (``node``, in ``file``) has decorators
    that returned another class, ``made`` (a subclass of ``cls``, under its name or another)."""
    decorators = ", ".join("@" + ast.unparse(d) for d in node.decorator_list)
    found = f", found at {path}" if path else ""
    renamed = made.__name__ != cls.__name__
    underscored = "_" + cls.__name__
    plural = "s" if len(node.decorator_list) > 1 else ""
    return UnsupportedObjectError(
        f"cannot capture class {cls.__qualname__}{found}: the decorator{plural} "
        f"{decorators} of its class statement in {file} returned another class, "
        f"{made.__qualname__}{' (renamed)' if renamed else ''}, a subclass of the class the "
        f"statement made, and {cls.__name__} is bound to it. Loading makes a class by running "
        "its statement, decorators included, so it cannot give back both the class the "
        "decorator was given and the class it returned. Make the decorator change the class "
        "it is given and return it, or apply it as a call after the class statement "
        f"(class {underscored}: ...; then {cls.__name__} = {ast.unparse(node.decorator_list[-1])}"
        f"({underscored})), so that each class has its own way to be made, then dump again."
    )


def later_statement_of_name(info: SourceInfo, globals_: Optional[Dict[str, Any]]) -> bool:
    """Whether a class statement of the same name and scope as the verified class statement
    ``info`` follows it in its file (the name was bound again after it ran)."""
    node = info.node
    lines = file_lines(info.filename, globals_, None)
    if not lines or not isinstance(node, ast.ClassDef):
        return False
    try:
        classes = _parsed(info.filename, lines).classes.get(node.name, [])
    except SyntaxError:
        return False
    own = [qualname for qualname, other in classes if other.lineno == node.lineno]
    end = getattr(node, "end_lineno", None) or node.lineno
    return any(qualname in own and other.lineno > end for qualname, other in classes)


def _same_named_base(cls: type) -> Optional[type]:
    """The base of ``cls`` with its name and module (the class a statement of that name made,
    when ``cls`` is a subclass a decorator or a call made of it); None otherwise."""
    for base in cls.__bases__:
        if base.__qualname__ == cls.__qualname__ and base.__module__ == cls.__module__:
            return base
    return None


def _class_names(classes: Tuple[type, ...]) -> str:
    return "(" + ", ".join(c.__qualname__ for c in classes) + ")"


@functools.lru_cache(maxsize=256)
def compiled_docstring(text: str) -> str:
    """The docstring ``text`` as this Python's compiler stores it (3.13 and later strip the
    common indentation of its lines; earlier ones keep it as written)."""
    code = compile(f"def _():\n    {text!r}\n", "<docstring>", "exec", dont_inherit=True)
    stored = next(c for c in code.co_consts if isinstance(c, types.CodeType)).co_consts[0]
    return stored if isinstance(stored, str) else text


def mangled(name: str, class_name: str) -> str:
    """``name`` as the compiler stores it when written in class ``class_name`` (``__x`` is
    ``_C__x``)."""
    owner = class_name.lstrip("_")
    if name.startswith("__") and not name.endswith("__") and owner:
        return f"_{owner}{name}"
    return name


def _resolve(expr: ast.AST, globals_: Dict[str, Any]) -> Any:
    # A name or dotted name looked up in the module's globals (then builtins); anything else
    # (a call, a subscript) is not evaluated.
    expr, parts = _astparse.attribute_chain(expr)
    if not isinstance(expr, ast.Name):
        return _UNKNOWN
    import builtins

    if expr.id in globals_:
        obj = globals_[expr.id]
    elif hasattr(builtins, expr.id):
        obj = getattr(builtins, expr.id)
    else:
        return _UNKNOWN
    for part in parts:
        if not isinstance(obj, (types.ModuleType, type)):
            return _UNKNOWN
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - not resolvable without running more
            return _UNKNOWN
    return obj


def method_info(info: Optional[SourceInfo], fn: Any) -> Optional[SourceInfo]:
    """The source of ``fn`` as a ``def`` directly in the verified class statement ``info``
    (its code is the one the statement compiles to at its line), or None."""
    if info is None or info.body is None or not isinstance(info.node, ast.ClassDef):
        return None
    code = getattr(fn, "__code__", None)
    if not isinstance(code, types.CodeType) or code.co_name == "<lambda>":
        return None
    if code.co_filename != info.filename:
        return None
    try:
        compiled = member_code(info.body, code.co_firstlineno)
    except ValueError:
        return None
    if not same_code(compiled, code):
        return None
    for statement in class_body_statements(info.node):
        if (
            isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
            and statement.name == code.co_name
            and min([statement.lineno] + [d.lineno for d in statement.decorator_list]) == code.co_firstlineno
        ):
            qualname = f"{info.scope}.{info.node.name}" if info.scope else info.node.name
            return SourceInfo(
                "def",
                "",
                code.co_firstlineno,
                "",
                info.file,
                info.future,
                info.imported,
                statement,
                info.file_text,
                scope=qualname,
                bindings=info.bindings,
                type_params=tuple(getattr(p, "name", "") for p in getattr(info.node, "type_params", ())),
            )
    return None


def class_body_statements(node: ast.ClassDef) -> List[ast.stmt]:
    """The statements of a class body, those under if/try/with/for and except included (still
    the body), breadth first; not those of the defs and classes in it."""
    found: List[ast.stmt] = []
    pending: List[ast.stmt] = list(node.body)
    while pending:
        statement = pending.pop(0)
        found.append(statement)
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field_name in ("body", "orelse", "finalbody"):
                pending.extend(c for c in getattr(statement, field_name, []) or [] if isinstance(c, ast.stmt))
            for handler in getattr(statement, "handlers", []) or []:
                pending.extend(handler.body)
    return found


def _matches(body: types.CodeType, fn: types.FunctionType, lines: List[str]) -> bool:
    code = fn.__code__
    nested = []
    placed = False
    for const in body.co_consts:
        if isinstance(const, types.CodeType):
            if const.co_name == code.co_name and const.co_firstlineno == code.co_firstlineno:
                # (several lambdas of one line, @pair(lambda: a, lambda: a + 1): any of them)
                placed = True
                if not same_code(const, code):
                    continue
                # A decorated def starts at its first decorator: one added above it after import
                # leaves it starting there, its body a line lower (see same_lines). A lambda
                # starts on its own line, a decorator's too (@keeps(lambda: 1)), whose columns
                # are those of the text it was compiled from: a loaded one's, its own section's.
                first = code.co_firstlineno
                if (
                    code.co_name == "<lambda>"
                    or not (0 < first <= len(lines) and lines[first - 1].lstrip().startswith("@"))
                    or same_lines(const, code)
                ):
                    return True
                continue
            nested.append(const)
    if placed:
        return False
    # A nested class body, the scope of a method's type parameters (def m[W], 3.12), or a
    # function of the body: a decorator defined in the class statement makes the class's
    # methods from the defs nested in it (its wrapper). Looked into only when no def of this
    # body is the one.
    return any(_matches(const, fn, lines) for const in nested)


def class_free_names(
    parsed: _ParsedFile, node: ast.ClassDef, ran: Optional[Set[int]] = None
) -> Tuple[List[str], List[str]]:
    """Variables of enclosing functions that a class statement reads, from the syntax tree
    (PyPy has no ``symtable`` module): those its body reads, and those its decorators, bases
    and keywords read. ``ran``: the functions of the statement that may have run while its body
    ran (see ``ran_functions``), whose reads are the body's."""
    bound: Set[str] = set()
    for function in parsed.enclosing.get(id(node), []):
        bound |= _bound_names(function)
    header = {n.id for part in _outer_parts(node) for n in _astparse.walk(part) if isinstance(n, ast.Name)}
    read: Set[str] = set()
    assigned: Set[str] = set()
    pending: List[ast.AST] = list(node.body)
    while pending:
        sub = pending.pop()
        if isinstance(sub, ast.Name):
            (read if isinstance(sub.ctx, ast.Load) else assigned).add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assigned.add(sub.name)
            pending.extend(_outer_parts(sub))  # its own body is a scope of its own
        elif isinstance(sub, ast.Lambda):
            # The body reads what a lambda's defaults read (``g = lambda self, v=n: v``): they
            # are evaluated when the body runs, its own body only when it is called.
            pending.extend(_outer_parts(sub))
        else:
            pending.extend(_astparse.iter_child_nodes(sub))
        if ran is not None and id(sub) in ran:
            # (the key of sorted(xs, key=lambda v: v * n), a helper: nothing keeps the cells of
            # what it reads, which the statement must have to run again)
            read |= _free_reads(sub)
    return sorted((read & bound) - assigned), sorted(header & bound)


def _free_reads(function: ast.AST) -> Set[str]:
    """The names a def's or lambda's body (and the functions in it) read and do not bind."""
    read: Set[str] = set()
    pending: List[ast.AST] = list(_inner_parts(function))
    while pending:
        sub = pending.pop()
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
            read.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend(_outer_parts(sub))
            read |= _free_reads(sub)
        else:
            pending.extend(_astparse.iter_child_nodes(sub))
    return read - _bound_names(function)


def _bound_names(function: ast.AST) -> Set[str]:
    """Names a function binds: its parameters and what its body assigns, defines or imports."""
    names = {arg.arg for arg in parameters(function)}
    pending: List[ast.AST] = list(_inner_parts(function))
    while pending:
        sub = pending.pop()
        if isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Load):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in sub.names)
        if not isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            pending.extend(_astparse.iter_child_nodes(sub))
    return names
