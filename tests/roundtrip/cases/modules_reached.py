"""Modules of the user's own reached every way code can reach them (issue 8): a submodule through
its package, a module in a closure cell, as a default, as an attribute of another module, in a
container, passed around whole, and attributes a module computes on demand (its ``__getattr__``).
Each module must carry what the code reads from it; the loading process cannot import any of them.

The package is written by this script into a folder beside it (the harness runs a copy of this
file in a temporary folder of its own, removed afterwards), as a user's project would be on
``sys.path``; the loading processes never see it.
"""

import os
import sys

_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "case-pkg")
_FILES = {
    "proj/__init__.py": "from . import helpers\nFACTOR = 3\nNAME = 'proj'\n",
    "proj/sub.py": (
        "OFFSET = 10\n\ndef neg(x):\n    return -x\n\ndef shifted(x):\n    return neg(x) + OFFSET\n"
    ),
    "proj/helpers.py": (
        "from . import sub as sub_alias\n"
        "_TABLE = {'LAZY': 42, 'OTHER': 7}\n\n"
        "def __getattr__(name):\n"
        "    if name in _TABLE:\n"
        "        return _TABLE[name] * 2\n"
        "    raise AttributeError(name)\n"
    ),
    "proj/deep/__init__.py": "",
    "proj/deep/leaf.py": "def twice(x):\n    return 2 * x\n\nUNITS = ['m', 'cm']\n",
    "loose.py": "def square(x):\n    return x * x\n\nSCALE = 5\n",
}
for _name, _text in _FILES.items():
    _path = os.path.join(_ROOT, _name)
    os.makedirs(os.path.dirname(_path), exist_ok=True)
    with open(_path, "w", encoding="utf-8") as _handle:
        _handle.write(_text)
sys.path.insert(0, _ROOT)

import loose  # noqa: E402
import proj.deep.leaf  # noqa: E402
import proj.helpers as H  # noqa: E402
import proj.sub  # noqa: E402
from proj import sub  # noqa: E402
from proj.deep import leaf as leaf_alias  # noqa: E402


def through_package(x):
    return proj.sub.neg(x) * proj.FACTOR


def through_two_packages(x):
    return proj.deep.leaf.twice(x) + len(proj.deep.leaf.UNITS)


def submodule_calls_its_own_global(x):
    return proj.sub.shifted(x)


def make_closure():
    import proj.sub as ps

    def in_cell(x):
        return ps.neg(x) + ps.OFFSET

    return in_cell


def module_default(x, m=proj.sub):
    return m.neg(x)


def module_keyword_default(x, *, mod=leaf_alias):
    return mod.twice(x)


def computed_attribute():
    return H.LAZY + proj.helpers.OTHER


def attribute_of_another_module(x):
    return proj.helpers.sub_alias.neg(x)


def from_import(x):
    return sub.neg(x) + sub.OFFSET


MODULES = [proj.sub, loose]


def modules_in_a_container(x):
    return [m.__name__ for m in MODULES], MODULES[0].neg(x), MODULES[1].square(x)


def _call(module, x):
    return module.square(x) * module.SCALE


def module_passed_whole(x):
    return _call(loose, x)


def module_returned():
    return loose


def lambda_over_module():
    return lambda x: proj.sub.neg(x) - loose.SCALE


CASES = {
    "through_package": (through_package, ["f(4)", "f(-1)"]),
    "through_two_packages": (through_two_packages, ["f(3)"]),
    "submodule_calls_its_own_global": (submodule_calls_its_own_global, ["f(4)"]),
    "module_in_a_closure_cell": (make_closure(), ["f(1)"]),
    "module_as_default": (module_default, ["f(5)", "f.__defaults__[0].neg(2)"]),
    "module_as_keyword_default": (module_keyword_default, ["f(6)"]),
    "attribute_computed_by_module_getattr": (computed_attribute, ["f()"]),
    "attribute_of_another_module": (attribute_of_another_module, ["f(8)"]),
    "from_package_import_submodule": (from_import, ["f(1)"]),
    "modules_in_a_container": (modules_in_a_container, ["f(3)"]),
    "module_passed_whole": (module_passed_whole, ["f(2)"]),
    "module_returned_whole": (module_returned, ["f().square(3)", "f().SCALE", "f().__name__"]),
    "lambda_over_modules": (lambda_over_module(), ["f(2)"]),
}
