"""Capture handlers for functions and their closure cells.

A function of the user's own goes by its verified source (see ``_source``), with the globals its
code reads (in its module's namespace), its closure cells, defaults, keyword defaults, annotations
as written, docstring and attributes, all captured by value. A method reached through its class
(see ``classes``) is written without a source of its own: its code is the ``def`` in the class's
statement. A function of a library that can be imported by name goes by reference.
"""

from __future__ import annotations

import _ast as ast  # the node classes; ast itself only where needed (issue 9)
import functools
import keyword
import sys
import types
import weakref

from .._deps import MIN_PYTHON
from .._model import (
    FUNCTION_FIELDS,
    CellNode,
    DictValue,
    FunctionNode,
    TupleValue,
    Value,
    errors,
)
from .._rebuild.compiler import add_names_used, opcode_numbers
from .._records import check_record_maker, one_field_maker
from .._source import (
    SourceInfo,
    capture_source,
    file_lines,
    fits_defaults,
    syntax_of,
)
from . import LEAF_KINDS, PLACELESS_HINTS, SCALARS, Capturer, Need, Step, cell_suffix, id_suffix, sanitize

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple


def _typehints() -> Any:
    """The ``typehints`` module, imported by the first capture of a function with annotations
    (or reading a typing object), then kept in ``_TYPEHINTS``: most functions have none, and a
    first dumps of one does not load their code (issue 9)."""
    if not _TYPEHINTS:
        from . import typehints

        _TYPEHINTS.append(typehints)
    return _TYPEHINTS[0]


_TYPEHINTS: List[Any] = []


# --------------------------------------------------------------------------------------------
# The scope of a function: what its code refers to (globals, module attribute chains,
# annotations) and its signature text.
#
# The code object is the authority on which names are globals (its ``*_GLOBAL`` instructions, and
# ``*_NAME`` in nested class bodies), so nothing the code uses is missed and nothing local is taken
# for a global. The verified source's syntax tree adds what bytecode cannot say: which submodules an
# attribute chain such as ``os.path.join`` reaches, and the text of each annotation as written.
# Reads objects; never modifies them and never imports anything. (Here, beside the function
# handler that is its one user on a dumps, rather than in a module of its own: one import fewer
# on a first dumps, issue 9.)

_GLOBAL_OPS = frozenset({"LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL"})
# In class bodies (not optimized), names fall back to the module's globals.
_NAME_OPS = frozenset({"LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"})
# The instructions above by number, read from the bytecode itself (add_names_used): those of a
# function, those of a class body, and SETUP_ANNOTATIONS. Made on first use from
# compiler.opcode_numbers, which does not import opcode (issue 9).
_CODES: List[Tuple[FrozenSet[int], FrozenSet[int], int]] = []
# Code flags (inspect's CO_* constants, without importing inspect: ~2 ms on a first dumps).
_CO_OPTIMIZED = 0x1
_CO_VARARGS = 0x4
_CO_VARKEYWORDS = 0x8


def code_globals(code: types.CodeType) -> List[str]:
    """The global names ``code`` and every code nested in it use, sorted (a new list)."""
    try:
        known = _GLOBALS.get(code)
    except TypeError:  # PyPy's code objects may not be weakly referenceable
        known = None
    if known is None:
        names: Set[str] = set()
        _collect_globals(code, names, top=True)
        known = tuple(sorted(names))
        try:
            _GLOBALS[code] = known
        except TypeError:
            pass
    return list(known)


# The names each code object reads: its instructions never change, so the answer is kept as long
# as the code object lives (a WeakKeyDictionary's reads and writes are safe across threads; two
# threads computing the same entry store the same tuple).
_GLOBALS: weakref.WeakKeyDictionary[types.CodeType, Tuple[str, ...]] = weakref.WeakKeyDictionary()


def _opcodes() -> Tuple[FrozenSet[int], FrozenSet[int], int]:
    if not _CODES:
        opmap = opcode_numbers()
        function = frozenset(opmap[name] for name in _GLOBAL_OPS if name in opmap)
        names = frozenset(opmap[name] for name in _NAME_OPS if name in opmap)
        # (threads: each makes equal values, and the slice assignment is one step)
        _CODES[:] = [(function, function | names, opmap["SETUP_ANNOTATIONS"])]
    return _CODES[0]


def _collect_globals(code: types.CodeType, names: Set[str], top: bool) -> None:
    function_codes, class_codes, setup_annotations = _CODES[0] if _CODES else _opcodes()
    class_body = not top and not code.co_flags & _CO_OPTIMIZED
    wanted = class_codes if class_body else function_codes
    had_annotations = "__annotations__" in names
    ops = add_names_used(code, wanted, names)
    if class_body and not had_annotations and setup_annotations in ops:
        # A class body that annotates (x: int) stores in the __annotations__ of its own
        # namespace, which SETUP_ANNOTATIONS made: it never reads the module's.
        names.discard("__annotations__")
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _collect_globals(const, names, top=False)


