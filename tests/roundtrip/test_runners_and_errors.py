"""Scripts run by other programs, and exceptions from the user's code (issue 8).

A script executed by ``runpy.run_path(path, run_name="__main__")``, ``python -m cProfile``, or
``exec`` of its text in a fresh namespace (what pdb, profilers, IDE runners and notebook ``%run``
do) is not ``sys.modules["__main__"]``: its classes, with methods or without, still dump, and load
on every interpreter in a fresh process.

Any exception out of ``dumps`` or ``loads`` is a ``SrcpickleError``, with the user's code's own
exception chained as its cause.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict

import pytest

import srcpickle
from srcpickle.errors import LoadError, SrcpickleError, UnsupportedObjectError

from .harness import discover_interpreters

SCRIPT = '''\
import dataclasses
import json
import sys

import srcpickle

RATE = 3


class Plain:
    """No methods: only the namespace the script ran in tells where it is."""

    label = "plain"


class Counter:
    def __init__(self, start):
        self.value = start

    def bump(self):
        self.value += RATE
        return self.value


@dataclasses.dataclass
class Point:
    x: int
    y: int = 2


def use_all(start):
    return Plain.label, Counter(start).bump(), Point(start)


def dump_all(out):
    for name, obj in {"use_all": use_all, "plain": Plain, "counter": Counter, "point": Point(5)}.items():
        with open(f"{out}/{name}.srcpickle", "wb") as handle:
            handle.write(srcpickle.dumps(obj))


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] != "--later":
    dump_all(sys.argv[1])
'''

# How each runner executes the script; {script} and {out} are filled in. "after" dumps once the
# run has returned (runpy's namespace is not a module in sys.modules any more by then).
RUNNERS = {
    "runpy_during": [
        sys.executable,
        "-c",
        "import runpy, sys; sys.argv = ['s', sys.argv[1]]; runpy.run_path({script!r}, run_name='__main__')",
        "{out}",
    ],
    "runpy_after": [
        sys.executable,
        "-c",
        "import runpy, sys; ns = runpy.run_path({script!r}, "
        "run_name='__main__'); ns['dump_all'](sys.argv[1])",
        "{out}",
    ],
    "cprofile": [sys.executable, "-m", "cProfile", "-o", "{out}/profile.out", "{script}", "{out}"],
    "exec_in_a_dict": [
        sys.executable,
        "-c",
        "import sys; path = {script!r}; ns = {{'__name__': "
        "'__main__', '__file__': path}}; sys.argv = [path, sys.argv[1]]; "
        "exec(compile(open(path).read(), path, 'exec'), ns)",
        "{out}",
    ],
}

LOAD = """
import json, sys
import srcpickle
out = sys.argv[1]
use_all = srcpickle.load(out + "/use_all.srcpickle")
plain = srcpickle.load(out + "/plain.srcpickle")
counter = srcpickle.load(out + "/counter.srcpickle")
point = srcpickle.load(out + "/point.srcpickle")
label, bumped, made = use_all(10)
print("RESULT=" + json.dumps([label, bumped, repr(made), plain.label, counter(1).bump(), repr(point)]))
"""
EXPECTED = ["plain", 13, "Point(x=10, y=2)", "plain", 4, "Point(x=5, y=2)"]


@pytest.fixture(scope="module")
def runner_payloads(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    root = tmp_path_factory.mktemp("runners")
    script = root / "user_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    site = Path(srcpickle.__file__).resolve().parents[1]
    found: Dict[str, Path] = {}
    for name, command in RUNNERS.items():
        out = root / name
        out.mkdir()
        argv = [part.format(script=str(script), out=str(out)) for part in command]
        proc = subprocess.run(
            argv, capture_output=True, text=True, cwd=str(root), timeout=120, env={"PYTHONPATH": str(site)}
        )
        assert proc.returncode == 0, f"{name}: {proc.stderr}"
        found[name] = out
    return found


@pytest.mark.parametrize("runner", sorted(RUNNERS))
@pytest.mark.parametrize("interpreter", discover_interpreters(), ids=lambda i: i.label)
def test_classes_of_a_script_run_by_another_program(
    runner_payloads: Dict[str, Path], runner: str, interpreter: Any
) -> None:
    from srcpickle._pythons import IsolatedPackage

    with IsolatedPackage() as package:
        proc = package.run(interpreter, LOAD, [str(runner_payloads[runner])])
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT=")]
    assert lines, f"{runner} on {interpreter.label}: {proc.stderr}"
    assert json.loads(lines[-1][len("RESULT=") :]) == EXPECTED


KEYWORDS_SCRIPT = """\
import sys

