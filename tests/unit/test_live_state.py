"""What the live objects hold beyond what their source says, found by scenarios nobody on the team
wrote: a library's global is the process's state (never a copy of the dumping process's), and a
class or function whose statement would not give it back is refused at dumps with what to do,
never written as a payload that cannot load or loads something else. (The round trips on every
interpreter are in tests/roundtrip/cases/live_state.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

import srcpickle
from srcpickle._fmt.read import parse
from srcpickle._fmt.write import write_in

from . import drop_on_teardown, import_from, load_error_fresh, load_fresh, write_module

ENVIRON_USER = """\
import os

ENV = os.environ


def setting(name):
    return ENV.get(name, "unset"), ENV is os.environ
"""


def test_os_environ_goes_by_reference_and_no_variable_is_in_the_payload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRCPICKLE_TEST_SECRET", "s3cr3t-value")
    user = import_from(monkeypatch, write_module(tmp_path, "envuser", ENVIRON_USER).parent, "envuser")
    data = srcpickle.dumps(user.setting)
    assert b"s3cr3t-value" not in data and b"SRCPICKLE_TEST_SECRET" not in data
    assert b"qualname: 'environ'" in data
    loaded = load_fresh(
        data, tmp_path, "fn('LOADER_FLAG')", before="import os\nos.environ['LOADER_FLAG'] = 'on'\n"
    )
    assert loaded == ("on", True)


BASES_REASSIGNED = """\
class Base1:
    def who(self):
        return "base1"


class Base2:
    def who(self):
        return "base2"


class Child(Base1):
    pass


Child.__bases__ = (Base2,)
"""

BASE_REBOUND = """\
class Base:
    def who(self):
        return "first"


class Child(Base):
    pass


class Base:
    def who(self):
        return "second"
"""


@pytest.mark.parametrize("source", [BASES_REASSIGNED, BASE_REBOUND], ids=["bases-assigned", "base-rebound"])
def test_a_class_whose_statement_names_other_bases_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "basesuser", source).parent, "basesuser")
    with pytest.raises(srcpickle.SourceMismatchError) as caught:
        srcpickle.dumps(user.Child)
    message = str(caught.value)
    assert (
        "class Child has the bases (Base" in message
        and "its class statement in basesuser.py names" in message
    )
    assert "Define the class with the bases it has" in message


def test_a_class_whose_statement_still_gives_it_loads_with_its_bases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The control: the same classes, bases untouched, load and behave as the original.
    source = BASES_REASSIGNED.replace("Child.__bases__ = (Base2,)\n", "")
    user = import_from(monkeypatch, write_module(tmp_path, "basesok", source).parent, "basesok")
    data = srcpickle.dumps(user.Child)
    assert load_fresh(data, tmp_path, "(fn().who(), [c.__name__ for c in fn.__mro__])") == (
        "base1",
        ["Child", "Base1", "object"],
    )


SINGLETON = """\
def singleton(cls):
    return cls()


@singleton
class Config:
    debug = False

    def get(self):
        return ("cfg", self.debug)
"""


def test_a_class_statement_whose_decorator_made_an_instance_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "singleuser", SINGLETON).parent, "singleuser")
    assert user.Config.get() == ("cfg", False)
    for obj in (user.Config, type(user.Config)):
        with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
            srcpickle.dumps(obj)
        assert "decorators made an instance of it" in str(caught.value)
        assert "Make the instance with a call after the class statement" in str(caught.value)


REPLACED_BY_A_CALLABLE = """\
import functools


def as_function(cls):
    def make(*args):
        return cls(*args).run()

    make.cls = cls
    return make


def as_wrapper(cls):
    @functools.wraps(cls, updated=())
    def build(*args):
        return ("built", cls(*args))

    return build


@as_function
class Job:
    def __init__(self, x):
        self.x = x

    def run(self):
        return self.x * 2


@functools.lru_cache(maxsize=None)
class Interned:
    def __init__(self, key):
        self.key = key


@as_wrapper
class Made:
    def __init__(self, v):
        self.v = v


def uses_job(x):
    return Job(x)


class _Task:
    def __init__(self, x):
        self.x = x

    def run(self):
        return self.x + 1


