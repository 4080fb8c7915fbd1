#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the repository's own
files: rule files, the load-error fixtures, expressions in the rules, the example households and
the households of the rules' [[cases]], and a few slot searches. Run from the repository root;
the layout of each input is described in fuzz/harness.rs."""

import datetime
import glob
import hashlib
import json
import os
import struct
import tomllib

OUT = "fuzz/corpus"


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def rule_pack():
    for path in sorted(glob.glob("rules/000000/*.toml")):
        text = open(path, encoding="utf-8").read()
        # As one more file of the national pack (it clashes with itself: duplicate errors), and
        # the pack header alone as the whole national pack.
        put("rule_pack", b"\x01" + text.encode())
        if path.endswith("pack.toml"):
            put("rule_pack", b"\x00" + text.encode())
    for path in sorted(glob.glob("rules/[1-9]*/*.toml")):
        put("rule_pack", b"\x02" + open(path, "rb").read())
    for mode, name in [(3, "calendar.toml"), (4, "registries.toml"), (5, "regions.toml")]:
        put("rule_pack", bytes([mode]) + open(f"rules/{name}", "rb").read())
    for path in sorted(glob.glob("tests/fixtures/load/*/*/*.toml")):
        mode = 2 if "/000000/" not in path else 0
        put("rule_pack", bytes([mode]) + open(path, "rb").read())


def expressions():
    found = set()

    def walk(v, key=None):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, key)
        elif isinstance(v, str) and key in ("test", "expr", "monthly", "annual"):
            found.add(v)

    for path in sorted(glob.glob("rules/*/*.toml")):
        with open(path, "rb") as f:
            walk(tomllib.load(f))
    found |= {
        "0.1 + 0.2 == 0.3",
        'round(4000 / 12, 2, "half_even")',
        'date("2018-01-01") < date("2018-03-01")',
        "if age >= 60 then 1 elif age >= 18 then 2 else 3",
        'count(members where relation == "spouse")',
        "all(members where adult, income_total < 500 * rate)",
        'add_months(date("2020-01-31"), 1)',
        'next_working_day(date("2024-10-01"))',
        'assume("tekun" in receives, false)',
        "kind in kinds",
    }
    for e in sorted(found):
        put("expression", e)


def date_bytes(d):
    return struct.pack("<H", (d - datetime.date(1900, 1, 1)).days)


def nulls(v):
    """A case household in TOML says "none" where JSON says null."""
    if isinstance(v, dict):
        return {
            k: (None if k in ("disability", "lost_contact_since", "detained_since") and x == "none" else nulls(x))
            for k, x in v.items()
        }
    if isinstance(v, list):
        return [nulls(x) for x in v]
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


def households():
    for path in sorted(glob.glob("examples/*.json")):
        text = open(path, "rb").read()
        for d in (datetime.date(2018, 3, 1), datetime.date(2025, 6, 10)):
            put("household", b"\x00" + date_bytes(d) + text)
    for path in sorted(glob.glob("rules/*/*.toml")):
        region = path.split("/")[1]
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        for case in doc.get("cases", []):
            hh = nulls(case.get("household", {}))
            if region != "000000" and "region" not in hh:
                hh["region"] = region
            put("household", b"\x00" + date_bytes(case["date"]) + json.dumps(hh, ensure_ascii=False).encode())


def slots():
    base = datetime.date(2017, 1, 1)
    for reg in range(3):
        for d, days in [(datetime.date(2025, 5, 12), 30), (datetime.date(2024, 9, 28), 14), (datetime.date(2026, 2, 10), 20)]:
            off = (d - base).days
            head = bytes([reg]) + struct.pack("<iH", off, days)
            # Taken as four-byte records: two on the first day at 08:30, one at 13:30 next day.
            recs = struct.pack("<hH", 0, 510) * 2 + struct.pack("<hH", 1, 810)
            put("slots", head + b"\x00" + recs)
            text = f"{d.isoformat()}T08:30\n{d.isoformat()}T09:00\n{d.isoformat()}T25:00\nbad\n"
            put("slots", head + b"\x01" + text.encode())
    # The last days of the calendar `time` knows, and an arbitrary Julian day.
    put("slots", bytes([0]) + struct.pack("<iH", 3, 30) + b"\xc0")
    put("slots", bytes([1]) + struct.pack("<iH", 2460000, 366) + b"\x80")


if __name__ == "__main__":
    rule_pack()
    expressions()
    households()
    slots()
