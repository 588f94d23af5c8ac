"""Same class, same object (issue 10): loading a class twice in one process (the same payload
twice, or two payloads dumped from the same class) gives one class object, so ``isinstance``,
``==`` and ``typecheck=True`` work between objects of different payloads; the identity comes from
the payload's content (its bytes do not change), and a class whose source changed is another
class. Classes of a function's scope, made anew by each call, are not merged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

import srcpickle

from .harness import discover_interpreters

SCRIPT = """\
import sys
import srcpickle


class Account:
    rate = 0.02

    def __init__(self, balance: int) -> None:
        self.balance = balance

    def __eq__(self, other):
        return isinstance(other, Account) and other.balance == self.balance


def open_account(balance: int) -> Account:
    return Account(balance)


def is_account(thing: Account) -> bool:
    return isinstance(thing, Account)


def make_local(tag):
    class Local:
        kind = tag

    return Local


out = sys.argv[1]
payloads = {
    "instance": Account(1),
    "function": open_account,
    "checker": is_account,
    "local_a": make_local("a"),
    "local_b": make_local("b"),
}
Account.rate = 0.05
payloads["later"] = Account(2)  # dumped after a change of state: the same class
for name, obj in payloads.items():
    with open(f"{out}/{name}.srcpickle", "wb") as handle:
        handle.write(srcpickle.dumps(obj))
"""

CHANGED = SCRIPT.replace("rate = 0.02", "rate = 0.03  # an edited class statement")

LOAD = """
import json, sys
import srcpickle
out, changed, typed = sys.argv[1], sys.argv[2], sys.argv[3] == "typecheck"
load = lambda name, **kw: srcpickle.load(f"{out}/{name}.srcpickle", **kw)
first, again, later = load("instance"), load("instance"), load("later")
make = load("function")
check = load("checker", typecheck=typed)
other = srcpickle.load(f"{changed}/instance.srcpickle")
local_a, local_b = load("local_a"), load("local_b")
result = {
    "same_payload_twice": type(first) is type(again),
    "two_payloads_one_class": type(make(3)) is type(first) is type(later),
    "equal_across_payloads": make(1) == first,
    "isinstance_across_payloads": check(first) and check(later),
    "typecheck_accepts_the_class": check(make(5)),
    "state_of_the_last_load": type(first).rate,
    "changed_source_is_another_class": type(other) is not type(first),
    "locals_stay_apart": (local_a is not local_b, local_a.kind, local_b.kind),
}
print("RESULT=" + json.dumps(result))
"""


@pytest.fixture(scope="module")
def payload_dirs(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    root = tmp_path_factory.mktemp("identity")
    found = {}
    for name, text in (("original", SCRIPT), ("changed", CHANGED)):
        folder = root / name
        folder.mkdir()
        script = folder / "accounts.py"
        script.write_text(text, encoding="utf-8")
        site = str(Path(srcpickle.__file__).resolve().parents[1])
        subprocess.run(
            [sys.executable, str(script), str(folder)], check=True, timeout=60, env={"PYTHONPATH": site}
        )
        found[name] = folder
    return found


def test_payload_bytes_do_not_depend_on_identity(payload_dirs: Dict[str, Path]) -> None:
    again = payload_dirs["original"] / "again"
    again.mkdir(exist_ok=True)
    site = str(Path(srcpickle.__file__).resolve().parents[1])
    script = payload_dirs["original"] / "accounts.py"
    subprocess.run(
        [sys.executable, str(script), str(again)], check=True, timeout=60, env={"PYTHONPATH": site}
    )
    for path in payload_dirs["original"].glob("*.srcpickle"):
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name


@pytest.mark.parametrize("interpreter", discover_interpreters(), ids=lambda i: i.label)
def test_one_class_object_per_class_in_a_process(payload_dirs: Dict[str, Path], interpreter: Any) -> None:
    """On every interpreter; with ``typecheck=True`` on this one, where typeguard is installed."""
    from srcpickle._pythons import IsolatedPackage

    typed = interpreter.is_current
    with IsolatedPackage() as package:
        proc = package.run(
            interpreter,
            LOAD,
            [str(payload_dirs["original"]), str(payload_dirs["changed"]), "typecheck" if typed else "plain"],
            extra_path=_typeguard_path() if typed else [],
        )
    assert _result(proc) == {
        "same_payload_twice": True,
        "two_payloads_one_class": True,
        "equal_across_payloads": True,
        "isinstance_across_payloads": True,
        "typecheck_accepts_the_class": True,
        "state_of_the_last_load": 0.05,
        "changed_source_is_another_class": True,
        "locals_stay_apart": [True, "a", "b"],
    }


def _result(proc: subprocess.CompletedProcess[str]) -> Any:
    """The JSON a child printed after ``RESULT=``; fails with what it wrote to stderr otherwise."""
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT=")]
    assert lines, proc.stderr
    return json.loads(lines[-1][len("RESULT=") :])


def _typeguard_path() -> List[str]:
    # typeguard (pure Python) and typing_extensions, from this environment, for the child.
    import typeguard
    import typing_extensions

    folders = {
        Path(typeguard.__file__).resolve().parents[1],
        Path(typing_extensions.__file__).resolve().parent,
    }
    return sorted(str(folder) for folder in folders)


SELF_SCRIPT = """\
import dataclasses, json, pickle
import srcpickle


