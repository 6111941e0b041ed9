#!/usr/bin/env python3
"""The engine knows no pack (issue #24): no id a pack declares — an action, an event, a flag, an enum
fact or one of its values, a warning code, a document kind, an anchor, a reading — appears in the code
of src/, wasm/ or web/js/ as a string or an identifier. The engine's own schema words (the members of
its contracts: the sides, the places, the catalogue, the dates it derives, the packet input's members)
are allowed, each listed below with why.

Usage: no_pack_words.py REPO_ROOT      exit 0 when clean, 1 with every hit (file:line: word)."""
import json
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else '.'

# Words of the engine's own contracts, which a pack may also use as ids.
GENERIC = {
    # referral-case/1 and the facts the engine derives
    'finder', 'town', 'dept', 'item', 'devolved', 'date', 'received', 'decided', 'flags', 'note', 'id', 'events',
    'predates_devolution', 'has_received', 'power_revoked', 'power_changed', 'power_may_change', 'has_item', 'handler_side', 'category',
    'dates',
    # built-in anchors and roles
    'found', 'handler', 'other', 'licensor', 'none',
    # warning codes the engine raises itself (pack.cpp engine_warnings)
    'calendar_not_covered', 'pack_not_in_force', 'ambiguous_clause', 'not_yet_devolved', 'rule_conflict', 'no_handler',
    're_transfer_forbidden', 'predates_devolution', 'power_revoked', 'power_changed',
    # the members of referral-packet-input/1 (document_field_names) and generic words of JSON documents
    'sender', 'receiver', 'document_number', 'sent_on', 'parties', 'contact', 'approval', 'attachments', 'details',
    'officers', 'reference', 'summary', 'label', 'title', 'status', 'schema', 'receipt',
    # the provenance member of the engine's own documents (a calendar's, a catalogue's, the decision day's)
    'source',
    # a 台账 row's status and a <details> element's attribute
    'open',
}

# A word allowed in one file only, with why.
LOCAL = {
    ('web/js/components/office-profile/office-profile.js', 'transfer'): 'a 文号 record\'s member: which packet of the draft it numbered',
    ('web/js/components/receive-packet/receive-packet.js', 'receive'): 'the CSS class of the receiving section',
}

def pack_words(pack_dir):
    words = {}
    def add(w, what):
        if isinstance(w, str) and w and w not in GENERIC:
            words.setdefault(w, what)
    load = lambda name: json.load(open(os.path.join(pack_dir, name), encoding='utf-8'))
    rules = load('rules.json')
    for a in rules.get('actions', []): add(a['id'], 'action')
    for e in rules.get('events', []): add(e['id'], 'event')
    for a in rules.get('anchors', []): add(a['id'], 'anchor')
    for d in rules.get('documents', []): add(d['id'], 'document kind')
    for r in rules.get('readings', []): add(r['id'], 'reading')
    for r in rules.get('rules', []):
        for w in r.get('warnings', []): add(w['code'], 'warning')
    for s in rules.get('suspensions', []): add(s['id'], 'warning')
    voc = load('vocabulary.json')
    for e in voc['facts'].get('enums', []):
        add(e['id'], 'enum fact')
        for v in e['values']: add(v['id'], 'value of ' + e['id'])
    for f in voc['facts'].get('flags', []): add(f['id'], 'flag')
    for w in voc.get('warnings', []): add(w['code'], 'warning')
    return words

words = {}
forms = os.path.join(root, 'forms')
for name in sorted(os.listdir(forms)):
    d = os.path.join(forms, name)
    if os.path.isfile(os.path.join(d, 'rules.json')):
        for w, what in pack_words(d).items(): words.setdefault(w, f'{what} of {name}')

# A hit: a string literal that is exactly a pack's id ('transfer', "A6"), or a snake_case id
# (decide_penalty) anywhere inside one — English words inside a message ("open", "source") are not.
pattern = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
string_literal = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
hits = []
for top in ('src', 'wasm', os.path.join('web', 'js')):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for f in files:
            if not f.endswith(('.cpp', '.h', '.js', '.mjs', '.ts')):
                continue
            path = os.path.join(dirpath, f)
            for n, line in enumerate(open(path, encoding='utf-8'), 1):
                code = line.split('//')[0] if not line.lstrip().startswith('*') else ''
                for m in string_literal.finditer(code):
                    text = next(g for g in m.groups() if g is not None)
                    for w in pattern.findall(text):
                        if w in words and (w == text or '_' in w) and (os.path.relpath(path, root), w) not in LOCAL:
                            hits.append(f'{os.path.relpath(path, root)}:{n}: “{w}” ({words[w]})')
if hits:
    print(f'{len(hits)} pack words in the code:')
    print('\n'.join(hits))
    sys.exit(1)
print(f'no pack word in src/, wasm/, web/js/ ({len(words)} words of {len([1 for _ in os.listdir(forms)])} folders checked)')