Task = as_function(_Task)


def register(cls):
    cls.registered = True
    return cls


@register
class Report:
    def title(self):
        return "report"


Report = as_function(Report)  # bound again after the statement, whose decorator returned the class
"""


@pytest.mark.parametrize(
    ("expression", "name", "replaced_by"),
    [
        ("user.Job", "Job", "the function as_function.<locals>.make"),
        ("user.Job.cls", "Job", "the function as_function.<locals>.make"),
        ("user.uses_job", "Job", "the function as_function.<locals>.make"),
        ("user.Interned", "Interned", "the _lru_cache_wrapper Interned"),
        ("user.Interned.__wrapped__", "Interned", "the _lru_cache_wrapper Interned"),
        ("user.Made", "Made", "the function Made"),
    ],
)
def test_a_class_statement_whose_decorator_returned_a_callable_holding_it_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expression: str, name: str, replaced_by: str
) -> None:
    """Running the statement at load would bind the decorator's function again, and the class it
    made would be out of reach (before: dumps wrote a payload whose load raised LoadError)."""
    user = import_from(
        monkeypatch, write_module(tmp_path, "replaceduser", REPLACED_BY_A_CALLABLE).parent, "replaceduser"
    )
    obj = eval(expression, {"user": user})  # noqa: S307 - the test's own expressions
    with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
        srcpickle.dumps(obj)
    message = str(caught.value)
    assert f"cannot capture class {name}, found at " in message, message
    assert f"decorators replaced it by {replaced_by} ({name} in its module)" in message, message
    assert f"class _{name}: ...; {name} = decorator(_{name})" in message, message


def test_the_decorator_applied_as_a_call_after_the_class_statement_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the refusal advises: the class under its own name, the decorator's function bound apart.
    user = import_from(
        monkeypatch, write_module(tmp_path, "replaceduser2", REPLACED_BY_A_CALLABLE).parent, "replaceduser2"
    )
    data = srcpickle.dumps(user.Task)
    assert load_fresh(data, tmp_path, "(fn(4), fn.__name__, fn.cls.__name__)") == (5, "make", "_Task")


def test_a_decorated_class_whose_name_a_later_assignment_bound_again_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Report = as_function(Report) after the statement: the name holds a function holding the
    # class, but the statement's own decorator returned the class, which running it gives again.
    user = import_from(
        monkeypatch, write_module(tmp_path, "replaceduser3", REPLACED_BY_A_CALLABLE).parent, "replaceduser3"
    )
    data = srcpickle.dumps(user.Report.cls)
    assert load_fresh(data, tmp_path, "(fn().title(), fn.registered, fn.__name__)") == (
        "report",
        True,
        "Report",
    )


SUBCLASSING_DECORATOR = """\
def with_repr(cls):
    class Wrapped(cls):
        def __repr__(self):
            return "<" + cls.__name__ + ">"

    Wrapped.__name__ = cls.__name__
    Wrapped.__qualname__ = cls.__qualname__
    return Wrapped


@with_repr
class Record:
    def kind(self):
        return __class__.__name__


def make():
    return Record()
"""


def test_a_class_statement_whose_decorator_returned_a_subclass_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Running the statement at load gives only the subclass: the class it replaced (reached
    # through the subclass's __bases__ or a method's __class__ cell) loaded as the subclass, and
    # the subclass was refused as a class whose __bases__ were assigned.
    user = import_from(
        monkeypatch, write_module(tmp_path, "subdeco", SUBCLASSING_DECORATOR).parent, "subdeco"
    )
    replaced = user.Record.__bases__[0]
    for obj in (replaced, replaced.kind, user.Record, user.Record(), user.make):
        with pytest.raises(srcpickle.DumpError) as caught:
            srcpickle.dumps(obj)
        message = str(caught.value)
        assert "@with_repr of its class statement" in message and "a subclass" in message, message
        assert "Make the decorator change the class it is given and return it" in message, message


SELF_NAMED_SUBCLASS = """\
class Tool:
    def name(self):
        return "tool"


Original = Tool


class Tool(Tool):
    def name(self):
        return "better " + super().name()