import srcpickle


class Base:
    def __init_subclass__(cls, hook=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.hook = staticmethod(hook)


class AtTop(Base, hook=lambda: "top"):
    pass


def make_local(offset):
    class Local(Base, hook=lambda: offset * 3):
        pass

    return Local


def make_local_base(offset):
    class LocalBase:
        def __init_subclass__(cls, hook=None, **kwargs):
            super().__init_subclass__(**kwargs)
            cls.hook = staticmethod(hook)

    class Local(LocalBase, hook=lambda: offset + 1):
        pass

    return Local


def make_module_base():
    class Local(Base, hook=len):
        pass

    return Local


def make_user():
    class Local:
        def plain(self):
            return "plain"

    class User:
        method = Local().plain

    return User


def dump_all(out):
    made = {
        "top": AtTop,
        "local": make_local(2),
        "local_base": make_local_base(5),
        "module_base": make_module_base(),
        "user": make_user(),
    }
    for name, obj in made.items():
        try:
            data = srcpickle.dumps(obj)
        except srcpickle.SrcpickleError as exc:
            data = type(exc).__name__.encode()
        with open(f"{out}/{name}.srcpickle", "wb") as handle:
            handle.write(data)


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] != "--later":
    dump_all(sys.argv[1])
"""


def test_classes_made_in_a_script_function_dump_alike_however_it_is_run(tmp_path: Path) -> None:
    """A class with no method of its own (its keyword's lambda kept by ``__init_subclass__``)
    is found in the namespace its script ran in, however the script is run: under
    ``runpy.run_path`` one made in a function went as a ``type()`` call, which ran
    ``__init_subclass__`` again without its keyword (``Local.hook`` loaded as
    ``staticmethod(None)``), and one of the top level got a second namespace section. Every
    runner writes the script's payloads, byte for byte (and the same refusals)."""
    script = tmp_path / "keywords_script.py"
    script.write_text(KEYWORDS_SCRIPT, encoding="utf-8")
    site = Path(srcpickle.__file__).resolve().parents[1]
    runners = dict(RUNNERS, script=[sys.executable, "{script}", "{out}"])
    written: Dict[str, Dict[str, bytes]] = {}
    for name, command in runners.items():
        out = tmp_path / name
        out.mkdir()
        argv = [part.format(script=str(script), out=str(out)) for part in command]
        proc = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            cwd=str(tmp_path),
            timeout=120,
            env={"PYTHONPATH": str(site)},
        )
        assert proc.returncode == 0, f"{name}: {proc.stderr}"
        written[name] = {p.stem: p.read_bytes() for p in sorted(out.glob("*.srcpickle"))}
    assert written["script"]["user"] == b"UnsupportedObjectError"
    for name, payloads in written.items():
        assert payloads == written["script"], name
    load = (
        "import json, sys, srcpickle; out = sys.argv[1]; "
        "hooks = [srcpickle.load(f'{out}/{n}.srcpickle').hook() for n in ('top', 'local', 'local_base')]; "
        "hooks.append(srcpickle.load(f'{out}/module_base.srcpickle').hook('four')); "
        "print('RESULT=' + json.dumps(hooks))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", load, str(tmp_path / "script")],
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        timeout=120,
        env={"PYTHONPATH": str(site)},
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT=")]
    assert lines, proc.stderr
    assert json.loads(lines[-1][len("RESULT=") :]) == ["top", 6, 6, 4]


# ------------------------------------------------------------------------------------ errors

