#!/usr/bin/python3
"""The CLI's contract: commands, exit codes (0 ok, 2 bad input with error JSON on stdout, 1 usage),
batch output and pack checking. Usage: cli_test.py REFERRAL_BINARY SOURCE_DIR"""
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
# The Emscripten build of the CLI is a .js file run by node.
command = ["node", "--no-experimental-fetch", binary] if binary.endswith(".js") else [binary]
example = root / "tests/examples/town-finds-unlicensed-food.json"
results = []


def run(*args, stdin=None):
    p = subprocess.run([*command, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def expect(name, condition, detail=""):
    results.append((name, bool(condition), detail))


code, out, _ = run("plan", str(example))
plan = json.loads(out)
expect("plan prints a plan and exits 0", code == 0 and plan["schema"] == "referral-plan/1", out[:200])
expect("the example is handled by 汇龙镇", plan["handler"]["authority"] == "town:huilong")

code, out, _ = run("--text", "plan", str(example))
expect("--text prints the plan for people", code == 0 and "处罚机关：汇龙镇人民政府" in out and "责令停止违法行为" in out, out[:300])

code, out, _ = run("plan", "-", stdin=example.read_text())
expect("plan reads stdin with '-'", code == 0 and json.loads(out) == plan)

bad = json.dumps({"date": "2026-02-30T09:00:00+08:00", "finder": "town", "town": "huilong", "item": "market-food-unlicensed",
                  "source": "patrol"})
code, out, _ = run("plan", "-", stdin=bad)
err = json.loads(out)
expect("bad input exits 2 with the error on stdout", code == 2 and err["error"]["code"] == "invalid_date"
       and err["error"]["path"] == "/date", out)

case = json.loads(example.read_text())
lines = [json.dumps(case, ensure_ascii=False), "", bad, json.dumps(dict(case, town="huiping"), ensure_ascii=False)]
code, out, _ = run("plan", "--batch", "-", stdin="\n".join(lines) + "\n")
rows = [json.loads(l) for l in out.splitlines()]
expect("batch prints one line per case, skipping blank lines", len(rows) == 3, out[:300])
expect("batch plans are compact plans", rows[0].get("schema") == "referral-plan/1" and "\n" not in out.splitlines()[0])
expect("a bad batch line names its line and the batch exits 2",
       code == 2 and rows[1]["ok"] is False and rows[1]["line"] == 3)
expect("later lines still plan", rows[2]["handler"]["authority"] == "town:huiping")

code, out, _ = run("workdays", "2026-09-29", "5")
expect("workdays crosses National Day 2026", code == 0 and json.loads(out)["due"] == "2026-10-12", out[:200])
code, out, _ = run("workdays", "2026-09-29", "five")
expect("workdays with a non-number exits 2", code == 2 and json.loads(out)["error"]["path"] == "/count")

code, out, _ = run("check-pack", str(root / "forms/qidong-2020-38"))
expect("check-pack accepts the bundled pack", code == 0 and json.loads(out)["ok"] is True, out[:200])

with tempfile.TemporaryDirectory() as tmp:
    pack = pathlib.Path(tmp) / "pack"
    shutil.copytree(root / "forms/qidong-2020-38", pack)
    rules = json.loads((pack / "rules.json").read_text())
    rules["rules"][2]["when"] = "finder = 'town'"
    rules["rules"][5]["steps"][0]["action"] = "fine"
    (pack / "rules.json").write_text(json.dumps(rules, ensure_ascii=False))
    code, out, errtext = run("check-pack", str(pack))
    report = json.loads(out)
    paths = {e["path"] for e in report["errors"]}
    expect("check-pack lists every problem with its path",
           code == 2 and {"/rules/2/when", "/rules/5/steps/0/action"} <= paths, out[:400])
    expect("check-pack also prints readable lines on stderr", "rules.json (/rules/2/when)" in errtext, errtext[:300])

code, out, _ = run("check-pack", str(root / "no-such-pack"))
expect("a missing pack folder is an io_error", code == 2 and json.loads(out)["error"]["code"] == "io_error")
code, _, _ = run("frobnicate")
expect("an unknown command is a usage error (exit 1)", code == 1)

failed = [r for r in results if not r[1]]
for name, ok, detail in results:
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"\n     {detail}"))
print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
