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
expect("--text numbers clauses as the document does (二（四）1), never with the pack's ¶n",
       "¶" not in out and "(" not in out and "依据 二（四）1：" in out and "处罚机关：汇龙镇人民政府（二（一）2）" in out, out[:600])

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

# packet --attachments: sizes and digests come from the files, which are copied beside the documents.
with_files = root / "tests/examples/packet-with-files.json"
attachments = root / "tests/examples/attachments"
with tempfile.TemporaryDirectory() as tmp:
    out_dir = pathlib.Path(tmp) / "packet"
    code, out, _ = run("packet", str(with_files), "--out", str(out_dir), "--today", "2026-06-01", "--attachments", str(attachments))
    summary = json.loads(out)
    expect("packet --attachments hashes the files and the packet is complete", code == 0 and summary["complete"] is True, out[:400])
    written = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file())
    expect("packet --attachments writes documents, packet.json and the attachments",
           written == ["01-涉嫌违法案件移送函.html", "02-移送材料清单.html", "attachments/01-现场检查记录.txt",
                       "attachments/02-现场照片说明.txt", "attachments/03-询问笔录.txt", "packet.json"], written)
    import hashlib
    manifest = json.loads((out_dir / "packet.json").read_text())["attachments"]
    expect("each manifest digest and size is the file's (checked here with Python's hashlib)",
           all(m["sha256"] == hashlib.sha256((attachments / m["file_name"]).read_bytes()).hexdigest()
               and m["size"] == (attachments / m["file_name"]).stat().st_size for m in manifest), manifest)
    expect("the copied attachments are the files, byte for byte",
           (out_dir / "attachments/02-现场照片说明.txt").read_bytes() == (attachments / "现场照片说明.txt").read_bytes())

    wrong = json.loads(with_files.read_text())
    wrong["attachments"][1]["sha256"] = "0" * 64
    wrong["attachments"][2]["file_name"] = "不存在.pdf"
    refused = pathlib.Path(tmp) / "refused"
    code, out, _ = run("packet", "-", "--out", str(refused), "--attachments", str(attachments), stdin=json.dumps(wrong, ensure_ascii=False))
    err = json.loads(out)
    expect("a digest that disagrees with its file, or a missing file, is refused with pointers and nothing written",
           code == 2 and {e["path"] for e in err["errors"]} == {"/attachments/1/sha256", "/attachments/2/file_name"}
           and not refused.exists(), out[:400])

failed = [r for r in results if not r[1]]
for name, ok, detail in results:
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"\n     {detail}"))
print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