"""


def test_the_class_a_later_statement_of_its_name_subclasses_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The control: no decorator replaced it, a later statement rebound its name.
    user = import_from(
        monkeypatch, write_module(tmp_path, "selfnamed", SELF_NAMED_SUBCLASS).parent, "selfnamed"
    )
    data = srcpickle.dumps(user.Original)
    assert load_fresh(data, tmp_path, "(fn().name(), [c.__name__ for c in fn.__mro__])") == (
        "tool",
        ["Tool", "object"],
    )


DECORATED_THEN_REBOUND = """\
def tagged(cls):
    cls.tag = "tagged"
    return cls


@tagged
class Tool:
    def name(self):
        return "tool"


Original = Tool


class Tool(Tool):
    def name(self):
        return "better " + super().name()


def use():
    return Original().name(), Original.tag
"""


@pytest.mark.parametrize("root", ["the class", "a function reading it"])
def test_a_decorated_class_a_later_statement_of_its_name_subclasses_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str
) -> None:
    """The control above, with a decorator that returns the class it is given: a second check of
    "the decorators returned a subclass" (beside the one through the statement's name) blamed
    @tagged for the later statement's class and refused the class."""
    user = import_from(
        monkeypatch, write_module(tmp_path, "rebound", DECORATED_THEN_REBOUND).parent, "rebound"
    )
    if root == "the class":
        data = srcpickle.dumps(user.Original)
        probe = "(fn().name(), fn.tag, [c.__name__ for c in fn.__mro__])"
        assert load_fresh(data, tmp_path, probe) == ("tool", "tagged", ["Tool", "object"])
    else:
        assert load_fresh(srcpickle.dumps(user.use), tmp_path, "fn()") == ("tool", "tagged")


SELF_NAMED_WITH_KEYWORDS = """\
LABEL = "third"


def computed():
    return "fourth"


class Plugin:
    names = []

    def __init_subclass__(cls, name="", **options):
        super().__init_subclass__(**options)
        cls.names.append(name)
        cls.name = name


class Plugin(Plugin, name="second"):
    level = 1


First = Plugin


class Plugin(Plugin, name=LABEL):
    level = 2


Second = Plugin


class Plugin(Plugin, name=computed()):
    level = 3


Third = Plugin


class Plugin(Plugin, **{"name": "fifth"}):
    level = 4
"""


@pytest.mark.parametrize(
    "root,names", [("First", ["second"]), ("Second", ["second", "third"])], ids=["literal", "global"]
)
def test_a_self_named_subclass_passing_class_keywords_round_trips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str, names: List[str]
) -> None:
    # class Plugin(Plugin, name=...): goes as type(name, bases, namespace, name=...), which
    # passes the keyword to __init_subclass__ again.
    user = import_from(
        monkeypatch,
        write_module(tmp_path, f"selfkeywords_{root}", SELF_NAMED_WITH_KEYWORDS).parent,
        f"selfkeywords_{root}",
    )
    data = srcpickle.dumps(getattr(user, root))
    probe = (
        "(fn.name, fn.level, fn.names, [c.__name__ for c in fn.__mro__], getattr(fn.__mro__[1], 'name', ''))"
    )
    chain = ["Plugin"] * (len(names) + 1) + ["object"]
    # (the list every statement's hook appended to, as captured, and nothing more)
    everything = ["second", "third", "fourth", "fifth"]
    expected = (names[-1], len(names), everything, chain, names[-2] if root == "Second" else "")
    assert load_fresh(data, tmp_path, probe) == expected


@pytest.mark.parametrize("root,keyword", [("Third", "name"), ("Plugin", "**")], ids=["call", "unpacked"])
def test_a_self_named_subclass_passing_unknown_class_keywords_is_refused_with_a_remedy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str, keyword: str
) -> None:
    user = import_from(
        monkeypatch,
        write_module(tmp_path, f"selfkw_{root}", SELF_NAMED_WITH_KEYWORDS).parent,
        f"selfkw_{root}",
    )
    with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
        srcpickle.dumps(getattr(user, root))
    message = str(caught.value)
    assert "found at root" in message and f"keywords ({keyword}) are not known" in message, message
    assert "class _Plugin(Plugin, ...): ...; then Plugin = _Plugin" in message, message


