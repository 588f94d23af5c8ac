"""What the round trips of ``cases/quoted_function_annotations.py`` and
``cases/function_annotation_strings.py`` cannot show by comparing probes with the originals:

- which globals the payloads carry: those the annotations' strings name, never those that only a
  ``Literal``'s value or ``Annotated``'s metadata spells, nor one imported only for type checkers
  (read with ``srcpickle.inspect``, which executes nothing);
- that ``loads(typecheck=True)``, in a fresh process of this Python (the one with typeguard),
  checks calls against quoted annotations: a wrong type raises, a right one passes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import srcpickle
from srcpickle._model import NamespaceNode

from .harness import case_file, current_interpreter
from .test_class_identity import _typeguard_path

# (case file, case) -> (globals the payload must carry, globals it must not)
GLOBALS = {
    ("quoted_function_annotations", "quoted_parameters_and_return"): ({"Hound", "List", "Optional"}, set()),
    ("quoted_function_annotations", "literal_and_annotated_strings"): (
        {"Literal", "Annotated", "Dict"},
        {"red", "meta"},
    ),
    ("quoted_function_annotations", "type_checking_only_name"): ({"Hound", "typing"}, {"Decimal"}),
    ("quoted_function_annotations", "forward_references_only_in_annotations"): (
        {"Shelter", "Kennel", "Optional"},
        set(),
    ),
    ("quoted_function_annotations", "nested_def_quoted_annotations"): ({"Hound", "Optional", "List"}, set()),
    ("function_annotation_strings", "future_quoted_in_strings"): ({"Dog", "Route", "Annotated"}, {"blue"}),
    # The strings of typing objects the code reads (PetList = List["Pet"]) name globals too.
    ("forward_reference_values", "alias_in_annotations"): ({"Pet", "PetList", "MaybePet", "Table"}, set()),
    ("forward_reference_values", "aliases_naming_aliases"): (
        {"Chain", "MaybePet", "Pet", "Owner", "Deep", "Builtin585", "Qualified", "typing"},
        {"str"},
    ),
    ("forward_reference_values", "type_variable_bounds"): ({"B", "C", "Pet", "Owner"}, set()),
    ("forward_reference_values", "name_the_module_never_bound"): ({"NotBound"}, {"OnlyForTypeCheckers"}),
    ("forward_reference_values", "annotation_assigned_after_def"): ({"Owner"}, set()),
    ("function_annotation_strings", "future_closure_and_type_checking_name"): (
        {"Pet", "typing"},
        {"Fraction", "blue"},
    ),
}


def _globals(payload: srcpickle.Payload) -> set[str]:
    return {
        name for node in payload.nodes.values() if isinstance(node, NamespaceNode) for name, _ in node.globals
    }


@pytest.mark.parametrize("file,case", sorted(GLOBALS), ids=lambda value: str(value))
def test_globals_that_annotation_strings_name(roundtrip_harness: Any, file: str, case: str) -> None:
    dump = roundtrip_harness.dump(current_interpreter(), case_file(file))
    payload = srcpickle.inspect(dump.payload(case))
    carried = _globals(payload)
    wanted, unwanted = GLOBALS[(file, case)]
    assert wanted <= carried, f"missing {sorted(wanted - carried)}; carried {sorted(carried)}"
    assert not unwanted & carried, f"carried {sorted(unwanted & carried)}"


# The head of both loading children: typechecked loads of the payloads in argv[1], and each
# call's result or exception name.
CHILD_HEAD = """
import json, sys
import srcpickle
folder = sys.argv[1]
load = lambda name: srcpickle.load(f"{folder}/{name}.srcpickle", typecheck=True)

def outcome(fn, *args, **kwargs):
    try:
        return repr(fn(*args, **kwargs))
    except Exception as exc:
        return type(exc).__name__
"""

LOAD = (
    CHILD_HEAD
    + """
