"""``inspect.getsource`` and its family show a loaded class's source as captured.

inspect looks for a class in the file of the module its ``__module__`` names. For a loaded class
that module is not loaded in the loading process (``TypeError: ... is a built-in class``), or it
is another file: a script's ``__main__`` (``OSError``, or on 3.13, which finds a class by its
``__firstlineno__``, the loading script's own lines at the class's line), or a module of the same
name whose class of that name is another. A loaded class's statement is compiled from its source
at its original lines, registered in ``linecache`` (``compiler.hold_source``) as a loaded
function's is: ``inspect.getfile`` of a class made from its source names that text (see
``compiler.show_class_sources``), so ``getsourcefile``, ``findsource``, ``getsourcelines`` and
``getsource`` give the class's lines, as they do for the original class in its file.

The classes are loaded in a fresh interpreter (every one on the machine) where their module cannot
be imported, run as a script whose ``__main__`` holds a class of the same name at the same line,
before anything there imported ``inspect`` (the finder path), and looked at after more class
payloads were loaded and dropped (their entries released).
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Tuple

import pytest

import srcpickle
from srcpickle._rebuild import compiler

from . import CURRENT, RESULT_MARK, import_from, interpreters, isolated, result_of, write_module

MODULE = """\
import dataclasses


class Plain:
    \"\"\"A docstring.\"\"\"

    size = 2

    def area(self, v):
        return v * self.size


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0

    class Inner:
        z = 3

        def deep(self):
            return self.z


def make(n):
    class Local:
        def get(self):
            return n

        class Deeper:
            pass

    return Local


class Shape:
    def __init__(self, side):
        self.side = side


def perimeter(side):
    return 4 * Shape(side).side


class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    tag = "m"
"""

# A class on the first line of its file, and one far down a file with a __future__ import.
FIRST_LINE = "class First:\n    one = 1\n"
FAR = (
    "from __future__ import annotations\n"
    + "# filler\n" * 80
    + "class Far:\n    def hint(self) -> Far:\n        return self\n"
)

# A class of a script's __main__ (dumped by running the script).
SCRIPT = """\
import sys

import srcpickle


class Report:
    title = "stored"

    def render(self):
        return self.title.upper()


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as handle:
        handle.write(srcpickle.dumps(Report))
"""

# name -> (what is dumped, from module ``m``, ``f`` or ``g``; what of the loaded ``obj`` is asked)
CASES: Dict[str, Tuple[str, str]] = {
    "plain": ("m.Plain", "obj"),
    "plain_method": ("m.Plain", "obj.area"),
    "point": ("m.Point", "obj"),
    "inner": ("m.Point", "obj.Inner"),
    "inner_method": ("m.Point", "obj.Inner.deep"),
    "local": ("m.make(3)", "obj"),
    "local_method": ("m.make(3)", "obj.get"),
    "deeper": ("m.make(3)", "obj.Deeper"),
    # (a class reached through a function's payload: the global it reads)
    "shape": ("m.perimeter", "obj.__globals__['Shape']"),
    "with_meta": ("m.WithMeta", "obj"),
    "first": ("f.First", "obj"),
    "far": ("g.Far", "obj"),
    "far_method": ("g.Far", "obj.hint"),
}


def original_source(namespace: Dict[str, Any], name: str) -> Tuple[str, int]:
    """What inspect gives for the original object of a case: its source and first line."""
    dumped, asked = CASES[name]
    obj = eval(dumped, namespace)
    if name == "shape":
        obj = namespace["m"].perimeter
    target = eval(asked, {"obj": obj})
    lines, first = inspect.getsourcelines(target)
    return "".join(lines), first


# More class payloads than anything keeps, each a text of its own, loaded and dropped in the
# child before the classes are looked at.
CHURN = 60

# The loading script: its __main__ holds a class Report at the line the user's had, as the
# script that loads a class of a script's __main__ may well.
_LOADER = """\
import gc
import os
import sys

import srcpickle


class Report:
    title = "the loading script's own"


RESULT = sys.argv[1]
folder, names, asked = sys.argv[2], sys.argv[3].split(","), eval(sys.argv[4])
loaded = {}
# A plain class first: its load places the finder that wraps inspect.getfile when inspect is
# imported (here by dataclasses, which a later payload imports).
names.sort(key=lambda name: name != "first")
loaded["first"] = srcpickle.loads(open(os.path.join(folder, "first.srcpickle"), "rb").read())
from srcpickle import _sourcelines

finder = getattr(_sourcelines, "_InspectFinder", None)
preloaded = ("inspect" in sys.modules, finder is not None and finder in sys.meta_path)
for name in names:
    with open(os.path.join(folder, name + ".srcpickle"), "rb") as handle:
        loaded[name] = srcpickle.loads(handle.read())