SUBCLASSING_HELPERS = """\
def renamed(cls):
    return type(cls.__name__ + "X", (cls,), {})


def by_statement(cls):
    class Registered(cls):
        pass

    return Registered
"""

DECORATED_BY_ANOTHER_MODULE = """\
from {helpers} import {decorator}


@{decorator}
class Point:
    def double(self):
        return 2


def use():
    return Point().double()
"""


@pytest.mark.parametrize("decorator", ["renamed", "by_statement"])
def test_a_subclass_made_by_a_decorator_of_another_module_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decorator: str
) -> None:
    # The subclass's __module__ is the decorator's module: the same message, however the class
    # (or the one it replaced) is reached.
    helpers = f"subhelpers_{decorator}"
    write_module(tmp_path, helpers, SUBCLASSING_HELPERS)
    drop_on_teardown(monkeypatch, helpers)
    source = DECORATED_BY_ANOTHER_MODULE.format(helpers=helpers, decorator=decorator)
    user = import_from(
        monkeypatch, write_module(tmp_path, f"subuser_{decorator}", source).parent, f"subuser_{decorator}"
    )
    replaced = user.Point.__bases__[0]
    for obj in (user.Point, replaced, user.use):
        with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
            srcpickle.dumps(obj)
        message = str(caught.value)
        assert f"the decorator @{decorator} of its class statement in " in message, message
        assert "returned another class" in message and "then Point = " in message, message


SINGLEDISPATCH = """\
import functools


@functools.singledispatch
def show(x):
    return "object"


@show.register
def _(x: int):
    return "int"


def make_show():
    @functools.singledispatch
    def show(x):
        return "object"

    @show.register
    def _(x: int):
        return "int"

    return show
"""


def test_a_singledispatch_function_loads_with_its_registrations_and_so_does_its_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(
        monkeypatch, write_module(tmp_path, "dispatchuser", SINGLEDISPATCH).parent, "dispatchuser"
    )
    # The dispatcher itself: singledispatch(func), then each registration, before anyone gets it.
    data = srcpickle.dumps(user.show)
    assert b"@functools.singledispatch" in data and b"'register'" in data
    assert load_fresh(data, tmp_path, "(fn(1), fn('a'), sorted(t.__name__ for t in fn.registry))") == (
        "int",
        "object",
        ["int", "object"],
    )
    # A function that makes the dispatcher and registers its implementations goes by source.
    data = srcpickle.dumps(user.make_show)
    assert load_fresh(data, tmp_path, "(fn()(1), fn()('a'))") == ("int", "object")


def test_no_variable_of_the_environment_is_written_when_a_library_reads_it(tmp_path: Path) -> None:
    # os.environ reached through another library global (os.environ's own methods, bound).
    getter = os.environ.get
    data = srcpickle.dumps(getter)
    assert b"PATH" not in data
    assert load_fresh(data, tmp_path, "fn('HOME') == __import__('os').environ.get('HOME')") is True


WRAPPED = """\
import functools


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@traced
def scale(x: float, factor: int = 2) -> float:
    return x * factor


def plain(x: float) -> float:
    return x
"""

TYPECHECKED_CALLS = """
def outcome(call):
    try:
        return repr(call())
    except Exception as exc:
        return type(exc).__name__
"""


def test_a_wrapper_keeps_the_wrapped_functions_annotations_and_typecheck_uses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "wrapuser", WRAPPED).parent, "wrapuser")
    data = srcpickle.dumps(user.scale)
    assert data.startswith(b"srcpickle-payload 3\n")
    assert b"attribute __annotations__ = {'x': @builtins.float" in data
    checked = "(sorted(fn.__annotations__), outcome(lambda: fn(1.5)), outcome(lambda: fn('a')))"
    again = "fn = srcpickle.loads(open(sys.argv[1], 'rb').read(), typecheck=True)\n"
    result = load_fresh(data, tmp_path, checked, before=TYPECHECKED_CALLS + again)
    assert result == (["factor", "return", "x"], "3.0", "TypeCheckError")
    # A function whose source writes its annotations stays format 1.
    assert srcpickle.dumps(user.plain).startswith(b"srcpickle-payload 1\n")


