#!/usr/bin/python3
"""Keeps docs/schemas honest: every behaviour case input validates against referral-case/1,
every plan the CLI prints for them against referral-plan/1, every bad case's reply against
the error envelope, and every packet example and completeness case (input and the packet.json the
CLI writes for it) against referral-packet-input/1 and referral-packet/1 — the bundled pack's (tests/)
and every other pack's own (forms/PACK/tests/, planned with --pack forms/PACK).
Usage: validate.py REFERRAL_BINARY SOURCE_DIR"""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
# The Emscripten build of the CLI is a .js file run by node.
command = ["node", "--no-experimental-fetch", binary] if binary.endswith(".js") else [binary]
schemas = {name: json.loads((root / "docs/schemas" / f"{name}.schema.json").read_text()) for name in
           ("referral-case-1", "referral-plan-1", "referral-error-1", "referral-packet-input-1", "referral-packet-1")}
# The packet schemas refer to the case and plan schemas by their $id.
resolver_store = {s["$id"]: s for s in schemas.values()}
validators = {name: jsonschema.Draft202012Validator(s, resolver=jsonschema.RefResolver.from_schema(s, store=resolver_store))
              for name, s in schemas.items()}
for s in schemas.values():
    jsonschema.Draft202012Validator.check_schema(s)

failures = []
checked = 0


def check(name, doc, where):
    global checked
    checked += 1
    for e in validators[name].iter_errors(doc):
        failures.append(f"{where}: {name}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")


def run_batch(cases, pack=()):
    """Plans every case with one process (`plan --batch -`): node start-up is paid once."""
    text = "\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n"
    p = subprocess.run([*command, *pack, "plan", "--batch", "-"], input=text, capture_output=True, text=True)
    return p.returncode, [json.loads(line) for line in p.stdout.splitlines()]


good = sorted((root / "tests/cases").rglob("*.json"))
inputs = [json.loads(p.read_text())["input"] for p in good]
for path, case in zip(good, inputs):
    check("referral-case-1", case, path.name)
code, plans = run_batch(inputs)
if code != 0 or len(plans) != len(good):
    failures.append(f"batch of behaviour cases: exit {code}, {len(plans)} plans for {len(good)} cases")
for path, plan in zip(good, plans):
    check("referral-plan-1", plan, path.name)

bad = [p for p in sorted((root / "tests/bad/cases").rglob("*.json")) if not isinstance(json.loads(p.read_text())["input"], str)]
code, replies = run_batch([json.loads(p.read_text())["input"] for p in bad])
if code != 2 or len(replies) != len(bad):
    failures.append(f"batch of bad cases: exit {code}, {len(replies)} replies for {len(bad)} cases")
for path, reply in zip(bad, replies):
    check("referral-error-1", reply, path.name)

def merge_patch(target, patch):
    """RFC 7386, as tests/unit/packet_test.cpp applies the completeness cases' patches."""
    if not isinstance(patch, dict):
        return patch
    target = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            target.pop(k, None)
        else:
            target[k] = merge_patch(target.get(k), v)
    return target


def packet_inputs_of(tests, default_base):
    """The packet examples and the completeness cases (base + patch) of a tests folder."""
    inputs = [(p.name, json.loads(p.read_text())) for p in sorted((tests / "examples").glob("packet-*.json"))]
    for p in sorted((tests / "packet").glob("*.json")):
        tc = json.loads(p.read_text())
        base = json.loads((tests.parent / tc.get("base", default_base)).read_text())
        inputs.append((p.name, merge_patch(base, tc.get("patch", {}))))
    return inputs


def check_packets(packet_inputs, pack=()):
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, doc) in enumerate(packet_inputs):
            check("referral-packet-input-1", doc, name)
            out = pathlib.Path(tmp) / str(n)
            p = subprocess.run([*command, *pack, "packet", "-", "--out", str(out), "--today", "2026-06-01"],
                               input=json.dumps(doc, ensure_ascii=False), capture_output=True, text=True)
            if p.returncode != 0:
                failures.append(f"{name}: packet exited {p.returncode}: {p.stdout[:300]}")
                continue
            check("referral-packet-1", json.loads((out / "packet.json").read_text()), name)


check_packets(packet_inputs_of(root / "tests", "tests/examples/packet-market-to-town.json"))

# Every other pack's own tests, planned and assembled under that pack.
for pack_dir in sorted(p for p in (root / "forms").iterdir() if (p / "rules.json").is_file() and (p / "tests").is_dir()):
    pack = ("--pack", str(pack_dir))
    cases = sorted((pack_dir / "tests/cases").rglob("*.json"))
    pack_inputs = [json.loads(p.read_text())["input"] for p in cases]
    for path, case in zip(cases, pack_inputs):
        check("referral-case-1", case, f"{pack_dir.name}/{path.name}")
    if cases:
        code, plans = run_batch(pack_inputs, pack)
        if code != 0 or len(plans) != len(cases):
            failures.append(f"{pack_dir.name}: batch of behaviour cases: exit {code}, {len(plans)} plans for {len(cases)} cases")
        for path, plan in zip(cases, plans):
            check("referral-plan-1", plan, f"{pack_dir.name}/{path.name}")
    check_packets([(f"{pack_dir.name}/{n}", d) for n, d in packet_inputs_of(pack_dir / "tests", "")], pack)

for f in failures:
    print(f)
print(f"{checked - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
