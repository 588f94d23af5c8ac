"""The fuzz harness in the suite: a few seconds of mutated payloads through every read-only path.

``tests/fuzz/fuzz_targets.py`` defines what runs (the reader, the signature layer, and what
``show``, ``check`` and ``diff`` do); only ``SrcpickleError`` may come out. The long run is
``tests/fuzz/long_run.py`` (atheris, documented there); a crasher either finds joins
``tests/corpus/invalid/``. Examples are drawn from a fixed seed, so a failure reproduces.
"""

from __future__ import annotations

import random

import pytest
from fuzz.fuzz_targets import KEY, read_everything, seed_payloads
from fuzz.mutations import mutate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srcpickle import PayloadFormatError, SignatureError
from srcpickle._sign import sign, verify

SEEDS = seed_payloads()
# About a second each on the slowest CI interpreter: a smoke run; the long run does the rest.
FUZZ = settings(
    max_examples=1000,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(index=st.integers(0, len(SEEDS) - 1), seed=st.integers(0, 2**32), rounds=st.integers(1, 4))
def test_structured_mutations_raise_only_srcpickle_errors(index: int, seed: int, rounds: int) -> None:
    data = mutate(SEEDS[index], random.Random(seed), SEEDS, rounds)
    read_everything(data)


@FUZZ
@given(
    index=st.integers(0, len(SEEDS) - 1),
    where=st.floats(0, 1),
    cut=st.integers(0, 64),
    noise=st.binary(max_size=64),
)
def test_byte_mutations_raise_only_srcpickle_errors(index: int, where: float, cut: int, noise: bytes) -> None:
    data = SEEDS[index]
    at = int(where * len(data))
    read_everything(data[:at] + noise + data[at + cut :])


@FUZZ
@given(index=st.integers(0, len(SEEDS) - 1), where=st.floats(0, 1), bit=st.integers(0, 7))
def test_any_changed_bit_of_a_signed_payload_is_refused(index: int, where: float, bit: int) -> None:
    try:
        signed = sign(SEEDS[index], KEY)
    except PayloadFormatError:
        return  # not a payload at all: nothing to sign
    assert verify(signed, KEY)
    at = min(int(where * len(signed)), len(signed) - 1)
    changed = signed[:at] + bytes([signed[at] ^ (1 << bit)]) + signed[at + 1 :]
    with pytest.raises((SignatureError, PayloadFormatError)):
        verify(changed, KEY)
