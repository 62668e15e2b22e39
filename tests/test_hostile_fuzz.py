"""A bounded fuzz run of the reader on byte-level mutations of the shipped study: the archive's own
bytes flipped, cut, duplicated; and its XML parts mutated at the byte level (flips, deletions,
insertions of markup fragments, spliced copies, changed cell types, values and references) then
re-zipped so the mutation reaches the XML parser instead of stopping at the CRC check.

Every mutant must be read, or refused with InputError (exit 2): any other exception is a bug. The
run is deterministic (fixed seed, 2,500 mutants) and marked slow; CI runs it (about 35 s here).
"""

from __future__ import annotations

import collections
import io
import random
import re
import time
import zipfile
from pathlib import Path

import pytest

from decision.errors import InputError
from decision.workbook.read import read_study

SHIPPED = Path(__file__).resolve().parents[1] / "criteria" / "settlement_scenarios.xlsx"
FRAGMENTS = [b"<", b">", b"</c>", b'<c r="A1">', b"<v>1e999</v>", b"&amp;", b"&#0;", b"<![CDATA[x]]>", b'"', b't="s"',
             b't="b"', b't="d"', b't="e"', b's="99"', b'r="XFD1048577"', b'r="A0"', b"<v>999999</v>", b"<f>1/0</f>",
             b"\xff\xfe", b'<row r="-1">', b'<row r="1.5">', b'<mergeCell ref="A1:ZZZ9"/>', b"<!DOCTYPE x>",
             b'<?xml version="1.0" encoding="cp500"?>', b"\x00", b"\xc3\x28"]
VALUES = [b"", b"-1", b"1e308", b"1e999", b"nan", b"abc", b"99999999", b"0.5", b"1" * 400, b"#DIV/0!", b"45000"]
TYPES = [b"s", b"b", b"d", b"e", b"str", b"inlineStr", b"n", b"x", b""]
REFS = [b"A1", b"XFD1", b"A1048576", b"A1048577", b"XFE1", b"ZZZ1", b"A0", b"AAAA1", b"1A", b"", b"a1"]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        at = rng.randrange(len(data))
        op = rng.random()
        if op < 0.35:
            data[at] ^= rng.randrange(1, 256)
        elif op < 0.55:
            del data[at:at + rng.randint(1, 64)]
        elif op < 0.75:
            data[at:at] = rng.choice(FRAGMENTS)
        elif op < 0.9:
            start = rng.randrange(len(data))
            data[at:at] = data[start:start + rng.randint(1, 200)]
        else:
            del data[at:]
    return bytes(data)


def mutate_markup(rng: random.Random, data: bytes) -> bytes:
    """Well-formed changes a hostile or buggy writer makes: types, values, references, deletions."""
    def replace(pattern, make):
        found = list(re.finditer(pattern, data))
        if not found:
            return data
        m = rng.choice(found)
        return data[:m.start()] + make(m) + data[m.end():]

    for _ in range(rng.randint(1, 3)):
        data = rng.choice([
            lambda: replace(rb"<v>[^<]*</v>", lambda m: b"<v>" + rng.choice(VALUES) + b"</v>"),
            lambda: replace(rb' t="[^"]*"', lambda m: b' t="' + rng.choice(TYPES) + b'"'),
            lambda: replace(rb"<c ", lambda m: b'<c t="' + rng.choice(TYPES) + b'" '),
            lambda: replace(rb' r="[A-Z]+\d+"', lambda m: b' r="' + rng.choice(REFS) + b'"'),
            lambda: replace(rb"<c [^>]*?(/>|>.*?</c>)", lambda m: b""),
            lambda: replace(rb"<row [^>]*?(/>|>.*?</row>)", lambda m: m.group() * rng.randint(0, 2)),
            lambda: replace(rb' s="\d+"', lambda m: b' s="%d"' % rng.randrange(30)),
            lambda: replace(rb' name="[^"]*"', lambda m: b' name="' + rng.choice([b"Scores", b"scores ", b"", b"X"]) + b'"'),
            lambda: replace(rb"<sheet ", lambda m: b'<sheet state="' + rng.choice([b"hidden", b"veryHidden", b"x"]) + b'" '),
            lambda: replace(rb' r="\d+"', lambda m: b' r="' + rng.choice([b"0", b"-3", b"1.5", b"1048577", b"x"]) + b'"'),
        ])()
    return data


def mutants(seed: int, count: int):
    rng = random.Random(seed)
    original = SHIPPED.read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        parts = [(info.filename, z.read(info)) for info in z.infolist()]
    xml = [i for i, (_, data) in enumerate(parts) if data.lstrip()[:1] == b"<"]
    for _ in range(count):
        if rng.random() < 0.25:
            yield "archive bytes", flip_bytes(rng, original)
            continue
        chosen = set(rng.sample(xml, rng.randint(1, 2)))
        kind = "xml bytes" if rng.random() < 0.5 else "xml markup"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for i, (name, data) in enumerate(parts):
                if i in chosen:
                    data = flip_bytes(rng, data) if kind == "xml bytes" else mutate_markup(rng, data)
                out.writestr(name, data)
        yield kind, buffer.getvalue()


@pytest.mark.slow
def test_fuzzed_shipped_study_is_read_or_refused_never_a_crash(tmp_path):
    path = tmp_path / "mutant.xlsx"
    outcomes = collections.Counter()
    slowest = 0.0
    for kind, data in mutants(seed=20240601, count=2500):
        path.write_bytes(data)
        start = time.perf_counter()
        try:
            read_study(path, needs=("ranking", "allocation"))
            outcomes[kind, "read"] += 1
        except InputError as exc:
            assert exc.lines and all(isinstance(line, str) and "\n" not in line for line in exc.lines)
            outcomes[kind, "refused"] += 1
        except Exception as exc:  # noqa: BLE001 - any other exception is the bug this test looks for
            (tmp_path / "crash.xlsx").write_bytes(data)
            raise AssertionError(f"{kind} mutant crashed the reader ({type(exc).__name__}: {exc}); kept as "
                                 f"{tmp_path / 'crash.xlsx'}") from exc
        slowest = max(slowest, time.perf_counter() - start)
    # the run reached every path: mutants read despite the change, and refused ones, of each kind
    for kind in ("archive bytes", "xml bytes", "xml markup"):
        assert outcomes[kind, "refused"] > 10, outcomes
    assert outcomes["xml markup", "read"] > 10, outcomes
    assert slowest < 10
