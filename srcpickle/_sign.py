"""Signed payloads: an HMAC-SHA256 line that proves who wrote (or reviewed) a payload.

A signed payload is format 2. Its second line is the signature, right after the first line::

    srcpickle-payload 2
    signature: 'hmac-sha256 1f2e3d4c5b6a7980 9c0b...64 hex digits...'
    written-by: ...

The three words are the algorithm, the *key id* (the first 8 bytes of SHA-256 over a fixed prefix
and the key, so that a verifier holding several keys knows which one to use) and the HMAC-SHA256,
under the key, of every byte of the payload except the signature line itself: the first line
(so that the format version cannot be relabelled) and every byte after the signature line,
through the end marker and the final newline. The key is never written.

The signature is a layer of its own: verifying reads the first two lines and computes one HMAC
before anything else of the payload is parsed, and never executes anything. A signature proves
that someone holding the key produced or approved exactly these bytes; it says nothing about what
the code does when it runs (see "Signed payloads" in README.md).

This module imports only the standard library.
"""

from __future__ import annotations

import collections.abc
import hashlib
import hmac
import re

from ._files import payload_bytes
from ._model import FORMAT_NAME
from .errors import ArgumentError, PayloadFormatError, SignatureError

# No typing nor dataclasses at run time (issue 9): a process's first signed dumps or loads would
# import them (and inspect, ast, dis) for a type alias and one record.
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:  # type checkers see a real dataclass; at run time it is a record (see _records)
    from dataclasses import dataclass
    from typing import List, Optional, Sequence, Tuple, TypeAlias, Union

    from ._files import PayloadData
else:
    from ._records import dataclass

ALGORITHM = "hmac-sha256"
# The first format version that has signatures; a signed format-1 payload is relabelled to it.
SIGNED_FORMAT = 2
FIELD = "signature: "
# Shorter keys can be guessed from one signed payload by trying keys offline.
MIN_KEY_BYTES = 16
# Hashed with the key to make its id, so that the id is no HMAC of anything a payload holds.
_KEY_ID_PREFIX = b"srcpickle key id\n"
_LINE_RE = re.compile(rf"signature: '{ALGORITHM} ([0-9a-f]{{16}}) ([0-9a-f]{{64}})'")

KeyLike: TypeAlias = "Union[bytes, bytearray, memoryview, str]"
Keys: TypeAlias = "Union[KeyLike, Sequence[KeyLike]]"


@dataclass(frozen=True)
class Signature:
    """The signature line of a payload: the id of the key that made it and the HMAC, in hex."""

    key_id: str
    mac: str


def key_bytes(key: KeyLike) -> bytes:
    """The bytes a key signs with.

    A key given as bytes (``bytes``, ``bytearray``, ``memoryview``) is used exactly as given:
    every byte is part of the secret, whitespace included. A key given as text is text: it is
    encoded as UTF-8 and its surrounding ASCII whitespace (the final newline of a key file read
    as text) is not part of it.

    Raises:
        ArgumentError: ``key`` is not bytes or text (a ``TypeError``), or is shorter than
            ``MIN_KEY_BYTES`` bytes (a ``ValueError``).
    """
    if isinstance(key, str):
        raw = key.encode("utf-8").strip()
    elif isinstance(key, (bytes, bytearray, memoryview)):
        raw = bytes(key)
    else:
        raise ArgumentError(f"a signing key is bytes or str, not {type(key).__name__}")
    if len(raw) < MIN_KEY_BYTES:
        raise ArgumentError(
            f"a signing key needs at least {MIN_KEY_BYTES} bytes (this one has {len(raw)}); make one "
            'with: python -c "import secrets; print(secrets.token_hex(32))"'
        )
    return raw


def key_forms(key: KeyLike) -> Tuple[bytes, ...]:
    """The bytes a signature made with ``key`` may have been made with: ``key_bytes(key)`` first,
    then the same key with or without its surrounding whitespace, when that differs and is long
    enough.

    Both forms of one secret verify, so that a key file read as bytes in one place and as text in
    another still checks the same signatures, and so that payloads signed with a bytes key by
    earlier releases keep verifying (they stripped whitespace from bytes keys too).

    Raises:
        ArgumentError: as ``key_bytes``.
    """
    signing = key_bytes(key)
    if isinstance(key, str):
        other = key.encode("utf-8")
    else:
        other = signing.strip()
    if other == signing or len(other) < MIN_KEY_BYTES:
        return (signing,)
    return signing, other


def key_list(keys: Keys) -> List[KeyLike]:
    """One key, or a sequence of keys (for rotation), as a list of keys, each checked.

    Raises:
        ArgumentError: ``keys`` is neither a key nor a sequence of keys, no key is given, or a
            key is too short.
    """
    if isinstance(keys, (bytes, bytearray, memoryview, str)):
        key_bytes(keys)
        return [keys]
    if not isinstance(keys, collections.abc.Sequence):
        raise ArgumentError(f"key is bytes, str or a sequence of them, not {type(keys).__name__}")
    # A sequence of keys here (bytes, itself a sequence, returned above); no typing.cast: this
    # module imports no typing at run time.
    result: List[KeyLike] = list(keys)  # type: ignore[arg-type]
    for key in result:
        key_bytes(key)
    if not result:
        raise ArgumentError("key is an empty sequence: give at least one key")
    return result