def default_text(value: Any) -> str:
    """The text a default value shows as in a signature: deterministic, with no address."""
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    # Never a repr that may hold a memory address, nor an implementation's type name (PyPy's
    # builtins are not CPython's): the signature text must be the same everywhere.
    if isinstance(value, type):
        return f"<class {value.__qualname__}>"
    if type(value).__module__ == "typing":
        # List["Pet"], Optional[int]: typing's repr, the same on every Python, where the test
        # below read the __qualname__ that 3.10+ forwards to the origin (<function Optional>)
        # and 3.9 lacks (a re-dump there wrote other bytes).
        text = repr(value)
        if " at 0x" not in text:
            return text if len(text) <= 60 else text[:57] + "..."
    if callable(value) and isinstance(getattr(value, "__qualname__", None), str):
        return f"<function {value.__qualname__}>"
    return f"<{type(value).__qualname__} object>"


# Attributes of a function that make inspect.signature answer from something other than its code
# and defaults: signature_text asks inspect itself then.
SIGNATURE_ATTRIBUTES = frozenset(
    {"__signature__", "_partialmethod", "__partialmethod__", "__text_signature__"}
)
_EMPTY = object()


def signature_text(fn: types.FunctionType, annotations: List[Tuple[str, str]]) -> str:
    """The signature of ``fn`` with annotations as written and deterministic default texts.

    The text is ``str(inspect.signature(fn, follow_wrapped=False))`` with each annotation's
    text and each default's ``default_text``; it is written here from the code object and the
    defaults as inspect reads them (``_signature.inspected_signature_text`` is that reference, and answers
    for a function whose attributes change what inspect reads), without importing inspect.
    """
    code = fn.__code__
    if not isinstance(code, types.CodeType) or SIGNATURE_ATTRIBUTES.intersection(vars(fn)):
        from .._signature import inspected_signature_text  # (PyPy's builtin code, overrides)

        return inspected_signature_text(fn, annotations)
    names = code.co_varnames
    count = code.co_argcount
    kwonly = code.co_kwonlyargcount
    varargs = bool(code.co_flags & _CO_VARARGS)
    varkw = bool(code.co_flags & _CO_VARKEYWORDS)
    if not all(map(_parameter_name, names[: count + kwonly + varargs + varkw])):
        from .._signature import inspected_signature_text

        return inspected_signature_text(fn, annotations)
    # inspect takes a default that is its own marker of "no default" for none (only a process
    # that imported inspect can hold that marker).
    no_default = getattr(sys.modules.get("inspect"), "_empty", _EMPTY)
    defaults = fn.__defaults__ or ()
    positional = names[:count]
    first_default = count - len(defaults)
    if not (annotations or kwonly or varargs or varkw or code.co_posonlyargcount):
        # Positional parameters alone, without annotations (most functions): the text below,
        # without the closure made per call and the lists it fills.
        plain = list(positional[:first_default])
        for offset, name in enumerate(positional[first_default:]):
            default = defaults[offset]
            plain.append(name if default is no_default else f"{name}={default_text(default)}")
        return f"({', '.join(plain)})"
    texts = dict(annotations)
    parts: List[str] = []
    # As inspect pairs them: the last len(defaults) positional parameters take the defaults.
    parts += [_parameter(texts, no_default, name, _EMPTY) for name in positional[:first_default]]
    parts += [
        _parameter(texts, no_default, name, defaults[offset])
        for offset, name in enumerate(positional[first_default:])
    ]
    if code.co_posonlyargcount:
        parts.insert(code.co_posonlyargcount, "/")
    if varargs:
        parts.append(_parameter(texts, no_default, names[count + kwonly], _EMPTY, "*"))
    elif kwonly:
        parts.append("*")
    kwdefaults = fn.__kwdefaults__
    for name in names[count : count + kwonly]:
        default = _EMPTY if kwdefaults is None else kwdefaults.get(name, _EMPTY)
        parts.append(_parameter(texts, no_default, name, default))
    if varkw:
        parts.append(_parameter(texts, no_default, names[count + kwonly + varargs], _EMPTY, "**"))
    text = f"({', '.join(parts)})"
    return text + f" -> {texts['return']}" if "return" in texts else text


def _parameter(texts: Dict[str, str], no_default: Any, name: str, default: Any, prefix: str = "") -> str:
    # One parameter of signature_text (a module-level function: a closure's cells are made at
    # every call of the function that holds it, the shortcut's calls among them).
    text = f"{name}: {texts[name]}" if name in texts else name
    if default is not _EMPTY and default is not no_default:
        text += (" = " if name in texts else "=") + default_text(default)
    return prefix + text


def _parameter_name(name: str) -> bool:
    # What inspect.Parameter accepts as a name (it refuses others, and the signature is "").
    return name.isidentifier() and not keyword.iskeyword(name)


# The module that finds a function's typing.overload stubs (the loader's too, which registers them).
_OVERLOADS = __name__.rpartition(".")[0].rpartition(".")[0] + "._overloads"


def overloads_of(fn: Any) -> List[Any]:
    """``_overloads.overloads_of``, its module imported once stubs can exist (issue 9): typing
    (3.11+) and typing_extensions register them in their ``_overload_registry``, and
    ``_overloads`` keeps those of payloads loaded where no registry is. While neither library is
    imported or both registries are empty, and ``_overloads`` is not imported, no function has
    stubs (a registry this cannot read, as typing's before 3.11, counts as holding some)."""
    modules = sys.modules
    if _OVERLOADS not in modules:
        # (the two libraries spelled out, no loop: every dumps of a function asks, issue 9)
        typing_ = modules.get("typing")
        if typing_ is None or not getattr(typing_, "_overload_registry", True):
            extensions = modules.get("typing_extensions")
            if extensions is None or not getattr(extensions, "_overload_registry", True):
                return []
    from .._overloads import overloads_of as real

    globals()["overloads_of"] = real
    return real(fn)