def test_live_annotations_of_a_function_need_format_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "wrapuser2", WRAPPED).parent, "wrapuser2")
    data = srcpickle.dumps(user.scale)
    # Its text in format 2's layout (every field of every section), labelled format 2.
    relabelled = write_in(parse(data), 2).encode("utf-8")
    with pytest.raises(srcpickle.PayloadFormatError) as caught:
        srcpickle.loads(relabelled)
    assert "attribute '__annotations__' needs format 3, and this payload is format 2" in str(caught.value)
    assert srcpickle.loads(data).__annotations__ == user.scale.__annotations__


def test_a_body_import_of_the_users_own_module_is_checked_at_load(tmp_path: Path) -> None:
    """A function importing a module of the user's own in its body (absolute or relative) loaded
    anywhere, and failed inside the call where the module was missing; loading now says so
    first. An optional import the module cannot satisfy here either stays the body's business."""
    package = tmp_path / "src" / "relpkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "helpers.py").write_text("def twice(x):\n    return 2 * x\n", encoding="utf-8")
    (package / "main.py").write_text(
        "def relative(x):\n"
        "    from .helpers import twice\n"
        "    return twice(x)\n\n\n"
        "def absolute(x):\n"
        "    import relpkg.helpers\n"
        "    return relpkg.helpers.twice(x)\n\n\n"
        "def optional(x):\n"
        "    try:\n"
        "        import relpkg_plugin_not_anywhere\n"
        "    except ImportError:\n"
        "        return -x\n"
        "    return relpkg_plugin_not_anywhere.run(x)\n",
        encoding="utf-8",
    )
    code = f"""
import sys
sys.path.insert(0, {str(tmp_path / "src")!r})
import relpkg.main, srcpickle
for name in ("relative", "absolute", "optional"):
    open(sys.argv[1] + "/" + name + ".srcpickle", "wb").write(srcpickle.dumps(getattr(relpkg.main, name)))
"""
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for name in ("relative", "absolute"):
        data = (out / f"{name}.srcpickle").read_bytes()
        assert b"body-imports: (@relpkg.helpers,)" in data
        error = load_error_fresh(data, tmp_path)
        assert error[0] == "MissingDependencyError" and "relpkg.helpers" in error[1], error
        assert load_fresh(data, tmp_path, "fn(21)", extra_path=[tmp_path / "src"]) == 42
    optional = (out / "optional.srcpickle").read_bytes()
    assert b"body-imports" not in optional
    assert load_fresh(optional, tmp_path, "fn(5)") == -5


DOCUMENTED = '''\
class Documented:
    """First line.

    More, indented as written."""


class Changed:
    """Written."""


Changed.__doc__ = "Set after the statement."
'''


def test_a_class_docstring_is_carried_only_when_changed_after_its_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python 3.13 strips a docstring's indentation: the statement still gives it, so it is no
    # state to carry (3.13 wrote it again, and its payloads differed from other Pythons').
    user = import_from(monkeypatch, write_module(tmp_path, "docuser", DOCUMENTED).parent, "docuser")
    assert b"attribute __doc__" not in srcpickle.dumps(user.Documented)
    changed = srcpickle.dumps(user.Changed)
    assert b"attribute __doc__ = 'Set after the statement.'" in changed
    assert load_fresh(changed, tmp_path, "fn.__doc__") == "Set after the statement."


FUTURE_ANNOTATED = """\
from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional

if TYPE_CHECKING:
    from decimal import Decimal


def total(xs: List[int], start: Optional[int] = None) -> int:
    return sum(xs, start or 0)


def later(x: Decimal) -> Decimal:
    return x
"""


