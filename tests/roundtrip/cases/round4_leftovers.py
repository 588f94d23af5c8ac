"""What the round 4 survey (h167) left out (h171): an email policy, a ``NullHandler`` and a
dataclass made in a function whose field's ``metadata`` holds a lambda.

Failed before:

- email's ``compat32`` policy (an ``email.message.Message``'s, or held itself) was written
  ``email.policy.compat32`` by a process that had imported ``email.policy`` (which exports it)
  and ``email._policybase.compat32`` by one that had not: a payload depended on what else the
  dumping process imported, and this file, dumped in the process that dumps every case file,
  changed stdlib_instances' payloads. It is ``email._policybase.compat32`` now (every supported
  Python has that module); payloads naming ``email.policy.compat32`` still load;
- a ``logging.NullHandler``: its reduced state held ``_closed`` on CPython 3.10+ only, so that
  payloads differed between dumpers. It is the call, then its level;
- a dataclass made in a function whose field's ``metadata`` holds a lambda reading a variable
  of that function: refused ("the body of class ... uses 'low'"). The variable is the class
  statement's cell now. (An ``attrs.field(factory=lambda: ...)`` alike: attrs is installed for
  the main test Python only, tests/unit/test_round4_leftovers.py.)
"""

from __future__ import annotations

import dataclasses
import email.message
import email.policy
import logging

POLICY = email.policy.default.clone(max_line_length=40)
LEGACY = email.policy.compat32
MESSAGE = email.message.Message()
MESSAGE["Subject"] = "weekly report"


def policies():
    return [POLICY.max_line_length, POLICY.utf8, LEGACY.linesep, LEGACY is MESSAGE.policy]


def subject_line():
    return [MESSAGE["Subject"], MESSAGE.policy.max_line_length, MESSAGE.as_string()]


QUIET = logging.NullHandler()
QUIET.setLevel(logging.ERROR)
QUIET.set_name("quiet")


def quiet_handler():
    return [type(QUIET).__name__, QUIET.level, QUIET.name, QUIET.lock is None]


def make_reading(low, high):
    @dataclasses.dataclass
    class Reading:
        value: int = dataclasses.field(default=0, metadata={"check": lambda v: low <= v <= high})
        unit: str = dataclasses.field(default="C", metadata={"units": [lambda: high - low]})

        def valid(self):
            return dataclasses.fields(self)[0].metadata["check"](self.value)

    return Reading


READING = make_reading(0, 40)


def readings():
    span = dataclasses.fields(READING)[1].metadata["units"][0]
    return [READING(v).valid() for v in (-1, 20, 41)] + [span()]


CASES = {
    "policies": (policies, ["f()"]),
    "subject_line": (subject_line, ["f()"]),
    "quiet_handler": (quiet_handler, ["f()"]),
    "readings": (readings, ["f()"]),
    "reading_class": (READING, ["f(30).valid()", "f(50).valid()", "f().unit"]),
}
