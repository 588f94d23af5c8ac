"""Classes of a module of the user's own (not importable where the payloads load). Without methods,
imported by name into the script (``from usermod import Color``): an Enum, an Enum of an aliased
base, a dataclass of fields only, a class body reading its module's constant, a subclass adding
nothing.

A class without methods is found through the namespace it was met in; that was the importer's
(the script's), not its module's, so its statement ran at load without its module's names
(``NameError: name 'enum' is not defined``): a spawn pool's worker died on the first task. And
class statements of the script that read a class through the module (``class D(usermod.Base)``,
a metaclass): the module's namespace in the payload got its globals only after the statement ran.
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


            class Tagging(type):
                def __new__(mcls, name, bases, namespace):
                    namespace["tag"] = "tagged"
                    return super().__new__(mcls, name, bases, namespace)
            """
        ).lstrip()
    )
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import usercls_helpers  # noqa: E402 - written just above
import usercls_helpers as helpers_alias  # noqa: E402
from usercls_helpers import Color, Limited, Point, Shade, Sub  # noqa: E402


# Class statements that read a class through the module (its namespace of the payload: its
# globals were set only after the statement ran, "module 'usercls_helpers' has no attribute").
class Derived(usercls_helpers.Base):
    def more(self):
        return self.hello() + "+"


class AliasDerived(helpers_alias.Base):
    pass


class Tagged(metaclass=usercls_helpers.Tagging):
    pass


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


def through_the_module():
    return Derived().more(), AliasDerived().hello(), Tagged.tag


CASES = {
    "enum_imported_by_name": (color_value, ["f('GREEN')", "type(f.__globals__['Color'].RED).__name__"]),
    "enum_of_an_aliased_base": (shade_name, ["f()"]),
    "dataclass_of_fields_only": (make_point, ["f(3)", "f(3).y"]),
    "class_body_reading_its_module": (limit, ["f()"]),
    "subclass_adding_nothing": (hello, ["f()"]),
    "class_statements_reading_through_the_module": (through_the_module, ["f()"]),
    "class_reading_through_the_module_alone": (Derived, ["f().more()", "[c.__name__ for c in f.__mro__]"]),
}