def test_typecheck_resolves_future_annotations_naming_imports_the_body_never_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under ``from __future__ import annotations`` the names the annotation strings read
    (``List``, ``Optional``) go in the payload: ``typecheck=True`` checked nothing (the strings
    did not resolve in the loaded globals) and ``typing.get_type_hints`` raised ``NameError``.
    A name the module never bound (imported only for type checkers) is still left out."""
    user = import_from(
        monkeypatch, write_module(tmp_path, "futureuser", FUTURE_ANNOTATED).parent, "futureuser"
    )
    data = srcpickle.dumps(user.total)
    assert data.startswith(b"srcpickle-payload 1\n")
    checked = (
        "(outcome(lambda: fn([1, 2], 3)), outcome(lambda: fn(['a'])), outcome(lambda: fn([1], 'b')),"
        " sorted(typing.get_type_hints(fn)))"
    )
    again = "import typing\nfn = srcpickle.loads(open(sys.argv[1], 'rb').read(), typecheck=True)\n"
    result = load_fresh(data, tmp_path, checked, before=TYPECHECKED_CALLS + again)
    assert result == ("6", "TypeCheckError", "TypeCheckError", ["return", "start", "xs"])
    unbound = srcpickle.dumps(user.later)
    assert load_fresh(unbound, tmp_path, "(fn(5), 'Decimal' in fn.__globals__)") == (5, False)


NEW_WITH_ARGUMENTS = """\
class Money:
    def __new__(cls, amount, currency="EUR"):
        self = super().__new__(cls)
        self.amount, self.currency = amount, currency
        return self


class Token:
    def __new__(cls, *, value):
        self = super().__new__(cls)
        self.value = value
        return self


class Priced(Money):
    def __getnewargs__(self):
        return (self.amount, self.currency)


PRICE = Money(3)


def total(n):
    return n * PRICE.amount


def priced():
    return Priced(5, "USD")
"""


def test_an_object_whose_new_needs_arguments_its_reduction_omits_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # copyreg.__newobj__(Money) alone: the payload was written and failed at load (TypeError:
    # __new__() missing 1 required positional argument: 'amount'), as pickle's does.
    user = import_from(monkeypatch, write_module(tmp_path, "newargs", NEW_WITH_ARGUMENTS).parent, "newargs")
    for obj, needs in ((user.PRICE, "amount"), (user.total, "amount"), (user.Token(value=1), "value")):
        with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
            srcpickle.dumps(obj)
        message = str(caught.value)
        assert f"__new__ alone, which needs {needs}" in message, message
        assert "give the class a __getnewargs__" in message, message
    # The control: __getnewargs__ gives them.
    data = srcpickle.dumps(user.priced())
    assert load_fresh(data, tmp_path, "(fn.amount, fn.currency, type(fn).__name__)") == (5, "USD", "Priced")


LOCAL_CLASS_BODY_DECORATOR = """\
import functools


def make_local(prefix):
    def deco(fn):
        @functools.wraps(fn)
        def inner(self):
            return prefix + fn(self)

        return inner

    class Local:
        @deco
        def show(self):
            return "local"

    return Local


def make_registry(register):
    class Registered:
        register.add("Registered")

    return Registered


def make_tagged(tags):
    class Tagged:
        first = tags[0]

    return Tagged


def make_masked(width):
    class Masked:
        mask = width | 1

    return Masked


def make_negated(n):
    class Negated:
        value = -n

    return Negated


def make_ordered(limit):
    class Ordered:
        big = limit > 3

    return Ordered


def make_contained(names):
    class Contained:
        known = "a" in names

    return Contained


def make_looped(items):
    class Looped:
        total = 0
        for item in items:
            total += item

    return Looped


def make_comprehended(items):
    class Comprehended:
        doubled = [2 * item for item in items]

    return Comprehended


def make_starred(items):
    class Starred:
        pair = (*items,)

    return Starred


def make_augmented(step):
    class Augmented:
        value = 1
        value += step

    return Augmented


def make_defaulted(n):
    class Defaulted:
        shift = lambda self, v=n + 1: v  # noqa: E731

    return Defaulted


def make_plain(base):
    class Plain:
        value = base
        scaled = lambda self, v=base: v  # noqa: E731
        same = base == 41
        missing = not base
        text = f"{base}"
        chosen = base or 0

        def get(self):
            return self.value

    return Plain