def key_id(key: KeyLike) -> str:
    """The id a signature made with ``key`` names (16 hex digits)."""
    return _id_of(key_bytes(key))


def _id_of(secret: bytes) -> str:
    return hashlib.sha256(_KEY_ID_PREFIX + secret).hexdigest()[:16]


def _split(data: bytes) -> Tuple[int, bytes, Optional[bytes], bytes]:
    """The format version, the first line, the signature line (None when unsigned) and the rest.

    Raises:
        PayloadFormatError: the first line is no payload's.
        FormatVersionError: a format version this srcpickle cannot read.
    """
    from ._fmt.read import parse_first_line

    first, newline, rest = data.partition(b"\n")
    try:
        first_text = first.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PayloadFormatError(f"payload is not valid UTF-8 text: {exc.reason}", 1) from exc
    version = parse_first_line(first_text, data)
    second, _, after = rest.partition(b"\n")
    if version >= SIGNED_FORMAT and second.startswith(FIELD.encode("ascii")):
        return version, first, second, after
    return version, first, None, rest


def signature_of(data: PayloadData) -> Optional[Signature]:
    """The signature of a payload, or None when it is unsigned. Reads only the first two lines.

    Raises:
        PayloadFormatError: the first line is not a payload's, or the signature line is malformed.
    """
    _, _, line, _ = _split(payload_bytes(data))
    if line is None:
        return None
    return parse_line(line.decode("utf-8", "replace"))


def parse_line(line: str, line_no: int = 2) -> Signature:
    """The ``Signature`` of a signature line.

    Raises:
        PayloadFormatError: ``line`` is not ``signature: 'hmac-sha256 KEYID MAC'``.
    """
    match = _LINE_RE.fullmatch(line)
    if match is None:
        raise PayloadFormatError(
            f"malformed signature line: expected {FIELD}'{ALGORITHM} <16 hex digits> <64 hex digits>'",
            line_no,
            1,
        )
    return Signature(match.group(1), match.group(2))


def _mac(key: bytes, first: bytes, rest: bytes) -> str:
    digest = hmac.new(key, first + b"\n", hashlib.sha256)
    digest.update(rest)
    return digest.hexdigest()


def sign(data: PayloadData, key: KeyLike) -> bytes:
    """Return ``data`` signed with ``key``: format 1 becomes format 2 (the signature line is a
    format-2 addition), and an existing signature is replaced.

    Only the first line is read; the caller decides whether the payload must parse first.

    Raises:
        PayloadFormatError: the first line is not a payload's.
        FormatVersionError: a format version this srcpickle cannot read.
        ArgumentError: ``key`` is not a usable key.
    """
    secret = key_bytes(key)
    version, first, _, rest = _split(payload_bytes(data))
    if version < SIGNED_FORMAT:
        first = f"{FORMAT_NAME} {SIGNED_FORMAT}".encode("ascii")
    line = f"{FIELD}'{ALGORITHM} {_id_of(secret)} {_mac(secret, first, rest)}'"
    return first + b"\n" + line.encode("ascii") + b"\n" + rest


def verify(data: PayloadData, keys: Keys, what: str = "payload") -> str:
    """Check the signature of ``data`` against ``keys`` before anything else of it is read, and
    return the id of the key that made it.

    Args:
        data: the payload.
        keys: one key or a sequence of keys (any of them may have signed it).
        what: how to name the payload in messages (a file name).

    Raises:
        SignatureError: the payload is unsigned, was signed with none of ``keys``, or was changed
            after signing (``reason`` says which).
        PayloadFormatError: the first line is not a payload's.
        FormatVersionError: a format version this srcpickle cannot read.
        ArgumentError: ``keys`` holds no usable key.
    """
    given = key_list(keys)
    version, first, line, rest = _split(payload_bytes(data))
    if line is None:
        raise SignatureError(
            f"{what} is not signed (format {version}, no signature line), but a key was given; "
            "nothing was executed. Sign it after review with: srcpickle sign FILE --key-file KEY",
            "unsigned",
        )
    try:
        signature = parse_line(line.decode("utf-8", "replace"))
    except PayloadFormatError as exc:
        raise SignatureError(
            f"{what} was tampered with: its signature line is malformed ({exc.message}); nothing "
            "was executed",
            "tampered",
        ) from exc
    by_id = {_id_of(form): form for key in given for form in key_forms(key)}
    secret = by_id.get(signature.key_id)
    if secret is None:
        offered = ", ".join(sorted({key_id(key) for key in given}))
        raise SignatureError(
            f"{what} was signed with another key (key id {signature.key_id}); the keys given have "
            f"ids {offered}; nothing was executed. Pass the key that signed it, or re-sign the "
            "payload after reviewing it",
            "wrong-key",
        )
    if not hmac.compare_digest(_mac(secret, first, rest), signature.mac):
        raise SignatureError(
            f"{what} was tampered with: its bytes no longer match the signature of key "
            f"{signature.key_id}; nothing was executed. Review the payload (srcpickle show) and "
            "sign it again if the change is wanted",
            "tampered",
        )
    return signature.key_id