ERRORS_MODULE = '''\
class Moody:
    """Its __getattr__ raises KeyError for any missing name: not what getattr expects."""

    def __init__(self):
        self.table = {"x": 1}

    def __getattr__(self, name):
        return self.__dict__["table"][name]


class Refuses:
    def __reduce_ex__(self, protocol):
        raise ValueError("I am not to be pickled")


class BrokenState:
    """Dumps fine; its __setstate__ raises when the payload is loaded."""

    def __init__(self):
        self.value = 1

    def __getstate__(self):
        return {"value": self.value}

    def __setstate__(self, state):
        raise NotImplementedError("state not supported here")


class BadRepr(type):
    def __repr__(cls):
        raise RuntimeError("no repr")


MOODY = Moody()
REFUSES = Refuses()
BROKEN = BrokenState()


def uses_moody():
    return MOODY.x


def uses_refuses():
    return REFUSES


def uses_broken():
    return BROKEN
'''


@pytest.fixture(scope="module")
def errors_module(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import importlib

    folder = tmp_path_factory.mktemp("errors_module")
    (folder / "rt_errors_module.py").write_text(ERRORS_MODULE, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("rt_errors_module")
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("rt_errors_module", None)


@pytest.mark.parametrize(
    "function, cause",
    [("uses_moody", KeyError), ("uses_refuses", ValueError)],
)
def test_a_failing_object_protocol_is_an_unsupported_object_error(
    errors_module: Any, function: str, cause: type
) -> None:
    with pytest.raises(UnsupportedObjectError) as info:
        srcpickle.dumps(getattr(errors_module, function))
    assert isinstance(info.value.__cause__, cause), repr(info.value.__cause__)
    assert "root.__globals__" in str(info.value)


@pytest.mark.parametrize("interpreter", discover_interpreters(), ids=lambda i: i.label)
def test_user_code_failing_while_loading_is_a_load_error_with_its_cause(
    errors_module: Any, tmp_path: Path, interpreter: Any
) -> None:
    from srcpickle._pythons import IsolatedPackage

    payload = tmp_path / "broken.srcpickle"
    payload.write_bytes(srcpickle.dumps(errors_module.uses_broken))
    code = textwrap.dedent(
        """
        import srcpickle
        try:
            srcpickle.load(sys.argv[1])
        except Exception as exc:
            print("RESULT=" + repr((type(exc).__name__, isinstance(exc, srcpickle.SrcpickleError),
                                    type(exc.__cause__).__name__, str(exc))))
        """
    )
    with IsolatedPackage() as package:
        proc = package.run(interpreter, code, [str(payload)])
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT=")]
    assert lines, proc.stderr
    name, is_ours, cause, message = eval(lines[-1][len("RESULT=") :])  # noqa: S307 - our own child's repr
    assert (name, is_ours, cause) == ("LoadError", True, "NotImplementedError")
    assert "BrokenState" in message and "state not supported here" in message


def test_a_class_made_by_a_metaclass_with_a_failing_repr(errors_module: Any) -> None:
    """A class made by calling its metaclass (no class statement) is that call again; its
    metaclass's failing __repr__ breaks nothing."""
    Odd = errors_module.BadRepr("Odd", (), {"__module__": "rt_errors_module", "size": 3})
    loaded = srcpickle.loads(srcpickle.dumps(Odd))
    assert (loaded.__name__, loaded.size, type(loaded).__name__) == ("Odd", 3, "BadRepr")


def test_pydantic_validate_call_gives_a_srcpickle_error_naming_the_recursion() -> None:
    """pydantic's validate_call wrapper holds a ConfigWrapper whose __getattr__ recurses while
    its state is applied (cloudpickle fails the same way): a LoadError that says so, not a raw
    RecursionError, and not "nests too deeply"."""
    pydantic = pytest.importorskip("pydantic")

    def add(x: int, y: int = 2) -> int:
        return x + y

    wrapped = pydantic.validate_call(add)
    try:
        data = srcpickle.dumps(wrapped)
    except SrcpickleError:
        return
    try:
        loaded = srcpickle.loads(data)
    except LoadError as exc:
        assert "recursed without end" in str(exc) or not isinstance(exc.__cause__, RecursionError)
        return
    assert loaded("3") == 5
