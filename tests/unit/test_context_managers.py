"""A ``@contextlib.contextmanager`` function held as a global is written as the call that makes it,
``contextlib.contextmanager(func)``, with the attributes set on it after decoration: before, it
went as contextlib's own closure (``helper``) by its source, whose line in contextlib.py differs
between Pythons (a payload per Python). How it loads on every Python: the case file
``round3_flow_and_values`` (``contextmanager_dumped``, ``contextmanager_used``)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import AsyncIterator, Iterator, List

import srcpickle


@contextlib.contextmanager
def tag(name: str, out: List[str]) -> Iterator[str]:
    out.append(f"<{name}>")
    try:
        yield name
    finally:
        out.append(f"</{name}>")


tag.label = "html"  # type: ignore[attr-defined]


def build() -> str:
    out: List[str] = []
    with tag("div", out), tag("p", out) as inner:
        out.append(inner)
    return "".join(out)


def test_written_as_the_decorator_call_with_its_attributes() -> None:
    text = srcpickle.dumps(build).decode()
    assert "[reduce tag]\ncallable: @contextlib.contextmanager\n" in text, text
    assert "state: (None, {'label': 'html'})" in text, text
    assert "def helper" not in text, text
    loaded = srcpickle.loads(text.encode())
    assert loaded() == "<div><p>p</p></div>"


def test_dumped_itself_it_is_the_decorated_function_again() -> None:
    loaded = srcpickle.loads(srcpickle.dumps(tag))
    out: List[str] = []
    with loaded("b", out) as name:
        out.append(name)
    assert out == ["<b>", "b", "</b>"]
    assert loaded.__name__ == "tag" and loaded.label == "html"
    assert loaded.__wrapped__.__name__ == "tag"


@contextlib.asynccontextmanager
async def session(name: str, out: List[str]) -> AsyncIterator[str]:
    out.append(f"open {name}")
    try:
        yield name.upper()
    finally:
        out.append(f"close {name}")


async def use_session(out: List[str]) -> List[str]:
    async with session("db", out) as name:
        out.append(name)
    return out


def test_an_async_one_is_the_asynccontextmanager_call() -> None:
    # Both decorators name their closure helper: an async one written as contextmanager(func)
    # failed at `async with` (a _GeneratorContextManager has no __aenter__).
    text = srcpickle.dumps(use_session).decode()
    assert "callable: @contextlib.asynccontextmanager\n" in text, text
    assert "@contextlib.contextmanager\n" not in text, text
    loaded = srcpickle.loads(text.encode())
    assert asyncio.run(loaded([])) == ["open db", "DB", "close db"]
    again = srcpickle.loads(srcpickle.dumps(session))
    assert again.__wrapped__.__name__ == "session"
