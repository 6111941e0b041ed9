// storage-lock — personal data at rest on a shared office PC (issue #14): 清除本机数据 and the
// optional passphrase lock of the element's storage (storage-crypto.js does the cryptography).
//
// Inputs: the element (its storage-key namespace, container, drafts, officeStore, attachments,
// openDialog(), say(), portalError(), clearStorage()).
//   lockGate(el)       before the element starts: while its namespace is locked, a lock screen asking
//                      for the passphrase (a wrong one says so and opens nothing) with 忘记密码 = clear
//                      this namespace's data after a warning; resolves once unlocked or cleared.
//   storageControls(el) the header's 密码锁 and 清除本机数据 buttons (each with a confirmation that
//                      says what it does), and where a refused sealed write is reported.
// Events: none of its own; a refused write goes to the element's `error` event (storage-refused).
import { h } from '../../dom.js';
import { draftsKey } from '../../drafts.js';
import { AttachmentStore } from '../../attachments.js';
import { OfficeProfileStore } from '../office-profile/office-profile.js';
import { enableLock, isLocked, lockOn, onSealedWriteError, unlock } from '../../storage-crypto.js';

export const PASSPHRASE_MIN = 8;

const ns = (el) => el.storageNamespace();

// What clearing would remove, in words: "2 份草稿、3 个附件和本单位设置" (counts the locked data cannot give are left out).
async function whatGoes(el) {
  const parts = [];
  if (!isLocked(ns(el)) && el.drafts) parts.push(`${el.drafts.list().length} 份草稿`);
  else parts.push('全部草稿');
  let files = null;
  const store = el.attachments ?? new AttachmentStore(undefined, ns(el));
  try { files = await store.count(); } catch { files = null; } finally { if (store !== el.attachments) store.db?.close(); }
  parts.push(files === null ? '全部附件' : `${files} 个附件`);
  if (Object.keys((el.officeStore ?? new OfficeProfileStore(undefined, ns(el))).get()).length) parts.push('本单位设置');
  if (lockOn(ns(el))) parts.push('密码锁');
  return parts.length > 1 ? `${parts.slice(0, -1).join('、')}和${parts[parts.length - 1]}` : parts[0];
}

const clearWarning = (what) => `将从本浏览器中删除本工具保存的${what}，无法恢复。其他用户（其他 storage-key）的数据不受影响。如需保留草稿，请先“导出”。`;

//-----------------------------------------------------------------------------
// The lock screen
//-----------------------------------------------------------------------------
export async function lockGate(el) {
  // Again if the portal switched storage-key to another locked one meanwhile.
  while (isLocked(ns(el))) await lockScreen(el);
}

async function lockScreen(el) {
  // The first page rendered at build time holds no data; the lock screen comes first.
  if (el.prerenderedOwn) { el.root.replaceChildren(...el.prerenderedOwn); el.prerenderedOwn = null; }
  const hiddenBefore = [...el.container.children].filter((c) => !c.hidden);
  for (const c of hiddenBefore) c.hidden = true;
  await new Promise((resolve) => {
    const input = h('input', { type: 'password', id: 'lock-passphrase', class: 'input', autocomplete: 'current-password', 'aria-describedby': 'lock-hint' });
    const error = h('p', { class: 'error-message', id: 'lock-error', role: 'alert', hidden: true });
    const busy = h('p', { class: 'hint', id: 'lock-busy', role: 'status' });
    const confirm = h('div', { class: 'warning-box', id: 'lock-forgot-box', hidden: true });
    const done = () => { screen.remove(); for (const c of hiddenBefore) c.hidden = false; resolve(); };
    const form = h('form', { novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      error.hidden = true;
      busy.textContent = '正在解锁…';
      const r = await unlock(ns(el), input.value);
      busy.textContent = '';
      if (!r.ok) {
        error.textContent = r.message;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.select();
        input.focus();
        return;
      }
      done();
    } },
    h('label', { for: 'lock-passphrase', class: 'label' }, '密码'),
    h('p', { class: 'hint', id: 'lock-hint' }, '本浏览器中本工具保存的草稿和附件已用密码加密。输入密码后，本次打开期间可以使用；关闭或刷新页面后需重新输入。'),
    error, input, busy,
    h('div', { class: 'nav' }, h('button', { type: 'submit', class: 'button', id: 'lock-unlock' }, '解锁')));
    const forgot = h('button', { type: 'button', class: 'link-button', id: 'lock-forgot', onclick: async () => {
      const what = await whatGoes(el);
      confirm.replaceChildren(
        h('p', {}, `忘记密码时，加密的数据无法恢复，只能清除。${clearWarning(what)}`),
        h('div', { class: 'nav' },
          h('button', { type: 'button', class: 'button warning', id: 'lock-clear-confirm', onclick: async () => {
            await el.clearStorage();
            done();
            // The element starts once the gate resolves; its status line exists after that.
            setTimeout(() => { if (el.status) el.say(`已清除本机数据（${what}），可以重新开始。`); }, 0);
          } }, '清除本机数据'),
          h('button', { type: 'button', class: 'button secondary', id: 'lock-clear-cancel', onclick: () => { confirm.hidden = true; input.focus(); } }, '取消')));
      confirm.hidden = false;
      confirm.querySelector('#lock-clear-cancel').focus();
    } }, '忘记密码？');
    const screen = h('section', { class: 'lock-screen', id: 'lock-screen', 'aria-labelledby': 'lock-title' },
      h('h1', { id: 'lock-title' }, '本机数据已加锁'), form, forgot, confirm);
    el.container.append(screen);
    input.focus();
  });
}

