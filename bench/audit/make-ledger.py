#!/usr/bin/env python3
"""Writes a ledger of N matters (JSON Lines) for the audit benchmark: the hand-checked matters of
tests/audit/ledger-small.jsonl repeated with fresh ids, dates shifted by whole weeks across 2024–2026
so that deadlines fall on every kind of day (holidays, make-up Saturdays).
Usage: bench/audit/make-ledger.py N OUT.jsonl"""
import datetime, json, sys
from pathlib import Path

n, out = int(sys.argv[1]), sys.argv[2]
root = Path(__file__).resolve().parents[2]
base = [json.loads(l) for l in (root / "tests/audit/ledger-small.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
base = [m for m in base if m["id"] != "M8"]  # the deliberately bad line stays out of the benchmark

def shift(text, weeks):
    if "T" in text:
        d, rest = text.split("T", 1)
        return (datetime.date.fromisoformat(d) + datetime.timedelta(weeks=weeks)).isoformat() + "T" + rest
    return (datetime.date.fromisoformat(text) + datetime.timedelta(weeks=weeks)).isoformat()

with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        m = json.loads(json.dumps(base[i % len(base)]))
        weeks = -((i // len(base)) % 100)  # up to ~2 years back
        m["id"] = f"{m['id']}-{i}"
        for key in ("date", "received"):
            if key in m:
                m[key] = shift(m[key], weeks)
        for e in m["events"]:
            e["date"] = shift(e["date"], weeks)
        f.write(json.dumps(m, ensure_ascii=False) + "\n")
