"""The signature text of a function as ``inspect`` makes it.

``_capture.functions.signature_text`` writes the same text from the code object without importing inspect;
this is its reference (a test compares both on every interpreter) and its answer for a function
whose attributes change what inspect reads (``__signature__``, ``__text_signature__``, a
partialmethod), whose code is not a code object (PyPy's built-in functions) or whose parameter
names inspect refuses. Imported only for those: a first dumps of any other function needs
neither inspect nor the class below (issue 9).
"""

from __future__ import annotations

from ._capture.functions import default_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    import types
    from typing import List, Tuple


class _Text:
    """Shows as its text inside ``inspect.Signature``'s formatting."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def inspected_signature_text(fn: types.FunctionType, annotations: List[Tuple[str, str]]) -> str:
    """``_capture.functions.signature_text`` as inspect makes it: the signature of ``fn`` with the annotation
    texts ``annotations`` and ``default_text``'s texts of its defaults; "" when inspect finds none."""
    import inspect

    try:
        signature = inspect.signature(fn, follow_wrapped=False)
    except Exception:  # noqa: BLE001 - see below
        # No signature (TypeError, ValueError), or attributes that make inspect itself fail
        # (``__text_signature__ = 42``: AttributeError; an unbalanced one: a tokenizer error):
        # no text. The attributes are carried as they are, so the loaded function answers
        # inspect as the original did.
        return ""
    texts = dict(annotations)
    empty = inspect.Parameter.empty
    params = [
        p.replace(
            annotation=_Text(texts[p.name]) if p.name in texts else empty,
            default=_Text(default_text(p.default)) if p.default is not empty else empty,
        )
        for p in signature.parameters.values()
    ]
    returns = _Text(texts["return"]) if "return" in texts else inspect.Signature.empty
    return str(signature.replace(parameters=params, return_annotation=returns))