# The Python whose type.__or__ makes a union (int | None): .unions decides whether code needs it.
UNION_PYTHON = (3, 10)


# The handling of globals and modules (.modules) is imported by the first global that is not a
# scalar or the first module a function's body imports (issue 9): a first dumps of a closure or
# a lambda over numbers and builtins does not need it. Each stub puts the real function in its
# place, so a warm dumps calls it directly.
def leaf_global(*args: Any) -> bool:
    """``modules.leaf_global``, imported when first needed."""
    from .modules import leaf_global as real

    globals()["leaf_global"] = real
    return real(*args)


def walked_global(*args: Any) -> Step:
    """``modules.walked_global``, imported when first needed."""
    from .modules import walked_global as real

    globals()["walked_global"] = real
    return real(*args)


def global_value(*args: Any, **kwargs: Any) -> Step:
    """``modules.global_value``, imported when first needed."""
    from .modules import global_value as real

    globals()["global_value"] = real
    return real(*args, **kwargs)


def module_value(*args: Any, **kwargs: Any) -> Step:
    """``modules.module_value``, imported when first needed."""
    from .modules import module_value as real

    globals()["module_value"] = real
    return real(*args, **kwargs)


def body_import(*args: Any, **kwargs: Any) -> Step:
    """``modules.body_import``, imported when first needed."""
    from .modules import body_import as real

    globals()["body_import"] = real
    return real(*args, **kwargs)


# decorated.decorated_step, imported by the first function with a __dict__ (issue 9).
_DECORATED: List[Any] = []


def save_function(cap: Capturer, fn: types.FunctionType, need: Need) -> Step:
    """A function by source (one of a library that can be imported by name went by reference:
    see ``dispatch``)."""
    # Not a generator itself: it checks the function and hands the walker _function's step (one
    # generator per function dumped, not two; the walker reports what this raises as it reports
    # what a step raises).
    path = need.path
    member = cap.members.get(id(fn))
    if member is not None:
        # A method reached through its class: its code is in the class's statement.
        class_id, info = member
        return _function(cap, fn, path, facts_of(fn.__code__, info), class_id, need.hint)
    code = fn.__code__
    if fn.__dict__:  # (most functions: an empty __dict__)
        if not _DECORATED:
            from .decorated import decorated_step

            _DECORATED.append(decorated_step)
        step: Optional[Step] = _DECORATED[0](cap, fn, need)
        if step is not None:
            return step
    # A code whose source was proven against the very lines this capture holds for its file
    # (read once per capture and checked against the disk: one stat) keeps that proof: its
    # facts say so, without asking capture_source (its lock and its cache) again.
    filename = code.co_filename
    checked = cap.file_lines
    lines = checked.get(filename)
    # Only a file's lines: an IPython magic's text depends on the code asked about (and a made-up
    # file name goes the long way, where capture_source reads it).
    if lines is None and not (filename.startswith("<") and filename.endswith(">")):
        lines = file_lines(filename, fn.__globals__, code)
        if lines:
            checked[filename] = lines
        else:
            lines = None
    kept = _FACTS_GET(id(code))
    facts = kept[1] if kept is not None and kept[0]() is code else None
    # (a lambda with twins on its line may share its code with one of other defaults: see
    # fits_defaults)
    if (
        facts is None
        or lines is None
        or facts.lines is not lines
        or (facts.info.twins and not fits_defaults(facts.info, fn))
    ):
        try:
            # (None: the global names its code reads, found only if its source is verified now:
            # a source already proven against its file's lines is not verified again)
            info = capture_source(fn, None, checked)
        except (errors().SourceUnavailableError, errors().SourceMismatchError) as exc:
            raise type(exc)(f"{exc} (found at {path})") from exc
        facts = facts_of(code, info)
        if lines is not None:
            # capture_source proved ``info`` against ``lines`` (the capture's lines of the file)
            facts.lines = lines
        if not facts.bit_ors and not info.twins:
            # Its facts hold what later dumps read: the def's syntax tree goes with its parse
            # (issue 9: ~50 tracked objects a function, which every collection walked). A
            # lambda with twins (fits_defaults) and a code with ``|`` (_union_requirement) read
            # it at every dumps: those keep it.
            info.release_node()
    if facts.asks:  # (most codes: neither, told by one test)
        version, what = facts.requirement
        if version > cap.requires[0]:  # (the text made only when it is kept)
            cap.needs_python(version, f"{what} in {fn.__qualname__}")
        if facts.bit_ors and cap.requires[0] < UNION_PYTHON:
            _union_requirement(cap, fn, facts)
    return _function(cap, fn, path, facts, "", need.hint)


def _union_requirement(cap: Capturer, fn: types.FunctionType, facts: CodeFacts) -> None:
    # int | str in code that runs after loading (see .unions): values decide, the closure's
    # over the globals of the same name.
    from .unions import written_union

    cells = zip(fn.__code__.co_freevars, fn.__closure__ or ())
    union = written_union(facts.info, facts.bit_ors, fn.__globals__, cells, False)
    if union is not None:
        cap.needs_python(UNION_PYTHON, f"the union {union} in {fn.__qualname__}")