feed, choose = load("quoted_parameters_and_return"), load("literal_and_annotated_strings")
price = load("type_checking_only_name")
count, walk = load("forward_references_only_in_annotations"), load("future_quoted_in_strings")
Hound = feed.__wrapped__.__globals__["Hound"]
Dog = walk.__wrapped__.__globals__["Dog"]
Shelter = count.__wrapped__.__globals__["Shelter"]
result = {
    "feed(pet)": outcome(feed, Hound("a"), bowl=None, k=[Hound("b")]),
    "feed(3)": outcome(feed, 3),
    "feed(*more wrong)": outcome(feed, Hound("a"), 4),
    "feed(bowl wrong)": outcome(feed, Hound("a"), bowl="x"),
    "feed(**named wrong)": outcome(feed, Hound("a"), k=[1]),
    "choose(blue)": outcome(choose, "blue", 1),
    "choose(green)": outcome(choose, "green"),
    "price(decimal unchecked)": outcome(price, "any", Hound("a")),
    "price(pet wrong)": outcome(price, 1, "not a pet"),
    "count(shelter)": outcome(count, Shelter([Hound("a")])),
    "count(list)": outcome(count, []),
    "walk(dog)": outcome(lambda: walk(Dog("d")).minutes),
    "walk(pet)": outcome(walk, Dog.__mro__[1]("p")),
}
print("RESULT=" + json.dumps(result))
"""
)


def test_typecheck_checks_quoted_annotations_after_load(roundtrip_harness: Any, tmp_path: Path) -> None:
    from srcpickle._pythons import IsolatedPackage

    current = current_interpreter()
    for file in ("quoted_function_annotations", "function_annotation_strings"):
        for name, data in roundtrip_harness.dump(current, case_file(file)).payloads().items():
            (tmp_path / f"{name}.srcpickle").write_bytes(data)
    with IsolatedPackage() as package:
        proc = package.run(current, LOAD, [str(tmp_path)], extra_path=_typeguard_path())
    lines: List[str] = [line for line in proc.stdout.splitlines() if line.startswith("RESULT=")]
    assert lines, proc.stderr
    result: Dict[str, str] = json.loads(lines[0][len("RESULT=") :])
    assert result == {
        "feed(pet)": "[Hound('a'), Hound('b')]",
        "feed(3)": "TypeCheckError",
        "feed(*more wrong)": "TypeCheckError",
        "feed(bowl wrong)": "TypeCheckError",
        "feed(**named wrong)": "TypeCheckError",
        "choose(blue)": "{'blue': 1}",
        "choose(green)": "TypeCheckError",
        "price(decimal unchecked)": "(Hound('a'), 'any')",
        "price(pet wrong)": "TypeCheckError",
        "count(shelter)": "1",
        "count(list)": "TypeCheckError",
        "walk(dog)": "10",
        "walk(pet)": "TypeCheckError",
    }


FORWARD_LOAD = (
    CHILD_HEAD
    + """
feed, bounded = load("alias_in_annotations"), load("type_variable_bounds")
later = load("annotation_assigned_after_def")
Pet = feed.__wrapped__.__globals__["Pet"]
Owner = later.__wrapped__.__globals__["Owner"]
result = {
    "feed(pets)": outcome(feed, [Pet("a")], Pet("b")),
    "feed(wrong item)": outcome(feed, [1]),
    "feed(wrong extra)": outcome(feed, [Pet("a")], "b"),
    "bounded(pet)": outcome(bounded, Pet("a"), Owner()),
    "later(owner)": outcome(later, Owner(), 1),
    "later(wrong)": outcome(later, 1, 1),
}
print("RESULT=" + json.dumps(result))
"""
)


def test_typecheck_resolves_forward_references_of_aliases(roundtrip_harness: Any, tmp_path: Path) -> None:
    """``typecheck=True`` checks an annotation that reads ``PetList = List["Pet"]`` against the
    loaded ``Pet``: the payload carries what the alias's string names."""
    from srcpickle._pythons import IsolatedPackage

    current = current_interpreter()
    for name, data in (
        roundtrip_harness.dump(current, case_file("forward_reference_values")).payloads().items()
    ):
        (tmp_path / f"{name}.srcpickle").write_bytes(data)
    with IsolatedPackage() as package:
        proc = package.run(current, FORWARD_LOAD, [str(tmp_path)], extra_path=_typeguard_path())
    lines: List[str] = [line for line in proc.stdout.splitlines() if line.startswith("RESULT=")]
    assert lines, proc.stderr
    assert json.loads(lines[0][len("RESULT=") :]) == {
        "feed(pets)": "{'a': Pet('a'), 'b': Pet('b')}",
        "feed(wrong item)": "TypeCheckError",
        "feed(wrong extra)": "TypeCheckError",
        "bounded(pet)": "Pet('a')",
        "later(owner)": "Owner()",
        "later(wrong)": "TypeCheckError",
    }
