#!/usr/bin/python3
"""docs/WRITING-A-PACK.md is a test: its walkthrough is done on a copy of forms/template-county with
the CLI, and what the guide shows is checked against what happens.
  - every JSON snippet of the guide is a part of the template county's files (a rule's step, a
    vocabulary field, a document's attachment: each member as the pack has it; "…" stands for a quote),
    or the matter it plans, whose plan says what the guide says it says;
  - the copy checks (step 1); the guide's edit of document.md alone is refused with the errors it
    lists (file, pointer, code: step 3); with the quotes fixed the copy checks again (step 4);
  - the rule's count changed to 5 moves the transfer deadline of the guide's matter (step 7).
Usage: writing_a_pack_test.py REFERRAL_BINARY SOURCE_DIR"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
command = ["node", "--no-experimental-fetch", binary] if binary.endswith(".js") else [binary]
guide = (root / "docs/WRITING-A-PACK.md").read_text(encoding="utf-8")
template = root / "forms/template-county"
results = []


def run(*args):
    p = subprocess.run([*command, *args], capture_output=True, text=True)
    return p.returncode, p.stdout


def expect(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def part_of(snippet, doc):
    """The snippet's members all occur with the same values in some object of doc ("…": any text)."""
    def matches(s, d):
        if isinstance(s, dict):
            return isinstance(d, dict) and all(k in d and matches(v, d[k]) for k, v in s.items())
        if isinstance(s, list):
            return isinstance(d, list) and len(s) == len(d) and all(matches(a, b) for a, b in zip(s, d))
        if s == "…":
            return isinstance(d, str)
        return s == d

    def walk(d):
        if matches(snippet, d):
            return True
        children = d.values() if isinstance(d, dict) else d if isinstance(d, list) else []
        return any(walk(c) for c in children)
    return walk(doc)


pack_files = {name: json.loads((template / name).read_text(encoding="utf-8"))
              for name in ("rules.json", "vocabulary.json", "documents.json")}
blocks = re.findall(r"```json\n(.*?)```", guide, re.S)
expect("the guide has JSON snippets", len(blocks) >= 4, str(len(blocks)))
matter = None
for block in blocks:
    snippet = json.loads(block)
    if snippet.get("schema") == "referral-case/1":
        matter = snippet
        continue
    expect(f"snippet {block[:40]!r} is part of the template county",
           any(part_of(snippet, doc) for doc in pack_files.values()), block)
expect("the guide shows the matter it plans", matter is not None)

with tempfile.TemporaryDirectory() as tmp:
    copy = pathlib.Path(tmp) / "my-county"
    shutil.copytree(template, copy)
    code, out = run("check-pack", str(copy))
    expect("step 1: the copy checks", code == 0 and json.loads(out)["ok"], out[:300])

    old, new = "应在3个工作日内移送有管辖权的一方", "应在5个工作日内移送有管辖权的一方"
    expect("step 3: the guide's edit is the one made here", f"“{old[1:]}”" in guide or old in guide)
    doc = copy / "document.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, out = run("check-pack", str(copy))
    errors = {(e.get("file"), e["path"], e["code"]) for e in json.loads(out)["errors"]} if code == 2 else set()
    listed = set(re.findall(r"^(\S+\.json) (/\S*) (\w+) ", guide, re.M))
    expect("step 3: the guide lists the errors", len(listed) == 3, str(listed))
    expect("step 3: document.md alone is refused with exactly the errors the guide lists",
           code == 2 and errors == listed, f"exit {code}: {sorted(errors)} vs {sorted(listed)}")

    for name in ("rules.json", "sentences.json"):
        f = copy / name
        f.write_text(f.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, out = run("check-pack", str(copy))
    expect("step 4: with the quotes fixed the copy checks again", code == 0, out[:300])

    case = pathlib.Path(tmp) / "my-case.json"
    case.write_text(json.dumps(matter, ensure_ascii=False), encoding="utf-8")
    code, out = run("--pack", str(template), "--text", "plan", str(case))
    said = re.search(r"移送 within “([^”]+)”", guide)
    expect("step 7: the guide quotes the transfer's deadline", said is not None)
    expect("step 7: the template county plans the guide's matter as the guide says",
           code == 0 and said and said.group(1) in out, out[:600])

    rules = copy / "rules.json"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        '{"rule": "working_days", "count": 3, "from": "found"}', '{"rule": "working_days", "count": 5, "from": "found"}'), encoding="utf-8")
    code, out = run("--pack", str(copy), "plan", str(case))
    transfer = [s for s in json.loads(out)["steps"] if s["action"] == "transfer"] if code == 0 else []
    expect("step 7: the count changed to 5 moves the deadline (2026-03-10 → 2026-03-12)",
           transfer and transfer[0]["due"]["count"] == 5 and transfer[0]["due"]["date"] == "2026-03-12", out[:400])

failed = [r for r in results if not r[1]]
for name, ok, detail in results:
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"\n     {detail}"))
print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
