// attachments.js — the files an official attaches to a transfer packet. They never leave the
// browser: bytes are kept in IndexedDB (keyed by their SHA-256, so the same file is stored once),
// the draft keeps only {kind, file_name, size, sha256}, and the digest comes from WebCrypto.
// With the namespace's passphrase lock on (storage-crypto.js) the bytes are stored sealed
// ({sealed: {iv, ct}, type}) and opened with the session's key; while locked nothing is read or added.
import { isLocked, lockOn, session } from './storage-crypto.js';
const DB = 'referral-assistant';
// The database of a storage namespace (the element's `storage-key`); without one, the historical name.
export const attachmentsDb = (namespace) => (namespace ? `${DB}@${encodeURIComponent(namespace)}` : DB);
const STORE = 'attachments';

// Lower-case hex SHA-256 of an ArrayBuffer or typed array.
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
  });
}

export class AttachmentStore {
  constructor(factory = globalThis.indexedDB, namespace = '') { this.factory = factory; this.db = null; this.name = attachmentsDb(namespace); this.namespace = namespace; }

  // The session that seals this store's bytes, or null without a lock; throws while locked.
  sealer() {
    if (isLocked(this.namespace)) throw new Error('本机数据已加锁，请先输入密码解锁');
    return session(this.namespace);
  }

  async open() {
    if (this.db) return this.db;
    if (!this.factory) throw new Error('此浏览器不提供 IndexedDB，无法保存附件');
    const r = this.factory.open(this.name, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    this.db = await request(r);
    return this.db;
  }

  async tx(mode, fn) {
    const db = await this.open();
    const t = db.transaction(STORE, mode);
    const result = fn(t.objectStore(STORE));
    await new Promise((resolve, reject) => {
      t.oncomplete = resolve;
      t.onerror = () => reject(t.error ?? new Error('IndexedDB'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB 事务被中止（可能是存储空间不足）'));
    });
    return result instanceof IDBRequest ? result.result : result;
  }

  // Reads a File, hashes it and stores its bytes. Returns the descriptor the draft keeps (without kind).
  async add(file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sha256 = await sha256Hex(bytes);
    const sealer = this.sealer();
    const record = sealer ? { sealed: await sealer.seal(bytes, sha256), type: file.type || '' } : { bytes, type: file.type || '' };
    await this.tx('readwrite', (s) => s.put(record, sha256));
    return { file_name: file.name, size: bytes.byteLength, sha256 };
  }

  // The stored bytes of a digest, or null when this browser does not hold them.
  async bytes(sha256) {
    const v = await this.tx('readonly', (s) => s.get(sha256));
    if (!v) return null;
    if (!v.sealed) return v.bytes;
    const sealer = this.sealer();
    if (!sealer) throw new Error('附件已加密，但本机的密码锁记录已不在');
    return sealer.open(v.sealed, sha256);
  }

  // How many files this store holds (the count 清除本机数据 shows); 0 when there is no database.
  async count() {
    if (!this.factory) return 0;
    return this.tx('readonly', (s) => s.count());
  }

  // Seals every stored file that is not yet sealed (the passphrase lock was just turned on).
  // Read in one transaction, sealed, written in another: a refusal leaves every file as it was.
  async sealAll() {
    const sealer = this.sealer();
    if (!sealer || !lockOn(this.namespace)) return 0;
    const plain = [];
    await this.tx('readonly', (s) => {
      const r = s.openCursor();
      r.onsuccess = () => { const c = r.result; if (!c) return; if (!c.value.sealed) plain.push([c.key, c.value]); c.continue(); };
    });
    const sealed = [];
    for (const [key, v] of plain) sealed.push([key, { sealed: await sealer.seal(v.bytes, key), type: v.type }]);
    if (sealed.length) await this.tx('readwrite', (s) => { for (const [key, v] of sealed) s.put(v, key); });
    return sealed.length;
  }

  async has(sha256) { return (await this.tx('readonly', (s) => s.count(sha256))) > 0; }

  async remove(sha256) { await this.tx('readwrite', (s) => s.delete(sha256)); }

  // Deletes this store's whole database (the element's clearStorage()). Resolves when it is gone.
  async destroy() {
    if (this.db) { this.db.close(); this.db = null; }
    if (!this.factory) return;
    await new Promise((resolve, reject) => {
      const r = this.factory.deleteDatabase(this.name);
      r.onsuccess = () => resolve();
      r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
      r.onblocked = () => reject(new Error('附件数据库仍被其他页面占用，未能删除'));
    });
  }
}
