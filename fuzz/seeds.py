#!/usr/bin/python3
"""Seed corpora (from tests/ and the pack) and dictionaries (the pack's identifiers) for the
libFuzzer targets of fuzz/. Usage: seeds.py BUILD_DIR TARGET..."""
import hashlib
import io
import json
import pathlib
import re
import sys
import zipfile

build, targets = pathlib.Path(sys.argv[1]), sys.argv[2:]
root = pathlib.Path(__file__).resolve().parent.parent
pack = root / "forms/qidong-2020-38"
calendars = root / "forms/calendars"


def strings(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif isinstance(node, str):
        yield node


def conditions(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("when", "relevant") and isinstance(v, str):
                yield v
            else:
                yield from conditions(v)
    elif isinstance(node, list):
        for v in node:
            yield from conditions(v)


pack_docs = {p.name: json.loads(p.read_text()) for p in pack.glob("*.json")}
identifiers = sorted({s for d in pack_docs.values() for s in strings(d)
                      if re.fullmatch(r"[a-z_][a-z0-9_:.\-]{1,40}", s)})
json_tokens = ['"schema"', "true", "false", "null", "{", "}", "[", "]", ":", ",", '"\\u0000"', '"\\ud800"', "1e309", "-0",
               "18446744073709551616", "2147483648"]
# The notice's own words (src/import/notice.h) and the catalogue's headers and cell forms (src/import/catalogue.h).
notice_tokens = ["国务院办公厅关于", "年部分节假日安排的通知", "延长", "年春节假期的通知", "春节假期至", "元旦", "春节", "清明节", "劳动节",
                 "端午节", "中秋节", "国庆节", "放假调休", "放假", "共", "天", "不调休", "补休", "与周末连休", "上班", "至", "月", "日",
                 "（周一）", "（星期日）", "（农历除夕、周二）", "、", "，", "。", "：", "一、", "七、", "\n", "#"]
catalogue_tokens = ["事项名称", "职权名称", "实施依据", "法律依据", "原实施部门", "业务主管部门", "赋权时间", "下放时间", "承接主体",
                    "收回日期", "类别", "是", "否", "√", "×", "2021-01-28", "2021/1/28", "2021年1月28日", "44224", "启东市水务局",
                    "水务局", "汇龙镇人民政府", "汇龙镇", ",", "\"", "\"\"", "\r\n", "\n", "\ufeff"]
expr_tokens = ["and", "or", "not", "in", "==", "!=", "<=", ">=", "(", ")", "[", "]", "'", "true", "false", "null"]


def case_inputs():
    for p in sorted((root / "tests").rglob("*.json")):
        try:
            doc = json.loads(p.read_text())
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(doc, dict) and doc.get("schema") == "referral-case/1":
            yield p.read_bytes()
        if isinstance(doc, dict) and isinstance(doc.get("input"), dict):
            yield json.dumps(doc["input"], ensure_ascii=False).encode()
        if isinstance(doc, dict) and isinstance(doc.get("input"), str):
            yield doc["input"].encode()
    for p in sorted((root / "tests/bad/hostile").glob("*.json")):
        yield p.read_bytes()


def seeds(target):
    if target == "condition":
        for d in pack_docs.values():
            for c in conditions(d):
                yield c.encode()
    elif target == "pack":
        files = sorted(p.name for p in pack.iterdir() if p.is_file())
        cals = sorted(p.name for p in calendars.glob("*.json"))
        for i, name in enumerate(files):
            yield bytes([i]) + (pack / name).read_bytes()
        for i, name in enumerate(cals):
            yield bytes([len(files) + i]) + (calendars / name).read_bytes()
    elif target == "case":
        yield from case_inputs()
    elif target == "packet":
        for p in sorted((root / "tests/examples").glob("packet-*.json")):
            yield p.read_bytes()
        for p in sorted((root / "tests/packet").glob("*.json")):
            doc = json.loads(p.read_text())
            if isinstance(doc.get("input"), dict):
                yield json.dumps(doc["input"], ensure_ascii=False).encode()
    elif target == "verify":
        for p in sorted((root / "tests/golden").rglob("packet.json")):
            yield p.read_bytes()
    elif target == "calendar":
        for p in sorted(calendars.glob("*.json")):
            yield p.read_bytes()
    elif target == "notice":
        notices = root / "tests/import/notices"
        for p in sorted(notices.glob("*.txt")):
            yield p.read_bytes()
        # A year's notice with its amendment after a NUL byte (fuzz_notice.cpp).
        yield (notices / "2020.txt").read_bytes() + b"\0" + (notices / "2020-extension.txt").read_bytes()
    elif target == "catalogue":
        for p in sorted((root / "tests/import").glob("*.csv")):
            yield p.read_bytes()
        yield (root / "forms/catalogue-template.csv").read_bytes()
    elif target == "clause":
        # The clause ids and texts of tests/text/clause-ids.json, and every pack text naming a clause.
        rows = json.loads((root / "tests/text/clause-ids.json").read_text())
        for r in rows["ids"]:
            yield r["id"].encode()
        for r in rows["texts"]:
            yield r["text"].encode()
        for d in pack_docs.values():
            for s in strings(d):
                if "(" in s:
                    yield s.encode()
    elif target == "packet_zip":
        # Each golden packet as the page exports it (deflated) and stored, and one with attachments.
        for d in sorted(p for p in (root / "tests/golden").rglob("*") if (p / "packet.json").is_file()):
            for method in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w", method) as z:
                    for f in sorted(d.iterdir()):
                        z.writestr(f.name, f.read_bytes())
                yield buf.getvalue()
    elif target == "audit":
        for p in sorted((root / "tests/audit").glob("*.jsonl")):
            for line in p.read_bytes().splitlines():
                if line.strip():
                    yield line


def escape(byte):
    """One byte of a libFuzzer dictionary entry: printable ASCII as it is, anything else as \\xNN."""
    if byte in (0x5C, 0x22):
        return "\\" + chr(byte)
    return chr(byte) if 0x20 <= byte < 0x7F else f"\\x{byte:02X}"


for t in targets:
    out = build / "seeds" / t
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    n = 0
    for s in seeds(t):
        if len(s) <= 65536:
            (out / hashlib.sha1(s).hexdigest()).write_bytes(s)
            n += 1
    if t in ("notice", "catalogue"):
        tokens = (notice_tokens if t == "notice" else catalogue_tokens) + identifiers
    elif t == "packet_zip":
        tokens = ["PK\x03\x04", "PK\x01\x02", "PK\x05\x06", "PK\x06\x06", "PK\x06\x07", "packet.json", "attachments/",
                  "01-transfer_letter.html"]
    elif t == "clause":
        tokens = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "(", ")", "¶", "（", "）"]
    else:
        tokens = (expr_tokens if t == "condition" else json_tokens) + [f'"{i}"' if t != "condition" else i for i in identifiers]
    d = build / "dict"
    d.mkdir(parents=True, exist_ok=True)
    with open(d / f"{t}.dict", "w") as f:
        for tok in tokens:
            f.write('"' + "".join(escape(b) for b in tok.encode()) + '"\n')
    print(f"seeds {t}: {n} inputs, {len(tokens)} dictionary entries")
