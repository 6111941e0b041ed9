// storage-crypto.js — personal data at rest (issue #14): the optional passphrase lock of a storage
// namespace (the element's `storage-key`; '' for the element without one).
//
// With the lock on, the drafts (localStorage) and the attachment bytes (IndexedDB) of the namespace
// are kept encrypted: AES-GCM (256-bit key, a random 96-bit IV per record, the record's own key name
// as additional data so that records cannot be swapped) under a key derived from the passphrase by
// PBKDF2-SHA-256 with PBKDF2_ITERATIONS iterations and a random 128-bit salt per namespace. The key
// lives only in memory (a "session", until the page is closed or reloaded); the passphrase is never
// stored. The lock record (LOCK_SCHEMA: salt, iterations and a sealed check value that tells a wrong
// passphrase from a right one) is the only thing stored beside the sealed records.
//
// DraftStore (drafts.js) reads and writes through sealable(): without a lock, localStorage as it is;
// with the lock on and unlocked, the plaintext from the session's memory, every write sealed and
// stored at once (asynchronously: a refusal is reported to the namespace's error handler); locked,
// nothing is read and every write is refused, so sealed data is never overwritten. AttachmentStore
// (attachments.js) seals and opens bytes through the session.
// Neither the passphrase nor any stored value is ever written to the console or an error message.

export const LOCK_SCHEMA = 'referral-lock/1';
export const PBKDF2_ITERATIONS = 600000;
const CHECK_TEXT = 'referral-assistant passphrase check';

// Every localStorage key of namespace `ns` starts with storagePrefix(ns), which no other namespace's
// keys and no key of the element without a namespace start with (`ns` is percent-encoded, so it
// holds no "/" or "@"). The element without a namespace keeps its drafts under keys of DEFAULT_PREFIX.
export const storagePrefix = (namespace) => `referral-assistant@${encodeURIComponent(namespace)}/`;
export const DEFAULT_PREFIX = 'referral-assistant/';
export const lockKey = (namespace) => `${namespace ? storagePrefix(namespace) : DEFAULT_PREFIX}lock/v1`;

const enc = new TextEncoder();
const dec = new TextDecoder();

function b64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function unb64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i += 1) out[i] = s.charCodeAt(i);
  return out;
}
const local = () => { try { return globalThis.localStorage ?? null; } catch { return null; } };

// The namespace's lock record, or null when the lock is off (or storage cannot be read).
export function lockRecord(namespace, storage = local()) {
  try {
    const r = JSON.parse(storage?.getItem(lockKey(namespace)) || 'null');
    return r && r.schema === LOCK_SCHEMA && typeof r.salt === 'string' && r.check ? r : null;
  } catch { return null; }
}

async function deriveKey(passphrase, salt, iterations) {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base,
    { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function sealBytes(key, bytes, label) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(label) }, key, bytes));
  return { iv, ct };
}
async function openBytes(key, { iv, ct }, label) {
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(label) }, key, ct));
}

// A sealed localStorage value: {"sealed": LOCK_SCHEMA, "iv": base64, "ct": base64}.
export function isSealedText(text) {
  if (typeof text !== 'string' || !text.startsWith('{"sealed"')) return false;
  try { return JSON.parse(text).sealed === LOCK_SCHEMA; } catch { return false; }
}

//-----------------------------------------------------------------------------
// Sessions: the unlocked namespaces of this page
//-----------------------------------------------------------------------------
const sessions = new Map();  // namespace → Session
const errorHandlers = new Map();  // namespace → (message) => void

class Session {
  constructor(namespace, key, storage) {
    this.namespace = namespace;
    this.key = key;
    this.storage = storage;
    this.cache = new Map();  // localStorage key → plaintext (null: removed)
    this.pending = new Map();
    this.flushing = null;
  }

  seal(bytes, label) { return sealBytes(this.key, bytes, label); }
  open(sealed, label) { return openBytes(this.key, sealed, label); }

  async sealText(key, value) {
    const { iv, ct } = await this.seal(enc.encode(value), key);
    return JSON.stringify({ sealed: LOCK_SCHEMA, iv: b64(iv), ct: b64(ct) });
  }

  async openText(key, text) {
    const r = JSON.parse(text);
    return dec.decode(await this.open({ iv: unb64(r.iv), ct: unb64(r.ct) }, key));
  }

  write(key, value) {
    this.cache.set(key, value);
    this.pending.set(key, value);
    if (!this.flushing) this.flushing = this.flush();
  }

