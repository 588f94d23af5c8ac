"""The interpreter's own classes that the ``types`` module names, held as values: in a tuple, as
a default, in a dict, as a class attribute. Each names itself after ``builtins``, which lacks it
(``builtins.function``), so dumping one failed ("it is not importable as builtins.function")
unless a ``from types import ...`` bound it to a global; each is written under the name ``types``
exports it by (``types.FunctionType``), one name per class on every interpreter (PyPy's
``MethodType`` is also its ``BuiltinMethodType``: written ``MethodType``)."""

import types

KINDS = (
    types.FunctionType,
    types.LambdaType,
    types.MethodType,
    types.BuiltinFunctionType,
    types.BuiltinMethodType,
    types.ModuleType,
    types.GeneratorType,
    types.CoroutineType,
    types.AsyncGeneratorType,
    types.CodeType,
    types.CellType,
    types.FrameType,
    types.TracebackType,
    types.MappingProxyType,
    types.MethodWrapperType,
    types.WrapperDescriptorType,
    types.MethodDescriptorType,
    types.ClassMethodDescriptorType,
    types.GetSetDescriptorType,
    types.MemberDescriptorType,
)
# The names that are one class on every interpreter (KINDS's index, name).
UNALIASED = ((0, "FunctionType"), (2, "MethodType"), (3, "BuiltinFunctionType"), (5, "ModuleType"))
UNALIASED += ((6, "GeneratorType"), (9, "CodeType"), (10, "CellType"), (13, "MappingProxyType"))


def kinds_of(value, extra=types.BuiltinFunctionType, *, table={"module": types.ModuleType}):
    return [isinstance(value, kind) for kind in KINDS] + [
        isinstance(value, extra),
        isinstance(value, table["module"]),
    ]


def unaliased():
    return [KINDS[index] is getattr(types, name) for index, name in UNALIASED]


class Dispatcher:
    handled = (types.FunctionType, types.MethodType)

    def accepts(self, value):
        return isinstance(value, self.handled)


# PyPy's types module gives one class several names (its MethodWrapperType is MethodType, its
# ClassMethodDescriptorType classmethod): KINDS is written with the names that are one class
# everywhere, so its payload from PyPy, or made again there, names those.
DUMPERS_VARY = {
    "types_classes_as_values": "PyPy's types module gives one class several names: another is written",
    "types_classes_are_the_loading_interpreters": "PyPy's types module gives one class several names",
}
REDUMP_VARIES = {
    "types_classes_as_values": "PyPy's types module gives one class several names: another is written",
    "types_classes_are_the_loading_interpreters": "PyPy's types module gives one class several names",
}

CASES = {
    "types_classes_as_values": (
        kinds_of,
        [
            "f(len)",
            "f(__import__('types'))",
            "f.__defaults__[0] is __import__('types').BuiltinFunctionType",
            "f.__kwdefaults__['table']['module'] is __import__('types').ModuleType",
        ],
    ),
    "types_classes_are_the_loading_interpreters": (unaliased, ["f()"]),
    "types_classes_as_class_attributes": (
        Dispatcher,
        ["f().accepts(f().accepts)", "f().accepts(len)", "f.handled[1] is __import__('types').MethodType"],
    ),
}
