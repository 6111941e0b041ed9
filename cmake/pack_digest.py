#!/usr/bin/env python3
"""The digest of a pack's text as the engine computes it (src/rules/pack.h, pack_text_sha256): SHA-256
over the files but catalogue.json and category-rules.json, each as name, newline, size, newline,
bytes, in name order. Arguments: NAME PATH pairs (PATH: the bytes as embedded). Prints the hex digest."""
import hashlib
import sys

args = sys.argv[1:]
files = dict(zip(args[0::2], args[1::2]))
h = hashlib.sha256()
for name in sorted(files, key=lambda n: n.encode()):
    if name in ('catalogue.json', 'category-rules.json'):
        continue
    data = open(files[name], 'rb').read()
    h.update(name.encode() + b'\n' + str(len(data)).encode() + b'\n' + data)
print(h.hexdigest())
