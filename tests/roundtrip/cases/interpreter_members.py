"""Classes holding the interpreter's own methods as attributes (``__hash__ = object.__hash__``
beside an ``__eq__``, ``__repr__ = object.__repr__``). On PyPy those methods are functions whose
code has no file, and dumping such a class failed there ("'builtin-code' object has no attribute
'co_filename'"); every interpreter writes them as references to ``builtins``."""


class Token:
    __hash__ = object.__hash__

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, Token) and other.text == self.text


def make_local(tag):
    class Local:
        __repr__ = object.__repr__
        __ne__ = object.__ne__
        label = tag

        def __eq__(self, other):
            return type(other) is type(self)

    return Local


CASES = {
    "object_hash_beside_eq": (
        Token,
        [
            "f('a') == f('a')",
            "len({f('a'), f('a')})",
            "f.__hash__ is object.__hash__",
            "(lambda t: hash(t) == object.__hash__(t))(f('a'))",
        ],
    ),
    "local_class_with_object_methods": (
        make_local("x"),
        [
            "f.label",
            "f() == f()",
            "f() != f()",
            "repr(f()).startswith('<')",
            "f.__repr__ is object.__repr__",
        ],
    ),
}