//-----------------------------------------------------------------------------
// The header's controls
//-----------------------------------------------------------------------------
export function storageControls(el) {
  onSealedWriteError(ns(el), (message) => { el.say(message, true); el.portalError('storage-refused', message); });
  const lockButton = h('button', { type: 'button', class: 'button secondary', id: 'lock-set', 'aria-haspopup': 'dialog', onclick: () => askLock(el, lockButton) });
  const clearButton = h('button', { type: 'button', class: 'button secondary', id: 'storage-clear', 'aria-haspopup': 'dialog', onclick: () => askClear(el, clearButton) }, '清除本机数据');
  const refresh = () => {
    const on = lockOn(ns(el));
    lockButton.textContent = on ? '已设密码锁' : '设置密码锁';
    lockButton.disabled = on;
  };
  refresh();
  el.storageControlsRefresh = refresh;
  return h('div', { class: 'storage-controls' }, lockButton, clearButton);
}

async function askClear(el, from) {
  const what = await whatGoes(el);
  el.openDialog('清除本机数据？', from,
    h('p', { id: 'storage-clear-what' }, clearWarning(what)),
    h('div', { class: 'nav' },
      h('button', { type: 'button', class: 'button warning', id: 'storage-clear-confirm', onclick: async () => {
        el.dialogReturn = null;
        el.dialog.close();
        await el.clearStorage();
        el.storageControlsRefresh?.();
        el.say(`已清除本机数据（${what}）。`);
      } }, '确认清除'),
      h('button', { type: 'button', class: 'button secondary', id: 'draft-dialog-cancel', autofocus: true, onclick: () => el.dialog.close() }, '取消')));
}

function askLock(el, from) {
  const first = h('input', { type: 'password', class: 'input', id: 'lock-new', autocomplete: 'new-password', 'aria-describedby': 'lock-new-hint', autofocus: true });
  const again = h('input', { type: 'password', class: 'input', id: 'lock-again', autocomplete: 'new-password' });
  const error = h('p', { class: 'error-message', id: 'lock-new-error', role: 'alert', hidden: true });
  const busy = h('p', { class: 'hint', role: 'status' });
  const fail = (message, input) => { error.textContent = message; error.hidden = false; input.setAttribute('aria-invalid', 'true'); input.focus(); };
  const form = h('form', { method: 'dialog', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    if ([...first.value].length < PASSPHRASE_MIN) { fail(`密码至少 ${PASSPHRASE_MIN} 个字符。`, first); return; }
    if (first.value !== again.value) { fail('两次输入的密码不一致。', again); return; }
    busy.textContent = '正在加密本机数据…';
    const namespace = ns(el);
    const r = await enableLock(namespace, first.value, [draftsKey(namespace)]);
    busy.textContent = '';
    if (!r.ok) { fail(r.message, first); el.portalError('storage-refused', r.message); return; }
    let files = 0;
    let fileProblem = '';
    try { files = await el.attachments.sealAll(); } catch (err) { fileProblem = `；但附件未能加密（${err?.message ?? err}），仍以明文保存`; }
    el.dialog.close();
    el.storageControlsRefresh?.();
    el.say(`已设置密码锁：草稿${files ? `和 ${files} 个附件` : ''}已加密保存${fileProblem}。以后每次打开本工具需输入密码；忘记密码只能清除本机数据。`, !!fileProblem);
    if (fileProblem) el.portalError('storage-refused', `附件未能加密${fileProblem}`);
  } },
  h('p', { class: 'hint', id: 'lock-new-hint' }, `设置后，本浏览器中本工具保存的草稿和附件将用此密码加密（AES-GCM），每次打开本工具时需输入密码。密码不保存在任何地方：忘记密码只能清除本机数据，已加密的草稿和附件无法恢复。至少 ${PASSPHRASE_MIN} 个字符。`),
  error,
  h('label', { for: 'lock-new', class: 'label' }, '密码'), first,
  h('label', { for: 'lock-again', class: 'label' }, '再次输入密码'), again, busy,
  h('div', { class: 'nav' },
    h('button', { type: 'submit', class: 'button', id: 'lock-save' }, '设置密码并加密'),
    h('button', { type: 'button', class: 'button secondary', id: 'draft-dialog-cancel', onclick: () => el.dialog.close() }, '取消')));
  el.openDialog('设置密码锁', from, form);
}
