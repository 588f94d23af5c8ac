"""pydantic v2 models of a script with ``from __future__ import annotations``, loaded for real.

pydantic builds a model's validator when its class statement runs, evaluating the annotation
strings in ``sys.modules[cls.__module__]``. After loading, that was the loading process's own
``__main__``: the model loaded, and every use raised ``PydanticUserError: `Item` is not fully
defined``. The models are dumped by a script (their module is ``__main__``) and loaded in a fresh
isolated process where the script cannot be imported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from srcpickle._pythons import current_interpreter

from . import RESULT_MARK, load_elsewhere, require, run_script

pytestmark = pytest.mark.integration

MODELS = f"""
from __future__ import annotations

import sys
from typing import ClassVar, Dict, List, Optional

import pydantic
from pydantic import BaseModel, Field, field_validator

import srcpickle


class Item(BaseModel):
    name: str
    qty: int = 1
    tags: List[str] = []
    parent: Optional[Item] = None
    registry: ClassVar[Dict[str, int]] = {{}}


class Order(BaseModel):
    number: int
    items: List[Item] = Field(default_factory=list)
    note: Optional[str] = None

    @field_validator("number")
    @classmethod
    def positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("an order number is positive")
        return value

    def total(self) -> int:
        return sum(item.qty for item in self.items)


def use(item_cls, order_cls):
    item = item_cls(name="a", qty="2", parent={{"name": "p"}})
    order = order_cls(number="7", items=[item, {{"name": "b"}}])
    try:
        order_cls(number=0)
        refused = "accepted"
    except pydantic.ValidationError as exc:
        refused = exc.errors()[0]["msg"]
    return (
        item.model_dump(),
        order.total(),
        type(order.items[1]).__name__,
        refused,
        sorted(item_cls.model_fields),
        sorted(order_cls.model_json_schema()["properties"]),
        item_cls.__module__,
    )


if __name__ == "__main__":
    srcpickle.dump((Item, Order), sys.argv[1])
    print({RESULT_MARK!r} + repr(use(Item, Order)))
"""

LOAD = f"""
import sys
import srcpickle

item_cls, order_cls = srcpickle.load(sys.argv[1])
use = srcpickle.load(sys.argv[2])
print({RESULT_MARK!r} + repr(use(item_cls, order_cls)))
"""


def test_pydantic_models_with_string_annotations_load_usable(tmp_path: Path) -> None:
    require("pydantic")
    models = tmp_path / "models.srcpickle"
    original = run_script(tmp_path / "script", MODELS, str(models))
    # The script's use() goes too, so that the loaded side runs the same calls.
    use = tmp_path / "use.srcpickle"
    run_script(
        tmp_path / "script2",
        MODELS.replace("srcpickle.dump((Item, Order), sys.argv[1])", "srcpickle.dump(use, sys.argv[1])"),
        str(use),
    )
    loaded = load_elsewhere(current_interpreter(), LOAD, [str(models), str(use)])
    assert loaded == original
    assert original[0] == {
        "name": "a",
        "qty": 2,
        "tags": [],
        "parent": {"name": "p", "qty": 1, "tags": [], "parent": None},
    }
    assert original[1:4] == (3, "Item", "Value error, an order number is positive")
    assert original[-1] == "__main__"


NOT_FULLY_DEFINED = f"""
from __future__ import annotations

import sys
from typing import List, Optional

import pydantic

import srcpickle


class Tree(pydantic.BaseModel):
    value: int
    child: Optional[Leaf] = None
    leaves: List[Leaf] = []

    @pydantic.field_validator("value")
    @classmethod
    def positive(cls, value: int) -> int:
        return abs(value)


complete_before = Tree.__pydantic_complete__


class Leaf(pydantic.BaseModel):  # defined after Tree: Tree is not fully defined yet
    name: str = "x"


def use(tree_cls):
    tree = tree_cls(value=-3, child={{"name": "c"}}, leaves=[{{}}, {{"name": "b"}}])
    return tree.model_dump(), type(tree.child).__name__


if __name__ == "__main__":
    srcpickle.dump(Tree, sys.argv[1])
    # Dumping read the model without completing it: its placeholder validator was not asked.
    state = (complete_before, Tree.__pydantic_complete__)
    print({RESULT_MARK!r} + repr((state, use(Tree))))
"""

LOAD_TREE = f"""
import sys
import srcpickle

tree_cls = srcpickle.load(sys.argv[1])
use = srcpickle.load(sys.argv[2])
print({RESULT_MARK!r} + repr(use(tree_cls)))
"""


def test_model_not_fully_defined_dumps_without_being_rebuilt(tmp_path: Path) -> None:
    """A model whose forward reference resolves only later in its module: dumps read the
    model's placeholder validator (which rebuilds the model when any attribute of it is read)
    and failed with "dictionary changed size during iteration"; it dumps now, changing nothing,
    and the loaded model validates."""
    require("pydantic")
    tree = tmp_path / "tree.srcpickle"
    state, original = run_script(tmp_path / "script", NOT_FULLY_DEFINED, str(tree))
    assert state == (False, False)
    use = tmp_path / "use.srcpickle"
    run_script(
        tmp_path / "script2",
        NOT_FULLY_DEFINED.replace("srcpickle.dump(Tree, sys.argv[1])", "srcpickle.dump(use, sys.argv[1])"),
        str(use),
    )
    loaded = load_elsewhere(current_interpreter(), LOAD_TREE, [str(tree), str(use)])
    assert (
        loaded
        == original
        == (
            {"value": 3, "child": {"name": "c"}, "leaves": [{"name": "x"}, {"name": "b"}]},
            "Leaf",
        )
    )
