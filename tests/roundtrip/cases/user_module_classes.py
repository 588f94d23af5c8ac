"""Classes without methods of a module of the user's own, imported by name into the script
(``from usermod import Color``): an Enum, an Enum of an aliased base, a dataclass of fields only,
a class body reading its module's constant, a subclass adding nothing.

A class without methods is found through the namespace it was met in; that was the importer's
(the script's), not its module's, so its statement ran at load without its module's names
(``NameError: name 'enum' is not defined``): a spawn pool's worker died on the first task.
"""

import os
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = "usercls_helpers"
with open(os.path.join(HERE, MODULE + ".py"), "w", encoding="utf-8") as handle:
    handle.write(
        textwrap.dedent(
            """
            import enum
            from dataclasses import dataclass
            from enum import Enum as _Enum

            LIMIT = 7


            class Color(enum.Enum):
                RED = 1
                GREEN = 2


            class Shade(_Enum):
                DARK = 1


            @dataclass
            class Point:
                x: int = 0
                y: int = 0


            class Limited:
                cap = LIMIT


            class Base:
                def hello(self):
                    return "base"


            class Sub(Base):
                pass
            """
        ).lstrip()
    )
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from usercls_helpers import Color, Limited, Point, Shade, Sub  # noqa: E402 - written just above


def color_value(name):
    return Color[name].value


def shade_name():
    return Shade.DARK.name


def make_point(x):
    return Point(x)


def limit():
    return Limited.cap


def hello():
    return Sub().hello()


CASES = {
    "enum_imported_by_name": (color_value, ["f('GREEN')", "type(f.__globals__['Color'].RED).__name__"]),
    "enum_of_an_aliased_base": (shade_name, ["f()"]),
    "dataclass_of_fields_only": (make_point, ["f(3)", "f(3).y"]),
    "class_body_reading_its_module": (limit, ["f()"]),
    "subclass_adding_nothing": (hello, ["f()"]),
}
