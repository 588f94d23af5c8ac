"""Modules and names from the standard library go by reference, as imports."""

import collections.abc
import json as j
import os.path
import xml.etree.ElementTree
from collections import OrderedDict
from math import pi as PI
from math import sqrt
from os.path import join as pjoin
from xml import etree


def json_alias(data):
    return j.dumps(data, sort_keys=True), j.loads('{"b": [1, 2], "a": null}')


def math_names(x):
    return sqrt(x), round(PI, 5), sqrt.__name__


def os_path_join(*parts):
    return os.path.join(*parts), os.path.basename(os.path.join(*parts))


def parse_xml(text):
    root = xml.etree.ElementTree.fromstring(text)
    return root.tag, sorted(root.attrib.items()), [child.tag for child in root]


def through_package(text):
    return etree.ElementTree.fromstring(text).tag


def abc_check(value):
    return isinstance(value, collections.abc.Mapping), isinstance(value, collections.abc.Sequence)


def body_imports(values):
    import statistics
    from fractions import Fraction as Fr

    return statistics.median(values), str(Fr(3, 6)), statistics.__name__


def stdlib_class_and_function(*parts):
    return list(OrderedDict([("b", 1), ("a", 2)]).items()), pjoin(*parts), pjoin.__module__


LENGTH = len


def builtin_alias(text):
    return LENGTH(text), LENGTH.__name__


MODULES = {"json": j, "sqrt": sqrt}


def modules_in_a_container(name):
    return MODULES[name].__name__


CASES = {
    "json_alias": (json_alias, ["f({'z': 1, 'a': (2, 3)})"]),
    "math_names": (math_names, ["f(16)", "f(2.25)"]),
    "os_path": (os_path_join, ["f('a', 'b', 'c.txt')", "f('/', 'x')"]),
    "xml_etree_chain": (parse_xml, ['f(\'<root a="1" b="2"><x/><y/></root>\')']),
    "xml_etree_through_package": (through_package, ["f('<doc/>')"]),
    "collections_abc": (abc_check, ["f({})", "f([])", "f(3)"]),
    "body_imports": (body_imports, ["f([5, 1, 3, 2])", "f([1, 2])"]),
    "stdlib_class_and_function": (stdlib_class_and_function, ["f('a', 'b')"]),
    "builtin_alias": (builtin_alias, ["f('four')"]),
    "modules_in_a_container": (modules_in_a_container, ["f('json')", "f('sqrt')"]),
}