class Account:
    rate = 0.02

    def __init__(self, balance):
        self.balance = balance

    class Kind:
        label = "savings"


@dataclasses.dataclass
class Point:
    x: int


def uses_point(x):
    return Point(x)


def uses_account(n):
    return Account(n), Account.Kind


# What a worker sends back: the payloads of the classes as its copies dump them, which are the
# bytes this process's classes dump to.
back_point, back_account = srcpickle.dumps(Point), srcpickle.dumps(Account)
plain = srcpickle.loads(back_point)  # nothing sent yet: a plain load makes its own class
sent = srcpickle.pickle_dumps([uses_point, uses_account])  # sends the classes inside functions
Account.rate = 0.5  # after the send: the live class is the truth
copy = srcpickle.loads(back_account, allowed_imports=[])
result = {
    "plain_load_before_sending": plain is not Point,
    "class_comes_back_as_itself": srcpickle.loads_cached(back_point) is Point,
    "instance_comes_back": type(pickle.loads(srcpickle.pickle_dumps(Point(3)))) is Point,
    "state_left_as_it_lives": [Account.rate, srcpickle.loads(back_account).rate],
    "nested_class_comes_back": pickle.loads(sent)[1](1)[1] is Account.Kind,
    "functions_sent_make_the_live_classes": type(pickle.loads(sent)[0](2)) is Point,
    "allow_list_makes_its_own": [copy is not Account, copy.rate, Account.rate],
}
print("RESULT=" + json.dumps(result))
"""


def test_classes_the_pickler_sent_come_back_as_themselves(tmp_path: Path) -> None:
    """A class srcpickle.Pickler sent from a process, alone or inside a function that uses it,
    loads there as itself (a worker's result or exception of a class of the parent comes back
    as the parent's), whose state is left as it lives; a plain load before, and any load under
    an allow-list, makes a class of its own."""
    script = tmp_path / "self_load.py"
    script.write_text(SELF_SCRIPT, encoding="utf-8")
    site = str(Path(srcpickle.__file__).resolve().parents[1])
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, env={"PYTHONPATH": site}
    )
    assert _result(proc) == {
        "plain_load_before_sending": True,
        "class_comes_back_as_itself": True,
        "instance_comes_back": True,
        "state_left_as_it_lives": [0.5, 0.5],
        "nested_class_comes_back": True,
        "functions_sent_make_the_live_classes": True,
        "allow_list_makes_its_own": [True, 0.02, 0.5],
    }
