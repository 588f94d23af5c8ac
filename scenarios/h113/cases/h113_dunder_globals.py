# ruff: noqa
"""Module doc of the script."""

import builtins

len = lambda x: "shadowed len"  # noqa: E731


def reads_dunders():
    return [__name__, __doc__, __file__.endswith(".py"), __package__, __spec__ is None]


def shadow():
    return len([1]), print is builtins.print


def builtin_ref():
    return max([1, 3]), __builtins__ is not None


def annotations_global():
    return sorted(__annotations__)


x: int = 3


class Uses:
    def where(self):
        return __name__, __class__.__module__, type(self).__module__


CASES = {
    "dunders": (reads_dunders, ["f()"]),
    "shadow": (shadow, ["f()"]),
    "builtin_ref": (builtin_ref, ["f()"]),
    "annotations_global": (annotations_global, ["f()"]),
    "uses_module_name": (Uses, ["f().where()", "f.__module__"]),
}