class CodeFacts:
    """What capture derives from a code object and its verified source, none of which can change
    while both live: the Python its syntax needs, the global names it reads (annotations
    included), the attribute chains it follows, the modules its body imports, and signature
    texts already formatted (by the texts of the defaults and annotations they were made from).
    """

    __slots__ = (
        "info",
        "requirement",
        "bit_ors",
        "names",
        "evaluated",
        "chains",
        "body_imports",
        "positional",
        "signatures",
        "scalar_defaults",
        "lines",
        "written_annotations",
        "written_texts",
        "lookups",
        "place",
        "asks",
    )

    def __init__(self, code: types.CodeType, info: SourceInfo) -> None:
        syntax = syntax_of(info.node, info.file_text)
        self.info = info
        self.requirement = syntax.requirement
        self.bit_ors = syntax.bit_ors
        # Whether its syntax needs a Python above the oldest a payload loads on, or it writes an
        # ``a | b`` (a capture's requirement starts at that oldest: no code below asks more).
        self.asks = self.requirement[0] > MIN_PYTHON or bool(self.bit_ors)
        chains = syntax.chains
        missing: Dict[str, List[Tuple[str, ...]]]
        if syntax.annotated:
            from .typehints import annotation_names, evaluated_annotation_names

            annotated = annotation_names(info)
            self.names = tuple(sorted(set(code_globals(code)).union(annotated.names)))
            # The names the def's own annotations read when it ran (none under the future import).
            self.evaluated = evaluated_annotation_names(info)
            # The chains a string annotation follows ("xml.etree.ElementTree.Element") are no
            # syntax.
            missing = {
                name: found
                for name, found in annotated.chains.items()
                if not set(found) <= set(chains.get(name, ()))
            }
        else:
            # No annotation anywhere in its syntax (most functions): none names or evaluates
            # anything, which is what the two calls above answer, without their walks.
            self.names = tuple(code_globals(code))  # (sorted already)
            self.evaluated = ()
            missing = {}
        if missing:
            chains = dict(chains)
            for name, found in missing.items():
                chains[name] = sorted(set(chains.get(name, ())).union(found))
        self.chains = chains
        # A def's import statements and calls that import by a literal name; a lambda's are
        # such calls only (its body is an expression).
        self.body_imports = syntax.imports
        # The names of the parameters that can take a positional default, in order.
        self.positional = tuple(arg.arg for arg in _parameters(info.node))[: code.co_argcount]
        self.signatures: Dict[Any, str] = {}
        # The last (defaults, signature text) of a function of this code whose defaults are all
        # scalars and that has no keyword defaults or annotations: the same tuple of immutable
        # values gives the same text (most defaults never change).
        self.scalar_defaults: Optional[Tuple[Tuple[Any, ...], str]] = None
        # The lines of its file ``info`` was proven against (set by save_function once it
        # knows them): the same list from linecache later means the same proof holds.
        self.lines: Optional[List[str]] = None
        # What each written annotation is, once asked (see _annotation_replaced).
        self.written_annotations: Optional[Tuple[Tuple[str, Any, Tuple[str, ...]], ...]] = None
        # The text of each annotation the def writes, by parameter (see
        # typehints.annotation_texts): made with the other facts of an annotated def, while its
        # syntax tree is at hand (a proven source does not keep it: issue 9). Under ``from
        # __future__ import annotations`` the live strings are the texts: made only if asked.
        self.written_texts: Optional[Dict[str, str]] = None if syntax.annotated else {}
        if syntax.annotated and info.kind == "def" and "annotations" not in info.future:
            from .typehints import _written_annotations, written_texts

            self.written_texts = written_texts(info)
            self.written_annotations = _written_annotations(info)
        # Its calls that look globals up by a name computed at run time (lookups.py): few
        # functions read any of these names, and only those are walked.
        self.lookups: Tuple[str, ...] = ()
        if not syntax.names.isdisjoint(_LOOKUP_NAMES):
            from .lookups import lookups_in

            self.lookups = lookups_in(info.node, self.names)
        # The fields of a function section its verified source gives, in one record read with one
        # lookup per dumps: source, line, indent, scope, file, future imports, imported names.
        # The file name is one str object for every code of a file (the writer's line chain
        # groups a payload's sections by file, and an identity test then answers first).
        file = info.file
        if type(file) is str:
            if len(_FILE_NAMES) >= _FILE_NAMES_KEPT:
                _FILE_NAMES.clear()
            file = _FILE_NAMES.setdefault(file, file)
        self.place = (info.source, info.line, info.indent, info.scope, file, info.future, info.imported)
        if info.kind == "def":
            _tell_docstring(info)


# One str object per file name (see CodeFacts.place); bounded, as a process may load many files.
_FILE_NAMES: Dict[str, str] = {}
_FILE_NAMES_KEPT = 4096


def _tell_docstring(info: SourceInfo) -> None:
    # The writer leaves a function's doc out when its source gives it, which it learns from a
    # parse of the source (source_docstring); the def's node of the file's parse says it
    # already. Told only when the text cut from the file cannot give another value: no
    # docstring, or a docstring on one line (dedenting the block and the file's line endings
    # change what a string over several lines holds).
    # (the parser makes these exact classes)
    node = info.node
    if type(node) is not ast.FunctionDef and type(node) is not ast.AsyncFunctionDef:
        return
    first = node.body[0]
    value = first.value if type(first) is ast.Expr else None
    if type(value) is ast.Constant and type(value.value) is str:
        if value.end_lineno != value.lineno:
            return
        found: Tuple[Any, ...] = (value.value,)
    else:
        found = (None,)
    tell = _RECORD_DOCSTRING
    if not tell:
        from .._fmt import record_docstring  # (the writer imports it: no import of its own)

        tell.append(record_docstring)
    tell[0](info.source, found)