  async flush() {
    try {
      while (this.pending.size) {
        const [key, value] = this.pending.entries().next().value;
        this.pending.delete(key);
        try {
          if (value === null) { this.storage.removeItem(key); continue; }
          const text = await this.sealText(key, value);
          if (this.pending.has(key)) continue;  // a newer value follows
          if (this.ended) return;  // cleared meanwhile
          this.storage.setItem(key, text);
        } catch (e) {
          const full = e?.name === 'QuotaExceededError';
          errorHandlers.get(this.namespace)?.(full
            ? '草稿未能保存：浏览器存储已满。请立即点“导出”把草稿保存为文件。'
            : '草稿未能加密保存：浏览器存储不可用。请立即点“导出”把草稿保存为文件。', full ? 'storage-full' : 'storage-unavailable');
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  // Resolves once every write so far is stored (or refused).
  async idle() { while (this.flushing) await this.flushing; }
}

export const session = (namespace) => sessions.get(namespace) ?? null;
export const lockOn = (namespace) => !!lockRecord(namespace);
// True while the namespace's data is sealed and this page holds no key for it.
export const isLocked = (namespace) => !sessions.has(namespace) && lockOn(namespace);
// Where a sealed write that storage refused is reported, as handler(message, code) (code: storage-full,
// storage-unavailable): the element, in its status line and `error` event.
export function onSealedWriteError(namespace, handler) { errorHandlers.set(namespace, handler); }
// Forgets the key (clear data); the namespace is locked again if a lock record remains.
export function endSession(namespace) {
  const s = sessions.get(namespace);
  if (s) { s.ended = true; s.pending.clear(); }
  sessions.delete(namespace);
}

// Every localStorage key of the namespace holding a sealed value (the drafts).
function sealedKeys(storage, namespace) {
  const prefix = namespace ? storagePrefix(namespace) : DEFAULT_PREFIX;
  const keys = [];
  for (let i = 0; i < storage.length; i += 1) {
    const k = storage.key(i);
    if (k && k.startsWith(prefix) && k !== lockKey(namespace)) keys.push(k);
  }
  return keys.filter((k) => isSealedText(storage.getItem(k)));
}

// Opens the namespace with `passphrase`: {ok: true} (its drafts readable for this page's life) or
// {ok: false, code, message} (code: wrong-passphrase, damaged); a wrong passphrase changes nothing.
export async function unlock(namespace, passphrase) {
  const storage = local();
  const record = lockRecord(namespace, storage);
  if (!record) return { ok: true };
  let key;
  try {
    key = await deriveKey(passphrase, unb64(record.salt), record.iterations);
    const check = dec.decode(await openBytes(key, { iv: unb64(record.check.iv), ct: unb64(record.check.ct) }, lockKey(namespace)));
    if (check !== CHECK_TEXT) throw new Error('check');
  } catch {
    return { ok: false, code: 'wrong-passphrase', message: '密码不正确，未打开任何数据。请重新输入。' };
  }
  const s = new Session(namespace, key, storage);
  try {
    for (const k of sealedKeys(storage, namespace)) s.cache.set(k, await s.openText(k, storage.getItem(k)));
  } catch {
    return { ok: false, code: 'damaged', message: '本机加密数据已损坏，无法解密（密码正确）。可“忘记密码”清除本机数据后重新开始。' };
  }
  sessions.set(namespace, s);
  return { ok: true };
}

// Turns the lock on: the lock record, then every plaintext value of `keys` sealed in place. Returns
// {ok: true} or {ok: false, code, message} (code: no-storage, already-locked, storage-refused) with everything as it was (the lock off).
export async function enableLock(namespace, passphrase, keys) {
  const storage = local();
  if (!storage) return { ok: false, code: 'no-storage', message: '此浏览器不提供本地存储，无法设置密码锁。' };
  if (lockRecord(namespace, storage)) return { ok: false, code: 'already-locked', message: '已设置密码锁。' };
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
  const check = await sealBytes(key, enc.encode(CHECK_TEXT), lockKey(namespace));
  const record = { schema: LOCK_SCHEMA, kdf: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS, salt: b64(salt),
    cipher: 'AES-GCM-256', check: { iv: b64(check.iv), ct: b64(check.ct) } };
  const s = new Session(namespace, key, storage);
  const plain = new Map();
  try {
    for (const k of keys) { const v = storage.getItem(k); if (v !== null && !isSealedText(v)) plain.set(k, v); }
    const sealed = new Map();
    for (const [k, v] of plain) sealed.set(k, await s.sealText(k, v));
    storage.setItem(lockKey(namespace), JSON.stringify(record));
    for (const [k, v] of sealed) storage.setItem(k, v);
  } catch {
    // Put back what was sealed so far; the plaintext was never removed before its sealed copy was stored.
    try { for (const [k, v] of plain) storage.setItem(k, v); storage.removeItem(lockKey(namespace)); } catch { /* as it was */ }
    return { ok: false, code: 'storage-refused', message: '未能设置密码锁：浏览器存储已满或被禁用。数据保持原样（未加密）。' };
  }
  for (const [k, v] of plain) s.cache.set(k, v);
  sessions.set(namespace, s);
  return { ok: true };
}

// A localStorage for DraftStore: plain without a lock, sealed with it (see the head of this file).
export function sealable(storage, namespace) {
  if (!storage) return storage;
  const sealedMode = () => !!lockRecord(namespace, storage);
  return {
    getItem(k) {
      if (!sealedMode()) return storage.getItem(k);
      const s = sessions.get(namespace);
      if (!s) return null;
      if (s.cache.has(k)) return s.cache.get(k);
      const raw = storage.getItem(k);
      return isSealedText(raw) ? null : raw;  // plaintext from before the lock: sealed at its next write
    },
    setItem(k, v) {
      if (!sealedMode()) { storage.setItem(k, v); return; }
      const s = sessions.get(namespace);
      if (!s) throw new Error('本机数据已加锁');
      s.write(k, String(v));
    },
    removeItem(k) {
      if (!sealedMode()) { storage.removeItem(k); return; }
      const s = sessions.get(namespace);
      if (!s) throw new Error('本机数据已加锁');
      s.write(k, null);
    },
  };
}
