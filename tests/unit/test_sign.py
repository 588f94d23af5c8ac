"""Signed payloads (issue 12): the signature layer, its API and its commands.

Payloads come from real dumps of modules written here; signed payloads are loaded in fresh
interpreters, on every other interpreter of the machine too, and tampered copies must be refused
before anything of them runs (the side-effect payload of the invalid corpus writes a marker file
if it ever runs).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, List, Tuple

import pytest

import srcpickle
from srcpickle import FormatVersionError, LoadError, PayloadFormatError, SignatureError
from srcpickle._model import FORMAT_VERSION
from srcpickle._sign import MIN_KEY_BYTES, key_id, sign, signature_of, verify

from . import import_from, interpreters, isolated, result_of, write_module, write_payload

KEY = b"correct horse battery staple 42"
OTHER = b"an entirely different key, 1234"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SIDE_EFFECT = (CORPUS / "side_effect.srcpickle").read_bytes()
MARKER = "SRCPICKLE_RAN"


@pytest.fixture()
def scale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    write_module(
        tmp_path / "code",
        "sign_scale",
        """
        import math

        FACTOR = 3

        def scale(values: list, by: float = 2.0) -> list:
            '''Scale and round.'''
            return [round(math.sqrt(v) * by * FACTOR, 3) for v in values]
        """,
    )
    return import_from(monkeypatch, tmp_path / "code", "sign_scale").scale


def test_a_signed_payload_is_format_2_with_the_signature_on_line_2(scale: Any) -> None:
    plain = srcpickle.dumps(scale)
    signed = srcpickle.dumps(scale, key=KEY)
    plain_lines, signed_lines = plain.split(b"\n"), signed.split(b"\n")
    assert plain_lines[0] == b"srcpickle-payload 1"
    assert signed_lines[0] == b"srcpickle-payload 2"
    assert signed_lines[1].startswith(b"signature: 'hmac-sha256 " + key_id(KEY).encode() + b" ")
    # Every other line is the unsigned payload's: a diff of two signed payloads shows the code.
    assert signed_lines[2:] == plain_lines[1:]
    assert KEY not in signed and KEY.hex().encode() not in signed
    assert signature_of(signed) is not None and signature_of(plain) is None


def test_signed_payload_loads_with_its_key_or_without_one(scale: Any) -> None:
    signed = srcpickle.dumps(scale, key=KEY)
    assert srcpickle.loads(signed, key=KEY)([4, 9]) == scale([4, 9])
    assert srcpickle.loads(signed)([16]) == scale([16])
    assert srcpickle.inspect(signed, key=KEY).format_version == 2
    assert verify(signed, KEY) == key_id(KEY)


def test_key_rotation_accepts_any_of_several_keys(scale: Any) -> None:
    old, new = srcpickle.dumps(scale, key=OTHER), srcpickle.dumps(scale, key=KEY)
    for data in (old, new):
        assert srcpickle.loads(data, key=[KEY, OTHER])([1]) == scale([1])
        assert srcpickle.loads(data, key=(OTHER, KEY.decode()))([1]) == scale([1])


@pytest.mark.parametrize(
    "change",
    [
        (b"* by * FACTOR", b"* by * FACTOR * 2"),  # the code
        (b"written-by: 'srcpickle", b"written-by: 'srcpickleX"),  # the header
        (b"global FACTOR = 3", b"global FACTOR = 4"),  # a value
        (b"[end]\n", b"[end]\n\n"),  # even a blank line
    ],
    ids=["source", "header", "global", "trailing-blank-line"],
)
def test_any_change_after_signing_is_refused(scale: Any, change: Tuple[bytes, bytes]) -> None:
    signed = srcpickle.dumps(scale, key=KEY)
    assert change[0] in signed
    tampered = signed.replace(change[0], change[1], 1)
    srcpickle.inspect(tampered)  # still a well-formed payload: only the signature tells
    for call in (srcpickle.loads, srcpickle.inspect):
        with pytest.raises(SignatureError) as info:
            call(tampered, key=KEY)  # type: ignore[operator]
        assert info.value.reason == "tampered"
        assert "tampered with" in str(info.value) and key_id(KEY) in str(info.value)


def test_wrong_key_and_unsigned_are_refused_with_their_reason(scale: Any) -> None:
    with pytest.raises(SignatureError) as info:
        srcpickle.loads(srcpickle.dumps(scale, key=OTHER), key=KEY)
    assert info.value.reason == "wrong-key"
    assert key_id(OTHER) in str(info.value) and key_id(KEY) in str(info.value)
    with pytest.raises(SignatureError) as info:
        srcpickle.loads(srcpickle.dumps(scale), key=KEY)
    assert info.value.reason == "unsigned" and "not signed" in str(info.value)
    golden = (CORPUS / "golden" / "v1" / "lambda.srcpickle").read_bytes()
    with pytest.raises(SignatureError):
        srcpickle.inspect(golden, key=[KEY, OTHER])
    assert isinstance(info.value, LoadError)


def test_malformed_signature_line(scale: Any) -> None:
    signed = srcpickle.dumps(scale, key=KEY)
    first, line, rest = signed.split(b"\n", 2)
    broken = first + b"\n" + line[:-3] + b"'\n" + rest
    with pytest.raises(PayloadFormatError) as parse_error:
        srcpickle.inspect(broken)
    assert (parse_error.value.line, parse_error.value.column) == (2, 1)
    with pytest.raises(SignatureError) as info:
        srcpickle.loads(broken, key=KEY)
    assert info.value.reason == "tampered" and "malformed" in str(info.value)


def test_the_format_line_is_signed_too(scale: Any) -> None:
    signed = srcpickle.dumps(scale, key=KEY)
    with pytest.raises(FormatVersionError):
        srcpickle.loads(signed.replace(b"payload 2", f"payload {FORMAT_VERSION + 1}".encode(), 1), key=KEY)
    # Relabelled as another format this srcpickle reads: the signature covers the first line.
    with pytest.raises(SignatureError) as tampered:
        srcpickle.loads(signed.replace(b"payload 2", b"payload 3", 1), key=KEY)
    assert tampered.value.reason == "tampered"
    # Relabelled format 1: a format-1 payload has no signature, so the line is unknown there.
    with pytest.raises(SignatureError) as info:
        srcpickle.loads(signed.replace(b"payload 2", b"payload 1", 1), key=KEY)
    assert info.value.reason == "unsigned"


def test_nothing_runs_when_the_signature_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    signed = sign(SIDE_EFFECT, KEY)
    tampered = signed.replace(b"marker.write('ran')", b"marker.write('RAN')")
    for data, keys in ((tampered, KEY), (signed, OTHER), (SIDE_EFFECT, KEY)):
        with pytest.raises(SignatureError):
            srcpickle.loads(data, key=keys)
        assert not (tmp_path / MARKER).exists()
    assert srcpickle.loads(signed, key=KEY) == "ran"  # the control: the payload does run
    assert (tmp_path / MARKER).read_text() == "ran"


def test_signing_again_replaces_the_signature(scale: Any) -> None:
    twice = sign(srcpickle.dumps(scale, key=OTHER), KEY)
    assert twice.count(b"\nsignature: 'hmac-sha256 ") == 1
    assert verify(twice, KEY) == key_id(KEY)
    with pytest.raises(SignatureError):
        verify(twice, OTHER)


def test_keys_text_and_whitespace() -> None:
    # Text keys: surrounding whitespace (a key file's final newline) is not part of them.
    assert key_id(KEY.decode()) == key_id(KEY) == key_id("  " + KEY.decode() + "\r\n")
    assert key_id(KEY) != key_id(OTHER)
    with pytest.raises(ValueError, match=f"at least {MIN_KEY_BYTES} bytes"):
        sign(SIDE_EFFECT, b"short")
    with pytest.raises(ValueError, match=f"at least {MIN_KEY_BYTES} bytes"):
        sign(SIDE_EFFECT, "  short  \n")
    with pytest.raises(TypeError):
        sign(SIDE_EFFECT, 1234)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        verify(sign(SIDE_EFFECT, KEY), [])


# Binary keys whose first and last bytes are whitespace, each of the six ASCII whitespace bytes
# at either end: every byte is part of the secret.
WHITESPACE = b" \t\n\r\x0b\x0c"
BINARY_KEYS = [
    bytes([first]) + bytes(range(200, 214)) + bytes([last])
    for first, last in zip(WHITESPACE, WHITESPACE[::-1])
]


@pytest.mark.parametrize("binary", BINARY_KEYS, ids=lambda k: k[:1].hex() + "-" + k[-1:].hex())
def test_binary_keys_are_used_byte_for_byte(scale: Any, binary: bytes) -> None:
    """A 16-byte key with whitespace bytes at both ends signs as it is (earlier releases stripped
    them and refused the 14 bytes left); the key without them is another key."""
    assert len(binary) == MIN_KEY_BYTES
    signed = srcpickle.dumps(scale, key=binary)
    assert signature_of(signed).key_id == key_id(binary)  # type: ignore[union-attr]
    assert srcpickle.loads(signed, key=binary)([4]) == scale([4])
    assert srcpickle.loads(signed, key=bytearray(binary))([4]) == scale([4])
    # Longer, so that the key without its whitespace would be a key too: it is another key.
    longer = binary[:1] + bytes(range(100, 120)) + binary[-1:]
    with pytest.raises(SignatureError) as info:
        srcpickle.loads(srcpickle.dumps(scale, key=longer), key=longer.strip())
    assert info.value.reason == "wrong-key"


def test_random_binary_keys_all_sign_and_verify() -> None:
    """Any 16 random bytes are a key (about 4% of them begin or end with a whitespace byte)."""
    import random

    generator = random.Random(20240612)
    keys = [bytes(generator.getrandbits(8) for _ in range(16)) for _ in range(2000)]
    assert sum(1 for key in keys if key != key.strip()) > 40
    for key in keys:
        assert verify(sign(SIDE_EFFECT, key), key) == key_id(key)


def test_a_key_signs_in_one_form_and_verifies_in_either(scale: Any) -> None:
    """A key file read as bytes (with its newline) in one place and as text in another signs
    with different bytes but verifies the other's signatures; and what earlier releases signed
    with a bytes key they stripped still verifies with that bytes key."""
    as_bytes, as_text = KEY + b"\n", KEY.decode() + "\n"
    by_bytes, by_text = srcpickle.dumps(scale, key=as_bytes), srcpickle.dumps(scale, key=as_text)
    assert signature_of(by_bytes).key_id == key_id(as_bytes) != key_id(as_text)  # type: ignore[union-attr]
    for data in (by_bytes, by_text):
        for key in (as_bytes, as_text):
            assert srcpickle.loads(data, key=key)([4]) == scale([4])
    released = sign(srcpickle.dumps(scale), as_bytes.strip())  # what sign(data, KEY + b"\n") wrote before
    assert srcpickle.loads(released, key=as_bytes)([4]) == scale([4])
    # The forms are of one secret: another key's forms verify nothing of it.
    with pytest.raises(SignatureError):
        srcpickle.loads(by_bytes, key=OTHER + b"\n")


def test_signature_error_survives_pickling() -> None:
    error = SignatureError("payload was tampered with", "wrong-key")
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.reason) == (SignatureError, str(error), "wrong-key")


def test_dump_and_load_a_signed_file(scale: Any, tmp_path: Path) -> None:
    path = tmp_path / "scale.srcpickle"
    srcpickle.dump(scale, path, key=KEY)
    assert srcpickle.load(path, key=KEY)([4]) == scale([4])
    with pytest.raises(SignatureError) as info:
        srcpickle.load(str(path), key=OTHER)
    assert str(info.value).startswith(f"{path} was signed with another key")


def _other_interpreters() -> List[Any]:
    return [i for i in interpreters() if not i.is_current]


@pytest.mark.parametrize("interpreter", _other_interpreters(), ids=lambda i: i.label)
def test_signed_payloads_verify_and_load_on_every_interpreter(
    scale: Any, tmp_path: Path, interpreter: Any
) -> None:
    """Signed here, checked there: the HMAC is over bytes, the same on every Python."""
    signed = srcpickle.dumps(scale, key=KEY)
    path = write_payload(tmp_path, signed)
    tampered = write_payload(tmp_path, signed.replace(b"FACTOR = 3", b"FACTOR = 5"))
    code = (
        "import srcpickle\n"
        "key = sys.argv[3].encode()\n"
        "fn = srcpickle.load(sys.argv[1], key=key)\n"
        "try:\n"
        "    srcpickle.load(sys.argv[2], key=key)\n"
        "    refused = None\n"
        "except srcpickle.SignatureError as exc:\n"
        "    refused = exc.reason\n"
        "print('RESULT=' + repr((fn([4, 9]), refused)))\n"
    )
    proc = isolated().run(interpreter, code, [str(path), str(tampered), KEY.decode()])
    assert result_of(proc) == (scale([4, 9]), "tampered")


# ------------------------------------------------------------------------------------ commands


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "srcpickle", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_sign_then_verify_check_and_show(scale: Any, tmp_path: Path) -> None:
    (tmp_path / "key").write_bytes(KEY + b"\n")
    (tmp_path / "old-key").write_bytes(OTHER)
    payload = tmp_path / "scale.srcpickle"
    srcpickle.dump(scale, payload)
    payload.chmod(0o640)

    proc = _cli("sign", "scale.srcpickle", "--key-file", "key", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"signed with key {key_id(KEY)}" in proc.stdout
    assert srcpickle.load(payload, key=KEY)([9]) == scale([9])
    assert payload.stat().st_mode & 0o777 == 0o640  # rewritten atomically, its mode kept

    proc = _cli("verify", "scale.srcpickle", "--key-file", "old-key", "--key-file", "key", cwd=tmp_path)
    assert (proc.returncode, proc.stdout.strip()) == (
        0,
        f"scale.srcpickle: signature holds (key {key_id(KEY)})",
    )
    proc = _cli("verify", "scale.srcpickle", "--key-file", "old-key", cwd=tmp_path)
    assert proc.returncode == 1 and "signed with another key" in proc.stdout

    proc = _cli("check", "scale.srcpickle", cwd=tmp_path)
    assert proc.returncode == 0 and f"info  signed with key {key_id(KEY)} (not verified" in proc.stdout
    proc = _cli("check", "scale.srcpickle", "--key-file", "key", cwd=tmp_path)
    assert proc.returncode == 0 and f"ok    signature holds (key {key_id(KEY)})" in proc.stdout
    proc = _cli("show", "scale.srcpickle", "--key-file", "key", cwd=tmp_path)
    assert proc.returncode == 0 and f"signature   signature holds (key {key_id(KEY)})" in proc.stdout

    payload.write_bytes(payload.read_bytes().replace(b"FACTOR = 3", b"FACTOR = 30"))
    proc = _cli("verify", "scale.srcpickle", "--key-file", "key", cwd=tmp_path)
    assert proc.returncode == 1 and "tampered with" in proc.stdout
    proc = _cli("check", "scale.srcpickle", "--key-file", "key", cwd=tmp_path)
    assert proc.returncode == 1 and "FAIL  scale.srcpickle was tampered with" in proc.stdout
    proc = _cli("show", "scale.srcpickle", "--key-file", "key", cwd=tmp_path)
    assert proc.returncode == 0 and "signature   does NOT hold: scale.srcpickle was tampered" in proc.stdout


def test_sign_to_another_file_or_stdout_and_unsigned_reports(scale: Any, tmp_path: Path) -> None:
    (tmp_path / "key").write_bytes(KEY)
    srcpickle.dump(scale, tmp_path / "plain.srcpickle")
    before = (tmp_path / "plain.srcpickle").read_bytes()
    proc = _cli("sign", "plain.srcpickle", "--key-file", "key", "--out", "signed.srcpickle", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "plain.srcpickle").read_bytes() == before
    assert verify((tmp_path / "signed.srcpickle").read_bytes(), KEY)
    proc = _cli("sign", "plain.srcpickle", "--key-file", "key", "--out", "-", cwd=tmp_path)
    assert verify(proc.stdout.encode(), KEY)
    proc = _cli("show", "plain.srcpickle", cwd=tmp_path)
    assert "  signature   unsigned" in proc.stdout
    proc = _cli("verify", "plain.srcpickle", "--key-file", "key", cwd=tmp_path)
    assert proc.returncode == 1 and "is not signed" in proc.stdout


@pytest.mark.parametrize(
    "setup,args,message",
    [
        (
            lambda d: (d / "p").write_bytes(b"not a payload"),
            ["sign", "p"],
            "not a readable srcpickle payload",
        ),
        (lambda d: None, ["sign", "missing"], "cannot read missing"),
        (lambda d: (d / "k").write_bytes(b"short"), ["verify", "p", "--key-file", "k"], "at least 16 bytes"),
        (
            lambda d: (d / "p").write_bytes(b"not a payload"),
            ["verify", "p"],
            "p is not a readable srcpickle payload: not a srcpickle payload",
        ),
        (
            lambda d: (d / "p").write_bytes(b"srcpickle-payload 99\n"),
            ["verify", "p"],
            "p is not a readable srcpickle payload: payload format 99 cannot be read",
        ),
    ],
    ids=["malformed", "missing-file", "short-key", "verify-no-payload", "verify-newer-format"],
)
def test_sign_and_verify_errors_exit_2_without_traceback(
    tmp_path: Path, setup: Any, args: List[str], message: str
) -> None:
    (tmp_path / "p").write_bytes(SIDE_EFFECT)
    setup(tmp_path)
    key_args = [] if "--key-file" in args else ["--key-file", "key"]
    (tmp_path / "key").write_bytes(KEY)
    before = (tmp_path / "p").read_bytes()
    proc = _cli(*args, *key_args, cwd=tmp_path)
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "p").read_bytes() == before  # a refused sign leaves the file alone


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> Tuple[int, str, str]:
    from srcpickle._cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("python", [None, "this-interpreter-by-path"])
def test_check_with_key_files_judges_the_signature_on_any_interpreter(
    scale: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], python: Any
) -> None:
    """Every combination of --python, --key-file (none, the signing key, another key) and
    payload (signed, tampered after signing, unsigned): a key given is always required."""
    (tmp_path / "key").write_bytes(KEY + b"\n")
    (tmp_path / "other").write_bytes(OTHER)
    signed = tmp_path / "signed.srcpickle"
    signed.write_bytes(srcpickle.dumps(scale, key=KEY))
    tampered = tmp_path / "tampered.srcpickle"
    tampered.write_bytes(signed.read_bytes().replace(b"FACTOR = 3", b"FACTOR = 30"))
    unsigned = tmp_path / "unsigned.srcpickle"
    unsigned.write_bytes(srcpickle.dumps(scale))
    where = [] if python is None else ["--python", sys.executable]
    expected = {
        # (payload, key file): (exit code, the line about the signature)
        ("signed", None): (0, f"info  signed with key {key_id(KEY)} (not verified"),
        ("tampered", None): (0, f"info  signed with key {key_id(KEY)} (not verified"),
        ("unsigned", None): (0, "info  unsigned (pass --key-file to require a signature)"),
        ("signed", "key"): (0, f"ok    signature holds (key {key_id(KEY)})"),
        ("tampered", "key"): (1, f"FAIL  {tmp_path}/tampered.srcpickle was tampered with"),
        ("unsigned", "key"): (1, f"FAIL  {tmp_path}/unsigned.srcpickle is not signed"),
        ("signed", "other"): (1, f"FAIL  {tmp_path}/signed.srcpickle was signed with another key"),
        ("tampered", "other"): (1, f"FAIL  {tmp_path}/tampered.srcpickle was signed with another key"),
        ("unsigned", "other"): (1, f"FAIL  {tmp_path}/unsigned.srcpickle is not signed"),
    }
    for (name, key_file), (code, line) in expected.items():
        keys = [] if key_file is None else ["--key-file", str(tmp_path / key_file)]
        path = str(tmp_path / f"{name}.srcpickle")
        got, out, err = _main(capsys, "check", path, *where, *keys)
        assert (got, err) == (code, ""), (name, key_file, out, err)
        assert f"\n  {line}" in out, (name, key_file, out)
        # The rest of the check ran too: the payload itself loads here.
        assert "ok    every source compiles on" in out
        verdict = "loadable" if code == 0 else "NOT loadable"
        assert out.startswith(f"{path}: {verdict} by "), out


def test_check_on_another_python_requires_the_key_there_too(
    scale: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    others = [i for i in interpreters() if not i.is_current and i.implementation == "cpython"]
    if not others:
        pytest.skip("no other CPython on this machine")
    (tmp_path / "key").write_bytes(KEY)
    tampered = tmp_path / "tampered.srcpickle"
    tampered.write_bytes(srcpickle.dumps(scale, key=KEY).replace(b"FACTOR = 3", b"FACTOR = 30"))
    code, out, _ = _main(
        capsys, "check", str(tampered), "--python", others[0].path, "--key-file", str(tmp_path / "key")
    )
    assert code == 1 and f"NOT loadable by {others[0].label} (1 problem;" in out
    assert "FAIL  " + str(tampered) + " was tampered with" in out


def test_key_files_binary_or_text_work_with_the_api_both_ways(
    scale: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A binary key file is every byte of it; a text key file is its text without the final
    newline. Either way, what the command line signs, the API verifies with the file's bytes or
    text, and what the API signs with them, the command line verifies."""
    binary = b"\n" + bytes(range(0x80, 0x90)) + b" \t"  # whitespace at both ends, no UTF-8
    text = KEY.decode() + "\n"
    (tmp_path / "binary.key").write_bytes(binary)
    (tmp_path / "text.key").write_text(text, encoding="utf-8")
    for key_file, api_keys in (("binary.key", [binary]), ("text.key", [text, text.encode()])):
        path = tmp_path / "p.srcpickle"
        srcpickle.dump(scale, path)
        code, _, err = _main(capsys, "sign", str(path), "--key-file", str(tmp_path / key_file))
        assert (code, err) == (0, ""), err
        for key in api_keys:
            assert srcpickle.load(path, key=key)([9]) == scale([9])
            srcpickle.dump(scale, path, key=key)
            code, out, _ = _main(capsys, "verify", str(path), "--key-file", str(tmp_path / key_file))
            assert code == 0 and "signature holds" in out, (key_file, key, out)
    signed = sign(srcpickle.dumps(scale), binary)
    assert signature_of(signed).key_id == key_id(binary) != key_id(binary.strip())  # type: ignore[union-attr]