# The names whose use lookups.lookups_in looks for (builtins, its module's name, the modules that
# reach frames, a frame's globals read: _source.Syntax's ".f_globals"): a function whose syntax
# mentions none of them (most) does not import lookups.py.
_LOOKUP_NAMES = frozenset({"globals", "eval", "exec", "__name__", "sys", "inspect", ".f_globals"})
# _fmt.record_docstring, once looked up (an import statement per function dumped costs more).
_RECORD_DOCSTRING: List[Any] = []


# Per code object, the facts derived from the source it was last verified against (a source
# verified again after its file changed gives a new SourceInfo, and so new facts): by id(), with
# a weak reference to the code that takes the entry out when the code dies. Not a
# WeakKeyDictionary: its lookup compares the weak references, and so the code objects, by ==
# (code_richcompare reads every field: ~1.7k instructions per function of a warm dumps, and two
# equal codes of different files shared an entry).
_FACTS: Dict[int, Tuple[weakref.ref[types.CodeType], CodeFacts]] = {}
_FACTS_GET = _FACTS.get
# Signature texts kept per code object: a function whose defaults keep changing gets no more.
SIGNATURES_PER_CODE = 8
# The signature key of a function with no defaults, keyword defaults or annotations.
_NOTHING_TO_SHOW = ((), (), ())


def facts_of(code: types.CodeType, info: SourceInfo) -> CodeFacts:
    """The ``CodeFacts`` of ``code`` whose verified source is ``info``."""
    key = id(code)
    kept = _FACTS.get(key)
    if kept is not None and kept[0]() is code and kept[1].info is info:
        return kept[1]
    facts = CodeFacts(code, info)
    try:
        # (the entry is this code's while the code lives: its id is not reused before then)
        _FACTS[key] = (weakref.ref(code, functools.partial(_forget_facts, key)), facts)
    except TypeError:  # PyPy's code objects may not be weakly referenceable
        pass
    return facts


def _forget_facts(key: int, ref: weakref.ref[types.CodeType]) -> None:
    # The code is gone: its entry goes, unless a code made since at its address (PyPy calls
    # back late) took the id over.
    kept = _FACTS.get(key)
    if kept is not None and kept[0] is ref:
        _FACTS.pop(key, None)


def _signature(
    fn: types.FunctionType,
    facts: CodeFacts,
    annotations: List[Tuple[str, str]],
    defaults: Optional[Tuple[Any, ...]],
    kwdefaults: Optional[Dict[str, Any]],
) -> str:
    # The text depends on the code (names, kinds of parameters), the texts of the defaults and
    # the annotations: those texts are the key, so a changed default or annotation shows up.
    # A function whose attributes make inspect answer from something other than the code and
    # the defaults (SIGNATURE_ATTRIBUTES) gets its signature computed every time.
    # ``defaults``, ``kwdefaults``: the ones this dumps captured (read once: another thread, or
    # a default's own reduce, may rebind them meanwhile), which the text must show.
    held = fn.__dict__
    if held and SIGNATURE_ATTRIBUTES.intersection(held):
        return signature_text(fn, annotations)
    if defaults and not kwdefaults and not annotations:
        last = facts.scalar_defaults
        if last is not None and last[0] is defaults:
            return last[1]
    if not defaults and not kwdefaults and not annotations:
        key: Any = _NOTHING_TO_SHOW  # (most functions: the key made once)
    else:
        key = (
            tuple([default_text(v) for v in defaults]) if defaults else (),
            tuple([(k, default_text(v)) for k, v in kwdefaults.items()]) if kwdefaults else (),
            tuple(annotations),
        )
    known = facts.signatures.get(key)
    if known is None:
        # The text of the defaults read, from a twin holding them: fn's may be rebound at any
        # moment, and a text of others kept under this key would serve every later dumps.
        twin = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, defaults, fn.__closure__)
        twin.__kwdefaults__ = kwdefaults
        known = signature_text(twin, annotations)
        if len(facts.signatures) >= SIGNATURES_PER_CODE:
            facts.signatures.clear()
        facts.signatures[key] = known
    if defaults and not kwdefaults and not annotations and _all_scalars(defaults):
        facts.scalar_defaults = (defaults, known)
    return known