"""


def test_a_local_class_body_operating_on_a_variable_only_it_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The variable is gone once the class exists; the statement ran again with None for it at
    # load and failed there (TypeError: 'NoneType' object is not callable).
    user = import_from(
        monkeypatch, write_module(tmp_path, "localdeco", LOCAL_CLASS_BODY_DECORATOR).parent, "localdeco"
    )
    for cls, name in (
        (user.make_local("p-"), "deco"),
        (user.make_registry(set()), "register"),
        (user.make_tagged(["t"]), "tags"),
        # Operating on it failed at load too (TypeError: unsupported operand type(s) for |:
        # 'NoneType' and 'int', 'NoneType' object is not iterable, ...).
        (user.make_masked(8), "width"),
        (user.make_negated(3), "n"),
        (user.make_ordered(5), "limit"),
        (user.make_contained(["a"]), "names"),
        (user.make_looped([1, 2]), "items"),
        (user.make_comprehended([1, 2]), "items"),
        (user.make_starred([1, 2]), "items"),
        (user.make_augmented(2), "step"),
        # A lambda's default is evaluated in the class body (NameError at load: the variable
        # was not seen as read by the body at all).
        (user.make_defaulted(3), "n"),
    ):
        with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
            srcpickle.dumps(cls)
        message = str(caught.value)
        assert f"uses {name!r}, a variable of the function that defined the class" in message, message
        assert "Make it a global of the module" in message, message
    # The control: a variable the body only reads (or compares, tests, formats, takes as a
    # lambda's default) goes as None, the attributes it made are restored.
    data = srcpickle.dumps(user.make_plain(41))
    probe = "(fn().get(), fn.value, fn.same, fn.missing, fn.text, fn.chosen, fn().scaled())"
    assert load_fresh(data, tmp_path, probe) == (41, 41, True, False, "41", 41, 41)


LOCAL_CLASS_BODY_COMPUTING = """\
import enum
import functools
import typing


def make_sorted(n, xs):
    class Sorted:
        order = sorted(xs, key=lambda v: v * n)
        value = (lambda: n)()

    return Sorted


def make_keyed(n):
    class Keyed:
        order = sorted([3, 1, 2], key=lambda v: v * n)

    return Keyed


def make_converted(n):
    class Converted:
        text = str(n)

    return Converted


def make_cached(n):
    class Cached:
        @functools.lru_cache(maxsize=n)
        def square(self, v):
            return v * v

    return Cached


def make_boxed(n):
    class Boxed:
        pair = [n]
        first = pair[0] * 2

    return Boxed


def make_iterated(xs):
    class Iterated:
        doubled = [v * 2 for v in xs]

    return Iterated


def make_looped_alias(n):
    class LoopedAlias:
        for start in [n]:
            twice = start * 2

    return LoopedAlias


def make_helped(n):
    class Helped:
        def _helper(v):
            return v * n

        made = _helper(3)
        del _helper

    return Helped


def make_nested(n):
    class Outer:
        class Inner:
            size = -n

    return Outer


def make_enum(n):
    class Color(enum.Enum):
        RED = n

    return Color


def make_named(n):
    class Named(typing.NamedTuple):
        x: int = n

    return Named


def make_rebound(n):
    class Rebound:
        start = n
        start = 0
        twice = n * 2

    return Rebound