with open(os.path.join(folder, "churn.srcpickle"), "rb") as handle:
    churn = handle.read()
for number in range(CHURN):
    srcpickle.loads(churn.replace(b"number = 0", b"number = %d" % number))
gc.collect()

import inspect
import linecache


def look(name):
    obj = loaded[name]
    target = eval(asked[name])
    try:
        lines, first = inspect.getsourcelines(target)
    except (OSError, TypeError) as exc:
        return type(exc).__name__ + ": " + str(exc)
    _, index = inspect.findsource(target)
    return (
        "".join(lines),
        first,
        index + 1,
        inspect.getsource(target) == "".join(lines),
        inspect.getfile(target).startswith("<srcpickle-"),
        inspect.getsourcefile(target) == inspect.getfile(target),
    )


behaviour = (
    loaded["plain"]().area(5),
    loaded["local"]().get(),
    loaded["shape"](2),
    loaded["report"]().render(),
    Report.title,
)
def dumped_again(name):
    # The payload it came from, but for the line naming the writer.
    with open(os.path.join(folder, name + ".srcpickle"), "rb") as handle:
        payload = handle.read().split(b"\\n")
    again = srcpickle.dumps(loaded[name]).split(b"\\n")
    return again[:1] + again[2:] == payload[:1] + payload[2:]


print(RESULT + repr((
    [name for name in names if name not in ("report", "report_method") and not dumped_again(name)],
    preloaded,
    {name: look(name) for name in asked},
    inspect.getsource(Report),
    behaviour,
    sum(1 for entry in list(linecache.cache) if entry.startswith("<srcpickle-")),
)))
"""


def dump_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tuple[Path, Dict[str, Tuple[str, int]]]:
    """The payload of each case, the churn's and the script's, written to a folder; what inspect
    gives for each original."""
    code = tmp_path / "code"
    write_module(code, "gs_module", MODULE)
    write_module(code, "gs_first_line", FIRST_LINE)
    write_module(code, "gs_far", FAR)
    write_module(code, "gs_churn", "class Churn:\n    number = 0\n")
    namespace = {
        "m": import_from(monkeypatch, code, "gs_module"),
        "f": import_from(monkeypatch, code, "gs_first_line"),
        "g": import_from(monkeypatch, code, "gs_far"),
    }
    folder = tmp_path / "payloads"
    folder.mkdir()
    expected = {}
    for name, (dumped, _) in CASES.items():
        (folder / f"{name}.srcpickle").write_bytes(srcpickle.dumps(eval(dumped, namespace)))
        expected[name] = original_source(namespace, name)
    churn = import_from(monkeypatch, code, "gs_churn").Churn
    (folder / "churn.srcpickle").write_bytes(srcpickle.dumps(churn))
    script = tmp_path / "user_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    subprocess.run(
        [sys.executable, str(script), str(folder / "report.srcpickle")],
        check=True,
        cwd=str(tmp_path),
        timeout=60,
        env={"PYTHONPATH": str(Path(srcpickle.__file__).parent.parent)},
    )
    (folder / "report_method.srcpickle").write_bytes((folder / "report.srcpickle").read_bytes())
    lines = SCRIPT.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("class Report"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" "))
    text = "\n".join(lines[start:end]).rstrip("\n") + "\n"
    expected["report"] = (text, start + 1)
    expected["report_method"] = ("".join(text.splitlines(True)[3:]), start + 4)
    return folder, expected


ASKED = {name: asked for name, (_, asked) in CASES.items()}
ASKED.update(report="obj", report_method="obj.render")


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_inspect_shows_the_captured_source_of_loaded_classes(
    interpreter: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, expected = dump_cases(tmp_path, monkeypatch)
    loader = tmp_path / "loader.py"
    loader.write_text(_LOADER.replace("CHURN", str(CHURN), 1), encoding="utf-8")
    code = (
        f"import runpy, sys\nsys.argv = [{str(loader)!r}, *sys.argv[1:]]\n"
        "runpy.run_path(sys.argv[0], run_name='__main__')\n"
    )
    names = list(ASKED)
    args = [RESULT_MARK, str(folder), ",".join(names), repr(ASKED)]
    proc = isolated().run(interpreter, code, args=args, timeout=180, cwd=str(tmp_path))
    changed, preloaded, looked, own, behaviour, entries = result_of(proc)
    for name, (source, first) in expected.items():
        # source, first line (getsourcelines and findsource), getsource, getfile, getsourcefile
        assert looked[name] == (source, first, first, True, True, True), name
    # inspect was not imported before the first class was loaded (the finder wrapped it later).
    assert preloaded == (False, True)
    # The loading script's own class of the same name is found in its file as before.
    assert own == 'class Report:\n    title = "the loading script\'s own"\n'
    assert behaviour == (10, 3, 8, "STORED", "the loading script's own")
    # Dumping a loaded class again (inspect's getfile wrapped meanwhile) gives its payload.
    assert changed == []
    # Bounded: the churn's entries went with its classes, the live ones stayed.
    assert len(names) <= entries < len(names) + CHURN


def test_a_class_made_by_a_call_and_every_other_object_are_found_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wrapped ``inspect.getfile`` answers for classes made from a stored class statement
    only: a class a payload makes by calling ``type`` has no source (inspect says so as for
    the original, whose module is not loaded), and a library's class, a function and a module
    are found where they were."""
    text = "class Plain:\n    x = 2\n\n\nMade = type('Made', (), {'x': 1})\n"
    module = import_from(monkeypatch, write_module(tmp_path, "gs_made", text).parent, "gs_made")
    plain = srcpickle.loads(srcpickle.dumps(module.Plain))
    made = srcpickle.loads(srcpickle.dumps(module.Made))
    assert (plain.x, made.x) == (2, 1)
    assert inspect.getfile(plain).startswith("<srcpickle-")
    assert inspect.getsource(plain) == inspect.getsource(module.Plain) == "class Plain:\n    x = 2\n"
    assert compiler.class_file(made) is None
    monkeypatch.delitem(sys.modules, "gs_made")
    with pytest.raises(TypeError):
        inspect.getfile(made)
    import json

    assert inspect.getfile(json.JSONDecoder) == json.decoder.__file__
    assert inspect.getfile(json.dumps) == json.__file__
    assert inspect.getfile(json) == json.__file__
    assert inspect.getsource(json.JSONDecoder).startswith("class JSONDecoder")