def _place_id(
    cap: Capturer, fn: types.FunctionType, hint: str, in_class: str, path: str = "", source: str = ""
) -> str:
    # The node id of a function found under ``hint``, a method of class section ``in_class``
    # when that is given (see Capturer.new_id, id_suffix). A function found under a name not its
    # own (a lambda as ``square``, a closure as ``add1``, a method of a factory's class
    # ``Box-big``) always carries that name: the plain qualname went to the first one met, and
    # a new one that sorted first took it from an unrelated section.
    qualname = fn.__qualname__
    if in_class:
        owner = sanitize(qualname.rpartition(".")[0])
        if owner and in_class.startswith(owner + "-"):
            return cap.new_id(qualname, fn, in_class[len(owner) + 1 :], always=True)
        if qualname not in cap.nodes:
            return cap.new_id(qualname, fn)
        return cap.new_id(qualname, fn, id_suffix(fn, hint))
    module = fn.__module__
    if qualname == fn.__name__ and qualname.isidentifier():
        # A def of its module's top level: named by that, never by an alias it was met under
        # (which the next alias to sort first would take), nor by what its loaded namespace
        # holds (a function dumped again from a payload).
        if type(module) is str and module != cap.root_module and module != "__main__":
            return cap.new_id(qualname, fn, module, always=True)  # (a helper of one name in two modules)
        return cap.new_id(qualname, fn, id_suffix(fn, hint))
    suffix = id_suffix(fn, hint)
    if suffix and suffix != module:
        if _in_container(path):
            # One of alike functions a global's container holds (``TABLE = [lambda ...]``): a
            # digest of what it is, not its place among them, which an insertion would move.
            from .alike import function_digest

            suffix = f"{suffix}-{function_digest(fn, source)}"
        return cap.new_id(qualname, fn, suffix, always=True)
    if qualname not in cap.nodes:  # (most: the first of their qualname)
        return cap.new_id(qualname, fn)
    return cap.new_id(qualname, fn, suffix)


def _in_container(path: str) -> bool:
    # Whether ``path`` (see Need) ends at an item of a list, tuple, dict or set, not at a global
    # of a namespace or an entry of a function's own fields (``__globals__['f']``,
    # ``__defaults__[0]``): its last step is an item, after no dunder attribute.
    if path.endswith("<item>"):
        return True
    if not path.endswith("]"):
        return False
    head = path[: path.rfind("[")] if "[" in path else path
    return not (head.endswith("__") or head.endswith("()"))