"""


def test_a_local_class_body_computing_with_a_variable_nothing_keeps_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each dumped without complaint and failed at every load (NameError, TypeError), or loaded
    # other values: lru_cache(maxsize=None), Color.RED.value None, Named().x None. No name the live
    # class holds was bound to the variable (start = n), so its value is gone.
    user = import_from(
        monkeypatch,
        write_module(tmp_path, "localcomputing", LOCAL_CLASS_BODY_COMPUTING).parent,
        "localcomputing",
    )
    for cls, var, made, through in (
        (user.make_sorted(2, [3, 1]), "xs", "'order'", ""),
        (user.make_keyed(2), "n", "'order'", ""),
        (user.make_converted(2), "n", "'text'", ""),
        (user.make_cached(7), "n", "'square'", ""),
        (user.make_boxed(2), "n", "'first'", "pair"),
        (user.make_iterated([1, 2]), "xs", "'doubled'", ""),
        (user.make_looped_alias(2), "n", "'twice'", "start"),
        (user.make_helped(2), "n", "'_helper'", ""),
        (user.make_nested(2), "n", "'Inner.size'", ""),
        (user.make_enum(2), "n", "'RED'", ""),
        (user.make_named(2), "n", "'x'", ""),
        # (start is bound twice: the live class's start is not n)
        (user.make_rebound(2), "n", "'twice'", ""),
    ):
        with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
            srcpickle.dumps(cls)
        message = str(caught.value)
        assert f"the body of class {cls.__qualname__} uses {var!r}, a variable of the function" in message, (
            message
        )
        assert f"in making {made} (line " in message, message
        if through:
            assert f"(through {through!r}, which the body bound from it)" in message, message
        assert "Make it a global of the module" in message, message


CALL_MADE_WITH_HOOKS = """\
class Base:
    def __init_subclass__(cls, hook=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.hook = staticmethod(hook)


class Meta(type):
    def __new__(mcs, name, bases, namespace, flag=False, **kwargs):
        cls = super().__new__(mcs, name, bases, namespace)
        cls.flag = flag
        return cls


class Forwarding:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.seen = True


made = {"__name__": __name__, "Base": Base, "Meta": Meta}
exec("class Hooked(Base, hook=len):\\n    pass\\n", made)
exec("class Flagged(metaclass=Meta, flag=True):\\n    pass\\n", made)
Hooked = made["Hooked"]
Flagged = made["Flagged"]
Forwarded = type("Forwarded", (Forwarding,), {"size": 3})
"""


@pytest.mark.parametrize(
    "root,hook,keyword",
    [("Hooked", "Base.__init_subclass__", "hook"), ("Flagged", "Meta.__new__", "flag")],
    ids=["init_subclass", "metaclass"],
)
def test_a_class_made_again_by_a_call_that_would_lose_its_keywords_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str, hook: str, keyword: str
) -> None:
    # No file holds their class statements (exec), so they go as type(name, bases, namespace),
    # which runs the hook again without the keyword the statement passed: Hooked.hook loaded as
    # staticmethod(None) instead of len, Flagged.flag as False, with no error.
    user = import_from(
        monkeypatch,
        write_module(tmp_path, f"callhooks_{root}", CALL_MADE_WITH_HOOKS).parent,
        f"callhooks_{root}",
    )
    with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
        srcpickle.dumps(getattr(user, root))
    message = str(caught.value)
    assert f"cannot capture class {root}, found at root" in message, message
    assert f"runs {hook} again, and that takes keywords ({keyword})" in message, message
    assert "Define the class with a class statement in a file" in message, message


def test_a_class_made_by_a_call_whose_hook_takes_no_keyword_by_name_still_goes_as_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(
        monkeypatch,
        write_module(tmp_path, "callhooks_forwarded", CALL_MADE_WITH_HOOKS).parent,
        "callhooks_forwarded",
    )
    data = srcpickle.dumps(user.Forwarded)
    assert load_fresh(data, tmp_path, "(fn.size, fn.seen, fn.__mro__[1].__name__)") == (3, True, "Forwarding")


KEYWORDS_READING_VARIABLES = """\
import functools


class Base:
    def __init_subclass__(cls, hook=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.hook = staticmethod(hook)


def make_def(n):
    def helper():
        return n

    class Local(Base, hook=helper):
        pass

    return Local


def make_partial(n):
    class Local(Base, hook=functools.partial(max, n)):
        pass

    return Local
"""


@pytest.mark.parametrize("maker,variable", [("make_def", "helper"), ("make_partial", "n")])
def test_a_class_keyword_reading_a_variable_the_class_keeps_nowhere_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maker: str, variable: str
) -> None:
    # A lambda of the keywords closes over the variables it reads (class_keywords case file); a
    # def or a call of the function's own, read by name, leaves no cell to take their value from.
    user = import_from(
        monkeypatch,
        write_module(tmp_path, f"kwvars_{maker}", KEYWORDS_READING_VARIABLES).parent,
        f"kwvars_{maker}",
    )
    with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
        srcpickle.dumps(getattr(user, maker)(3))
    message = str(caught.value)
    assert f"the decorators or keywords of class {maker}.<locals>.Local read {variable!r}" in message, message
