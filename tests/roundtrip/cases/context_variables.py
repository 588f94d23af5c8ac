"""Module-level ``contextvars.ContextVar`` objects that functions read and set (a request id, a
logging context, the current tenant in async code), which CPython refused (it refuses pickle)
and PyPy wrote as its private attributes (``copyreg.__newobj__`` with ``_name`` and
``_default``), which only PyPy could load. A variable is written as the call that makes it,
``contextvars.ContextVar(name, default=...)``, the same on every Python: its name and default
are all a variable is; what a context set it to is the running program's, not carried
(tests/unit/test_context_and_key_objects.py). Functions sharing one variable share it after loading, in sync
code, in a ``contextvars.copy_context().run`` and across ``asyncio`` tasks."""

import asyncio
import contextvars

REQUEST_ID = contextvars.ContextVar("request_id", default=None)
TENANT = contextvars.ContextVar("tenant")
DEPTH = contextvars.ContextVar("depth", default=0)
TAGS = contextvars.ContextVar("tags", default=("base",))


def current_request():
    return REQUEST_ID.get(), REQUEST_ID.name


def tenant_or_unset():
    try:
        return TENANT.get()
    except LookupError:
        return "unset"


def with_tenant(name):
    token = TENANT.set(name)
    try:
        return tenant_or_unset()
    finally:
        TENANT.reset(token)


def isolated(name):
    # A copy of the context: what runs inside sets the variable there only.
    inside = contextvars.copy_context().run(with_tenant, name)
    return inside, tenant_or_unset()


def nested(level):
    token = DEPTH.set(DEPTH.get() + 1)
    try:
        return DEPTH.get() if level == 0 else nested(level - 1)
    finally:
        DEPTH.reset(token)


async def _handle(request):
    REQUEST_ID.set(request)
    await asyncio.sleep(0)
    return current_request()[0]


def serve(requests):
    async def main():
        return await asyncio.gather(*(_handle(r) for r in requests))

    return asyncio.run(main()), current_request()[0]


def tagged(extra):
    return TAGS.get() + (extra,), TAGS.name


def variables_of(*functions):
    return [fn.__globals__.get(name) for fn in functions for name in ("TENANT",)]


def same_variable():
    # with_tenant and tenant_or_unset read one variable, held once by the payload.
    return variables_of(with_tenant)[0] is variables_of(tenant_or_unset)[0], type(TENANT).__name__


CASES = {
    "default_none": (current_request, ["f()"]),
    "no_default": (tenant_or_unset, ["f()"]),
    "set_and_reset": (with_tenant, ["f('acme')", "f('other')"]),
    "copied_context": (isolated, ["f('acme')"]),
    "recursion_depth": (nested, ["f(0)", "f(3)"]),
    "asyncio_tasks": (serve, ["f(['a', 'b', 'c'])"]),
    "tuple_default": (tagged, ["f('x')"]),
    "shared_by_functions": (same_variable, ["f()"]),
}
