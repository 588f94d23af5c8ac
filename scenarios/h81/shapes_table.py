"""The module shapes scenarios/h81/shapes.py runs (each defines ROOT, the object dumped)."""

SHAPES = {
    "fallback_class": """\
        class _Negate:
            def __call__(self, x):
                return -x

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _Negate

        def ROOT(x):
            return convert(x) if not isinstance(convert, type) else convert()(x)
        """,
    "fallback_instance": """\
        class _Negate:
            def __call__(self, x):
                return -x

        _negate = _Negate()
        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def ROOT(x):
            return convert(x)
        """,
    "fallback_lambda": """\
        _negate = lambda x: -x
        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def ROOT(x):
            return convert(x)
        """,
    "fallback_function_with_default_and_global": """\
        import operator
        SCALE = 1

        def _negate(x, scale=SCALE):
            return operator.neg(x) * scale

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def ROOT(x):
            return convert(x)
        """,
    "fallback_closure": """\
        def _make():
            sign = -1
            def negate(x):
                return sign * x
            return negate

        _negate = _make()
        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def ROOT(x):
            return convert(x)
        """,
    "fallback_tuple_of_functions": """\
        def _negate(x):
            return -x

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        FUNCS = (convert, abs)

        def ROOT(x):
            return FUNCS[0](x)
        """,
    "guard_in_a_function": """\
        def _load():
            try:
                import acmeunits
            except ImportError:
                acmeunits = None
            return acmeunits

        def ROOT(x):
            units = _load()
            return -x if units is None else units.meters(x)
        """,
    "guard_in_a_class_body": """\
        class Units:
            try:
                import acmeunits as impl
            except ImportError:
                impl = None

        def ROOT(x):
            return -x if Units.impl is None else Units.impl.meters(x)
        """,
    "fallback_def_in_handler": """\
        try:
            from acmeunits import meters as convert
        except ImportError:
            def convert(x):
                return -x

        def ROOT(x):
            return convert(x)
        """,
    "fallback_class_in_handler": """\
        try:
            from acmeunits import meters as convert
        except ImportError:
            class convert:
                def __new__(cls, x):
                    return -x

        def ROOT(x):
            return convert(x)
        """,
    "guard_after_all": """\
        __all__ = ["ROOT"]

        try:
            import acmeunits
        except ImportError:
            acmeunits = None

        def ROOT(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "from_import_parenthesised_two_fallbacks": """\
        def _negate(x):
            return -x

        try:
            from acmeunits import (
                meters,
                meters as other,
            )
        except ImportError:
            meters = _negate
            other = None

        def ROOT(x):
            return meters(x) if other is None else other(x)
        """,
    "two_functions_redump_one": """\
        try:
            import acmeunits
            HAS = True
        except ImportError:
            acmeunits = None
            HAS = False

        def g(x):
            return HAS

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)

        ROOT = f
        """,
    "earlier_binding_inside_the_same_if": """\
        import contextlib

        if True:
            acmeunits = None
            with contextlib.suppress(ImportError):
                import acmeunits

        def ROOT(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "rebound_in_an_if_block": """\
        import contextlib

        acmeunits = None
        if True:
            acmeunits = 0
        with contextlib.suppress(ImportError):
            import acmeunits

        def ROOT(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "tuple_of_literals": """\
        import contextlib

        acmeunits, HAS_UNITS = None, False
        with contextlib.suppress(ImportError):
            import acmeunits

            HAS_UNITS = True

        def ROOT(x):
            return acmeunits.meters(x) if HAS_UNITS else -x
        """,
}