def test_getfile_is_wrapped_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every load that makes a class asks for the wrapper: inspect keeps one, around the original."""
    module = import_from(
        monkeypatch, write_module(tmp_path, "gs_once", "class Once:\n    y = 1\n").parent, "gs_once"
    )
    first = srcpickle.loads(srcpickle.dumps(module.Once))
    again = srcpickle.loads(srcpickle.dumps(module.Once))
    assert inspect.getfile(first) == inspect.getfile(again)
    assert inspect.getfile(first).startswith("<srcpickle-")
    # One wrapper of srcpickle's, around the getfile inspect had before (the original, or the
    # one another library set: torch.package sets its own when torch is imported).
    assert inspect.getfile in compiler._GETFILE_WRAPPERS
    assert inspect.getfile.__wrapped__ not in compiler._GETFILE_WRAPPERS  # type: ignore[attr-defined]


def test_a_getfile_another_library_sets_is_kept_under_the_wrapper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """torch.package replaces inspect.getfile when torch is imported, after srcpickle may have
    wrapped it: the next load that makes a class wraps the library's, which still answers for
    everything else."""
    module = import_from(
        monkeypatch, write_module(tmp_path, "gs_lib", "class Lib:\n    z = 2\n").parent, "gs_lib"
    )
    before = inspect.getfile
    asked = []

    def library_getfile(obj: Any) -> str:
        asked.append(obj)
        return before(obj)  # type: ignore[no-any-return]

    monkeypatch.setattr(inspect, "getfile", library_getfile)
    loaded = srcpickle.loads(srcpickle.dumps(module.Lib))
    assert inspect.getfile in compiler._GETFILE_WRAPPERS
    assert inspect.getfile.__wrapped__ is library_getfile  # type: ignore[attr-defined]
    assert inspect.getsource(loaded) == "class Lib:\n    z = 2\n"
    import json

    assert inspect.getfile(json) == json.__file__ and asked[-1] is json


_RELOAD_CHILD = """\
import importlib
import sys

import srcpickle

first = srcpickle.loads(sys.argv[1].encode())
import inspect

before = inspect.getsource(first)
importlib.reload(inspect)
unwrapped = inspect.getfile.__module__ == "inspect" and not hasattr(inspect.getfile, "__wrapped__")
second = srcpickle.loads(sys.argv[2].encode())
print(RESULT + repr((before, unwrapped, inspect.getsource(first), inspect.getsource(second))))
"""


def test_inspect_reloaded_is_wrapped_again_by_the_next_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "class One:\n    a = 1\n\n\nclass Two:\n    b = 2\n"
    module = import_from(monkeypatch, write_module(tmp_path, "gs_reload", text).parent, "gs_reload")
    payloads = [srcpickle.dumps(module.One).decode(), srcpickle.dumps(module.Two).decode()]
    proc = isolated().run(CURRENT, f"RESULT = {RESULT_MARK!r}\n" + _RELOAD_CHILD, args=payloads)
    one, two = "class One:\n    a = 1\n", "class Two:\n    b = 2\n"
    assert result_of(proc) == (one, True, one, two)
