"""What the round 4 survey (h167) left (h171): a standard-library object of a private module
named the same whatever the dumping process imported, a ``logging.NullHandler`` written as its
call, and the lambdas a class made in a function keeps only in an attrs field or a dataclass
field's metadata. The round trips on every Python are in tests/roundtrip/cases/round4_values.py."""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import srcpickle

try:
    import attrs
except ImportError:  # (installed for the main test Python only)
    attrs = None

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys
    if sys.argv[1] == "policy":
        import email.policy
    import email.message
    import srcpickle

    MESSAGE = email.message.Message()

    def linesep():
        return MESSAGE.policy.linesep

    sys.stdout.write(srcpickle.dumps(linesep).decode())
    """
)


def test_a_private_modules_object_is_named_alike_whatever_the_process_imported(tmp_path: Path) -> None:
    # email's compat32 was email.policy's in a process that had imported email.policy (which
    # exports it), email._policybase's in one that had not.
    script = tmp_path / "policy_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    texts = [
        subprocess.run(
            [sys.executable, str(script), imported],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            timeout=120,
        ).stdout
        for imported in ("policy", "none")
    ]
    assert texts[0] == texts[1]
    assert "[ref email._policybase.compat32]" in texts[0]
    # (written the old way, it loads too: both modules are importable everywhere)
    old = texts[0].replace("email._policybase.compat32", "email.policy.compat32")
    old = old.replace("module: 'email._policybase'", "module: 'email.policy'")
    assert srcpickle.loads(old)() == "\n"


QUIET = logging.NullHandler()
QUIET.setLevel(logging.WARNING)


def quiet_level():
    return QUIET.level


def test_a_null_handler_is_its_call_then_its_configuration() -> None:
    # Its reduced state held _closed on CPython 3.10+ only: payloads differed between dumpers.
    text = srcpickle.dumps(quiet_level).decode()
    assert "callable: @logging.NullHandler\nargs: ()\nstate: (None, {'level': 30})" in text
    assert srcpickle.loads(text)() == logging.WARNING


def make_checked(low):
    @dataclasses.dataclass
    class Reading:
        value: int = dataclasses.field(default=0, metadata={"check": lambda v: v > low})

    return Reading


def test_a_lambda_in_dataclass_field_metadata_keeps_its_enclosing_variable() -> None:
    # It was refused: "the body of class make_checked.<locals>.Reading uses 'low'".
    text = srcpickle.dumps(make_checked(5)).decode()
    assert "closure low = @cell.make_checked.low" in text
    check = dataclasses.fields(srcpickle.loads(text))[0].metadata["check"]
    assert (check(6), check(4)) == (True, False)


def make_basket(start):
    @attrs.define
    class Basket:
        items: list = attrs.field(factory=lambda: [start])

    return Basket


def test_an_attrs_factory_lambda_keeps_its_enclosing_variable() -> None:
    # It was refused: attrs keeps the lambda in __attrs_attrs__ and its __init__'s globals.
    if attrs is None:
        pytest.skip("attrs is not installed")
    text = srcpickle.dumps(make_basket("apple")).decode()
    assert "closure start = @cell.make_basket.start" in text
    assert srcpickle.loads(text)().items == ["apple"]
