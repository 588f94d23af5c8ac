"""Guard shapes beyond a top-level try (h74): under a version test, with contextlib.suppress."""

import contextlib
import sys

if sys.version_info >= (3, 8):  # noqa: UP036 - the shape under test
    try:
        import h74_acme
    except ImportError:
        h74_acme = None
else:
    h74_acme = None

with contextlib.suppress(ImportError):
    import h74_acme as acme_suppressed

try:
    import h74_acme as acme_top
except ImportError:
    acme_top = None


def in_if(x):
    return -x if h74_acme is None else h74_acme.f(x)


def suppressed(x):
    try:
        return acme_suppressed.f(x)
    except NameError:
        return -x


def top(x):
    return -x if acme_top is None else acme_top.f(x)
