"""Modules of the user's own that reach themselves, passed around whole: a module that imports
itself (``import selfmod`` in selfmod, to look a handler up by name), a package and its submodule
holding each other, two modules importing each other, a module keeping itself under another name.
A module passed whole carries everything in it; before, its walk came back to it through the
cycle until the recursion limit and ``dumps`` refused the function with an error about nesting.

The modules are written by this script into a folder beside it, as in ``modules_reached``; the
loading processes never see them.
"""

import os
import sys

_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "case-selfref")
_FILES = {
    "selfmod.py": (
        "import selfmod\n\n"
        "def handle_add(x):\n    return x + 1\n\n"
        "def handle_neg(x):\n    return -x\n\n"
        "def dispatch(kind, x):\n    return getattr(selfmod, 'handle_' + kind)(x)\n\n"
        "def handlers():\n"
        "    return sorted(name for name in vars(selfmod) if name.startswith('handle_'))\n"
    ),
    "ring/__init__.py": "from . import part\nLABEL = 'ring'\n",
    "ring/part.py": "import ring\n\ndef value():\n    return ring.LABEL + '-part'\n",
    "ping.py": "import pong\nPING = 1\n\ndef total():\n    return PING + pong.PONG\n",
    "pong.py": "import ping\nPONG = 2\n\ndef back():\n    return ping.total() * 10\n",
    "aliased.py": (
        "import sys\nthis = sys.modules[__name__]\nSCALE = 4\n\ndef scaled(x):\n    return x * this.SCALE\n"
    ),
}
for _name, _text in _FILES.items():
    _path = os.path.join(_ROOT, _name)
    os.makedirs(os.path.dirname(_path), exist_ok=True)
    with open(_path, "w", encoding="utf-8") as _handle:
        _handle.write(_text)
sys.path.insert(0, _ROOT)

import aliased  # noqa: E402
import ping  # noqa: E402
import ring  # noqa: E402
import selfmod  # noqa: E402


def package_passed_whole():
    return ring


def _call_through(module, name):
    return getattr(module, name)()


def modules_importing_each_other():
    return _call_through(ping, "total"), _call_through(ping.pong, "back")


def module_under_another_name():
    return aliased.this


CASES = {
    "module_importing_itself": (
        selfmod.dispatch,
        ["f('add', 1)", "f('neg', 5)", "f.__globals__['selfmod'].handlers()"],
    ),
    "module_importing_itself_vars": (selfmod.handlers, ["f()"]),
    "package_and_submodule": (
        package_passed_whole,
        ["f().part.value()", "f().LABEL", "f().part.ring is f()", "f().__name__"],
    ),
    "modules_importing_each_other": (modules_importing_each_other, ["f()"]),
    "module_under_another_name": (
        module_under_another_name,
        ["f().scaled(3)", "f().this is f()", "f().this.this.SCALE"],
    ),
}
