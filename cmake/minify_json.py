#!/usr/bin/env python3
"""Writes a JSON file without the whitespace between its tokens: every byte inside a string, and
every token, is kept as it is (no parse and re-serialise, so numbers, escapes and key order are the
file's own, and a malformed file stays malformed for the engine's loader to report). Used by
cmake/embed.cmake: the pack is compiled into every binary, and the browser downloads each byte.
Usage: minify_json.py IN OUT"""
import sys

def minify(data: bytes) -> bytes:
    out = bytearray()
    in_string = escaped = False
    for b in data:
        if in_string:
            out.append(b)
            if escaped:
                escaped = False
            elif b == 0x5C:  # backslash
                escaped = True
            elif b == 0x22:  # quote
                in_string = False
        elif b in (0x20, 0x09, 0x0A, 0x0D):
            continue
        else:
            out.append(b)
            in_string = b == 0x22
    return bytes(out)

if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    with open(sys.argv[2] + ".tmp", "wb") as f:
        f.write(minify(data))
    import os
    os.replace(sys.argv[2] + ".tmp", sys.argv[2])
