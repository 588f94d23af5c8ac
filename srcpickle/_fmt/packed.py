"""Binary data in a payload's text: long runs of ints packed (``*ints('<iW', N, 'BASE64')``, format
3) and the base64 text of long bytes values, with the caches that keep what was proven or encoded
for a value dumped again.

Imported by the writer and the capture of plain data only when a payload holds such a value (a
list or tuple of at least ``INT_PACK_MIN`` ints, bytes longer than ``BASE64_MIN_BYTES``): a dumps
of functions does not pay for its import (issue 9). It imports only the standard library and
never the reader.
"""

from __future__ import annotations

import sys

from . import _SIGN_FILL

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple


def pack_ints(ints: Tuple[int, ...]) -> Optional[Tuple[int, bytes]]:
    """The width and bytes of ``ints`` (exact ints) packed as ``ints(...)`` writes them: each as
    the fewest little-endian two's complement bytes that hold every one of them; None when one
    is wider than 64 bits (the run is written in decimal then)."""
    from struct import error, pack  # imported where used: most payloads hold no long run of ints

    try:
        full = pack(f"<{len(ints)}q", *ints)
    except (error, OverflowError):  # (CPython says struct.error, PyPy may say OverflowError)
        return None
    # The narrowest width whose dropped bytes are all the sign of the byte below them: byte
    # columns compared whole (C loops over the run, not a Python step per item).
    for width in range(1, 8):
        sign = full[width - 1 :: 8].translate(_SIGN_FILL)
        if all(full[k::8] == sign for k in range(width, 8)):
            break
    else:
        return 8, full
    narrow = bytearray(len(ints) * width)
    for k in range(width):
        narrow[k::width] = full[k::8]
    return width, bytes(narrow)


def _packed_pieces(count: int, width: int, data: bytes) -> List[bytes]:
    # The text of a packed run of ``count`` ints, ``pack_ints`` gave ``width`` and ``data``, as
    # ASCII pieces (write_bytes puts them straight into the payload).
    return [f"*ints('<i{width}', {count}, '".encode(), base64_text(data), b"')"]


def packed_int32_run(items: Tuple[Any, ...]) -> Optional[Tuple[Tuple[int, ...], Tuple[int, bytes]]]:
    """When every one of ``items`` (an exact tuple of live objects, at least ``INT_RUN_MIN`` of
    them) is proven an exact int of at most 32 bits: the items to write (``items``, or an equal
    tuple of the same exact ints kept from an earlier call) and ``pack_ints(items)``. Else None:
    not proven (a wider int, a bool, anything else, or not CPython), which the caller then
    checks its own way.

    The proof is ``marshal.dumps(items, 2)``, one C pass: CPython's marshal writes an item as
    ``i`` and four bytes only for an exact int of 32 bits (a bool is ``T`` or ``F``, an int
    subclass is refused), so a tuple whose items all start at every fifth byte is one. The same
    proof text is the same exact ints: a run dumped again (the same data, in a list made again)
    is looked up by it, not packed again (issue 9: 100,000 ints took 41M instructions to check
    and pack, the proof takes 15M)."""
    if not _MARSHAL_PROVES_INTS or type(items) is not tuple:
        return None
    from marshal import dumps  # (a built-in module, imported by every CPython at start)

    try:
        # (version 2: no back-references, each item written in full where it stands)
        proof = dumps(items, 2)
    except Exception:  # noqa: BLE001 - an item marshal refuses (or its own code failed): not proven
        return None
    # Looked up by the length and the last bytes (the count is in the first five), then compared
    # whole: hashing the whole proof costs more than comparing it.
    sample = (len(proof), proof[-64:])
    kept = _INT32_RUNS.get(sample)
    if kept is not None and kept[0] == proof:
        # The run kept is written: a tuple that has been through a collection is no longer
        # tracked by the collector, where a new one of 100,000 items is looked through by it.
        return kept[1]
    count = len(items)
    # Item k starts at byte 5 + 5k (after "(" and the count): its first byte is its type.
    if len(proof) != 5 + 5 * count or proof[:1] != b"(" or proof[5::5] != b"i" * count:
        return None
    # Byte k of every item's four (little-endian two's complement), as pack_ints's columns: the
    # four it adds above them are the sign of the fourth, so the same width comes out.
    columns = [proof[6 + k :: 5] for k in range(4)]
    for width in range(1, 4):
        sign = columns[width - 1].translate(_SIGN_FILL)
        if all(columns[k] == sign for k in range(width, 4)):
            break
    else:
        width = 4
    narrow = bytearray(count * width)
    for k in range(width):
        narrow[k::width] = columns[k]
    run = (items, (width, bytes(narrow)))
    if len(proof) <= INT32_RUNS_KEPT_BYTES // 4:
        if _INT32_RUNS_KEPT[0] + len(proof) > INT32_RUNS_KEPT_BYTES:
            _INT32_RUNS.clear()
            _INT32_RUNS_KEPT[0] = 0
        _INT32_RUNS[sample] = (proof, run)
        _INT32_RUNS_KEPT[0] += len(proof)  # (threads racing here miscount a little: a bound)
    return run