def _function(
    cap: Capturer, fn: types.FunctionType, path: str, facts: CodeFacts, in_class: str, hint: str
) -> Step:
    code = fn.__code__
    info = facts.info
    if facts.lookups:
        from .lookups import warn_lookups

        warn_lookups(fn, facts.lookups)
    if hint in PLACELESS_HINTS and not in_class:
        node_id = cap.new_id(fn.__qualname__, fn)  # (found in no named place: an item of the root)
    else:
        node_id = _place_id(cap, fn, hint, in_class, path, facts.info.source)
    ref = cap.ref(node_id)
    globals_ = fn.__globals__
    namespace = cap.namespaces.get(id(globals_))  # (made by the first function of its module)
    if namespace is None:
        namespace = cap.namespace(globals_, globals_.get("__name__", fn.__module__) or "")
    # (annotation_texts' answer for a function without annotations, without its call)
    annotations = _typehints().annotation_texts(fn, facts) if fn.__annotations__ else []
    # Read once: the payload's defaults and its signature text show one state of them.
    live_defaults, live_kwdefaults = fn.__defaults__, fn.__kwdefaults__
    all_chains = facts.chains
    held, found = namespace.dict, namespace.values
    typed: List[Any] = []  # typing objects read, whose forward references name more globals
    kept = namespace.kept  # (a namespace srcpickle loaded with guards: see guards.kept_global)
    for name in facts.names:
        if kept is not None:
            from .guards import kept_global

            if kept_global(cap, namespace, name):
                continue
        # What global_value does for a name its module lacks (a builtin: read when the code
        # runs), for a scalar (its own value) and for a name another function of the module
        # already brought in (a module goes on: this code may reach other submodules through it),
        # without making its path and generator.
        if name not in held:
            continue
        value = held[name]
        scalar = type(type(value)) is type and type(value) in SCALARS
        if scalar:
            found.setdefault(name, value)
            continue
        if name in found and not isinstance(value, types.ModuleType):
            continue  # captured already from this namespace (global_value does nothing more)
        if type(type(value)) is type and type(value) in LEAF_KINDS:
            # Data, by value however imported: what global_value does for it, without its
            # generator and path text for a leaf of scalars (most data globals).
            if not leaf_global(cap, namespace, name, value):
                where = f"{path}.__globals__[{name!r}]"
                yield from walked_global(cap, namespace, name, value, where, all_chains.get(name, []))
            continue
        yield from global_value(
            cap, namespace, name, f"{path}.__globals__[{name!r}]", all_chains.get(name, []), info.bindings
        )
        if type(value).__module__ in _TYPING_MODULES:
            typed.append(value)
    imports: List[Value] = []
    for module in facts.body_imports:
        if module.startswith("."):
            import importlib.util  # only for body imports (on 3.9 it imports typing: issue 9)

            try:
                module = importlib.util.resolve_name(module, fn.__globals__.get("__package__"))
            except (ImportError, ValueError):
                continue  # no package to resolve it against: the call fails as the original's
        imported = yield from body_import(cap, module, path)
        if imported is not None:
            imports.append(imported)
    closure = []
    if fn.__closure__:
        qualname = fn.__qualname__
        # Its cells are told apart as it is (cell.make.n-add2 for make.<locals>.add-add2).
        suffix = "" if node_id == qualname else cell_suffix(node_id[len(sanitize(qualname)) + 1 :])
        for name, cell in zip(code.co_freevars, fn.__closure__):
            # Named, as a class statement's cells are: "__closure__[3]" left the user counting.
            cell_ref = yield from save_cell(
                cap,
                cell,
                fn.__qualname__,
                name,
                f"{path}.<closure>[{name!r}]",
                all_chains.get(name, []),
                suffix,
            )
            closure.append((name, cell_ref))
    defaults: Optional[Value] = None
    # Whether every value of the section is a scalar or a container of scalars only (nothing in
    # it for finish to inline, rename or sort).
    plain = not closure
    if live_defaults is not None and _all_scalars(live_defaults):
        defaults = _tuple_value(live_defaults)  # each its own value: no walk (most defaults)
    elif live_defaults is not None:
        plain = False
        positional = facts.positional
        start = len(positional) - len(live_defaults)
        items = []
        for index, default in enumerate(live_defaults):
            scalar = type(type(default)) is type and type(default) in SCALARS
            if scalar:  # its own value: no walk (most defaults)
                items.append(default)
                continue
            parameter = positional[start + index] if 0 <= start + index < len(positional) else ""
            # Named by its parameter, as keyword-only defaults are (__kwdefaults__['key']).
            where = f"{path}.<defaults>[{parameter!r}]" if parameter else f"{path}.__defaults__[{index}]"
            items.append((yield Need(default, where, chains=all_chains.get(parameter, []))))
        defaults = _tuple(items)
    kwdefaults = None
    if live_kwdefaults is not None:
        plain = plain and _all_scalars(live_kwdefaults.values())
        pairs = []
        for key, default in live_kwdefaults.items():
            scalar = type(type(default)) is type and type(default) in SCALARS
            if scalar:
                pairs.append((key, default))
                continue
            pairs.append(
                (
                    key,
                    (yield Need(default, f"{path}.__kwdefaults__[{key!r}]", chains=all_chains.get(key, []))),
                )
            )
        kwdefaults = _dict_value(tuple(pairs))
    attributes = []
    held_attributes = fn.__dict__
    if held_attributes:  # (most functions have none: no items() iterator made)
        for name, value in held_attributes.items():
            if not isinstance(name, str) or name in FUNCTION_FIELDS:
                if isinstance(name, str) and _shadows_itself(fn, name, value):
                    # functools.wraps over a callable whose __dict__ holds these names (an
                    # lru_cache wrapper, a class-based decorator) copies them into the
                    # function's __dict__ after setting the attributes from the same objects:
                    # every read gives the attribute, which the section carries already.
                    continue
                from .failures import unloadable_attribute

                raise unloadable_attribute(fn, name, path)
            attributes.append((name, (yield Need(value, f"{path}.{name}", name))))
    live_annotations = fn.__annotations__  # (a function always answers: {} made on first read)
    if live_annotations and (
        [name for name, _ in annotations] != list(live_annotations)
        or _typehints()._reads_enclosing(fn, facts, in_class)
        or _typehints()._annotation_replaced(fn, facts, live_annotations)
    ):
        # Annotations its source does not write (functools.wraps gives a wrapper the wrapped
        # function's; code may assign them after the def), or that read a local of an enclosing
        # function or class body (``def inner(x: Local)``), which the loader cannot evaluate
        # again in the function's globals, go as the live values (format 3), which the loader
        # sets instead of evaluating the written ones.
        value = yield Need(live_annotations, f"{path}.__annotations__", "__annotations__")
        attributes.append(("__annotations__", value))
        cap.later_format = True  # (format 3: see finish)
        typed.extend(v for v in live_annotations.values() if type(v).__module__ in _TYPING_MODULES)
    if typed:
        yield from _typehints().forward_globals(cap, namespace, typed, path, info.bindings)
    doc: Value = fn.__doc__
    # (a docstring is text or None, unless set to something else)
    if type(type(doc)) is not type or type(doc) not in SCALARS:
        doc = yield Need(doc, f"{path}.__doc__")
    signature = _signature(fn, facts, annotations, live_defaults, live_kwdefaults)
    # Every field by position, in FunctionNode's order: the records' quick way in (keywords
    # cost a small dump a tenth of its time).
    overloads: Tuple[Value, ...] = ()
    scope_names: Tuple[Tuple[str, Value], ...] = ()
    if in_class:
        # Written inside its class's source, which says where it came from (format 2); its
        # class statement registers its typing.overload stubs again when it runs.
        source, line, indent, scope, file = "", _first_line(info.node), "", "", ""
        future: Tuple[str, ...] = ()
        imported_names: Tuple[str, ...] = ()
    else:
        source, line, indent, scope, file, future, imported_names = facts.place
        stubs = overloads_of(fn)
        if stubs:
            overloads = yield from _overloads(cap, stubs, path)
        parameters = getattr(fn, "__type_params__", None)
        if scope and parameters and type(parameters) is tuple:
            # (3.12+: a generic def in a class body, dumped without its class; every other def
            # has an empty tuple there, and does not import typeparams)
            from .typeparams import scope_names_of

            scope_names = yield from scope_names_of(cap, fn, path)
    node = _function_node(
        fn.__name__,
        fn.__qualname__,
        fn.__module__ or "",
        namespace.node_id,
        info.kind,
        source,
        line,
        indent,
        scope,
        file,
        signature,
        future,
        imported_names,
        tuple(closure),
        defaults,
        kwdefaults,
        tuple(annotations),
        doc,
        tuple(attributes),
        tuple(imports),
        in_class,
        overloads,
        scope_names,
    )
    cap.nodes[node_id] = node
    if (
        plain
        and not attributes
        and not imports
        and not overloads
        and type(type(doc)) is type
        and type(doc) in SCALARS
    ):
        cap.plain_nodes.add(node_id)
    return ref


