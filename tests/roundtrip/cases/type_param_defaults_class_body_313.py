"""Type parameter defaults (PEP 696, Python 3.13) reading a name of the class body around them,
dumped without that class (see type_param_bounds_class_body): the default is evaluated when
first read, in that class body; its names go with the payload (format 3, ``scope-names``)."""

REQUIRES_PYTHON = (3, 13)


class Outer:
    Fallback = int
    Limit = float

    class Inner[T: Limit = Fallback, **P = [Fallback, str]]:
        def m(self):
            return 1

    def meth[M = Fallback](self, x: M) -> M:
        return x


DEFAULTS = "[(p.__name__, p.__default__) for p in f.__type_params__]"

CASES = {
    "nested_generic_class_alone_with_defaults": (
        Outer.Inner,
        [DEFAULTS, "f.__type_params__[0].__bound__", "f().m()"],
    ),
    "method_alone_with_a_default": (Outer.meth, [DEFAULTS, "f(None, 2)"]),
}