# Whether marshal proves a run of exact ints (CPython's writes "i" for an exact int only; PyPy's
# marshal is its own).
_MARSHAL_PROVES_INTS = sys.implementation.name == "cpython"
# Runs (items, (width, bytes)) and their proofs (packed_int32_run), by the proof's length and
# last bytes: bounded by the proofs' bytes (5 per int, as much again for the items, 1 to 4 for
# the packed bytes), then it starts over.
_INT32_RUNS: Dict[Tuple[int, bytes], Tuple[bytes, Tuple[Tuple[int, ...], Tuple[int, bytes]]]] = {}
_INT32_RUNS_KEPT = [0]
INT32_RUNS_KEPT_BYTES = 8 << 20


def base64_text(data: bytes) -> bytes:
    """``binascii.b2a_base64(data, newline=False)``, kept for a long ``data`` (exact bytes,
    immutable): a value dumped again is not encoded again (a MiB took 18M instructions)."""
    if len(data) < BASE64_KEEP_MIN:
        return _b2a_base64(data)
    kept = _BASE64_TEXTS.get(id(data))
    if kept is not None and kept[0] is data:
        return kept[1]
    text = _b2a_base64(data)
    if type(data) is bytes and len(data) <= BASE64_KEPT_BYTES // 4:
        if _BASE64_KEPT[0] + len(data) > BASE64_KEPT_BYTES:
            _BASE64_TEXTS.clear()
            _BASE64_KEPT[0] = 0
        # The entry holds the value, so that its id names no other object while it is kept.
        _BASE64_TEXTS[id(data)] = (data, text)
        _BASE64_KEPT[0] += len(data)
    return text


def _b2a_base64(data: bytes) -> bytes:
    from binascii import b2a_base64  # (base64.b64encode's C function, without its module)

    return b2a_base64(data, newline=False)


# Below this many bytes a value is encoded every time (a lookup costs about as much).
BASE64_KEEP_MIN = 4096
# The base64 texts of long bytes values, by the value's id (base64_text): bounded by the values'
# bytes (each kept alive with its text, 1.33 times as long), then it starts over.
_BASE64_TEXTS: Dict[int, Tuple[bytes, bytes]] = {}
_BASE64_KEPT = [0]
BASE64_KEPT_BYTES = 8 << 20


def packed_ints_text(ints: Tuple[int, ...]) -> Optional[str]:
    """``*ints('<iW', N, 'BASE64')``, the packed run of ``ints`` (at least ``INT_PACK_MIN`` exact
    ints), or None when one of them is wider than 64 bits."""
    packed = pack_ints(ints)
    if packed is None:
        return None
    return b"".join(_packed_pieces(len(ints), *packed)).decode("ascii")