def _overloads(cap: Capturer, stubs: List[Any], path: str) -> Step:
    # The typing.overload stubs of a function dumped by source (format 3): each a function by
    # source too, which typing's registry, keyed by module and qualname, no longer holds where
    # the payload loads.
    values = []
    for index, stub in enumerate(stubs):
        values.append((yield Need(stub, f"{path}.<overloads>[{index}]")))
    cap.later_format = True  # (format 3: see finish)
    return tuple(values)


# The modules of the classes of typing's objects that may hold forward references: List["Pet"]
# (typing), list["Pet"] (types.GenericAlias), TypeVar("T", bound="Pet").
_TYPING_MODULES = frozenset({"typing", "types", "typing_extensions"})


def typing_globals(namespace: Any, names: Any) -> List[Any]:
    """The values of the globals ``names`` of ``namespace`` that are typing objects."""
    held = namespace.dict
    return [held[n] for n in names if n in held and type(held[n]).__module__ in _TYPING_MODULES]


def _function_node(
    name: str,
    qualname: str,
    module: str,
    namespace: str,
    kind: str,
    source: str,
    line: int,
    indent: str,
    scope: str,
    file: str,
    signature: str,
    future: Tuple[str, ...],
    imported: Tuple[str, ...],
    closure: Tuple[Tuple[str, Value], ...],
    defaults: Optional[Value],
    kwdefaults: Optional[Value],
    annotations: Tuple[Tuple[str, str], ...],
    doc: Value,
    attributes: Tuple[Tuple[str, Value], ...],
    body_imports: Tuple[Value, ...],
    in_class: str,
    overloads: Tuple[Value, ...],
    scope_names: Tuple[Tuple[str, Value], ...],
) -> FunctionNode:
    # FunctionNode(...) with every field by position, each stored by name: half the cost of the
    # record's own __init__ (its argument packing and zip), one section per function dumped.
    # The parameters are the record's fields in order (checked at import, below).
    node: FunctionNode = _new(FunctionNode)
    held = node.__dict__
    held["name"] = name
    held["qualname"] = qualname
    held["module"] = module
    held["namespace"] = namespace
    held["kind"] = kind
    held["source"] = source
    held["line"] = line
    held["indent"] = indent
    held["scope"] = scope
    held["file"] = file
    held["signature"] = signature
    held["future"] = future
    held["imported"] = imported
    held["closure"] = closure
    held["defaults"] = defaults
    held["kwdefaults"] = kwdefaults
    held["annotations"] = annotations
    held["doc"] = doc
    held["attributes"] = attributes
    held["body_imports"] = body_imports
    held["in_class"] = in_class
    held["overloads"] = overloads
    held["scope_names"] = scope_names
    return node


_new = object.__new__
check_record_maker(FunctionNode, _function_node)


# SCALARS, for a function's defaults (the shortcut tests empty it).
_SCALAR_SET = SCALARS


def _all_scalars(values: Any) -> bool:
    # Whether every one of ``values`` (a function's few defaults) is of a scalar type, by
    # _SCALAR_SET, each as one object (see _capture.SCALARS): a loop costs less than C loops' setup.
    for value in values:
        kind = type(value)
        if type(kind) is not type or kind not in _SCALAR_SET:
            return False
    return True


def _shadows_itself(fn: types.FunctionType, name: str, value: Any) -> bool:
    """Whether ``value``, under ``name`` (one of FUNCTION_FIELDS) in ``fn.__dict__``, is the very
    object ``fn``'s own attribute of that name gives: an entry no read of ``fn`` ever sees."""
    try:
        return getattr(fn, name) is value
    except AttributeError:  # (PyPy: no __annotations__ attribute before it is read once)
        return False


_tuple_value = one_field_maker(TupleValue)
_dict_value = one_field_maker(DictValue)


def _tuple(items: List[Value]) -> Value:
    return _tuple_value(tuple(items))


def _parameters(node: ast.AST) -> List[ast.arg]:
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return []
    args = node.args
    return [*args.posonlyargs, *args.args]


def _first_line(node: ast.AST) -> int:
    decorators = getattr(node, "decorator_list", [])
    first: int = min([getattr(node, "lineno", 1)] + [d.lineno for d in decorators])
    return first


def save_cell(
    cap: Capturer,
    cell: Any,
    qualname: str,
    name: str,
    path: str,
    chains: Optional[List[Tuple[str, ...]]],
    suffix: str = "",
) -> Step:
    """A closure cell (shared by every closure that holds it); ``chains``: what the code reads
    through the variable, when it holds a module; ``suffix``: what tells the id of the closure
    that holds it from others of its qualname, to tell the cell's id apart the same way."""
    node_id = cap.memo.get(id(cell))
    if node_id is not None:
        return cap.ref(node_id)
    scope = qualname.rsplit(".<locals>.", 1)[0] if ".<locals>." in qualname else qualname
    node_id = cap.new_id(f"cell.{scope}.{name}", cell, suffix, always=True)
    ref = cap.ref(node_id)
    try:
        contents = cell.cell_contents
    except ValueError:
        cap.nodes[node_id] = CellNode(None, True)
        return ref
    cap.nodes[node_id] = CellNode((yield Need(contents, path, name, chains)), False)  # (by position: quick)
    return ref
