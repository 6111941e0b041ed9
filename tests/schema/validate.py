#!/usr/bin/python3
"""Keeps docs/schemas honest: every behaviour case input validates against referral-case/1,
every plan the CLI prints for them against referral-plan/1, and every bad case's reply against
the error envelope. Usage: validate.py REFERRAL_BINARY SOURCE_DIR"""
import json
import pathlib
import subprocess
import sys

import jsonschema

binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
# The Emscripten build of the CLI is a .js file run by node.
command = ["node", "--no-experimental-fetch", binary] if binary.endswith(".js") else [binary]
schemas = {name: json.loads((root / "docs/schemas" / f"{name}.schema.json").read_text()) for name in
           ("referral-case-1", "referral-plan-1", "referral-error-1")}
validators = {name: jsonschema.Draft202012Validator(s) for name, s in schemas.items()}
for s in schemas.values():
    jsonschema.Draft202012Validator.check_schema(s)

failures = []
checked = 0


def check(name, doc, where):
    global checked
    checked += 1
    for e in validators[name].iter_errors(doc):
        failures.append(f"{where}: {name}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")


def run_batch(cases):
    """Plans every case with one process (`plan --batch -`): node start-up is paid once."""
    text = "\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n"
    p = subprocess.run([*command, "plan", "--batch", "-"], input=text, capture_output=True, text=True)
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

for f in failures:
    print(f)
print(f"{checked - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
