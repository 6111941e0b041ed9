// storage-lock — personal data at rest on a shared office PC (issue #14): 清除本机数据 and the
// optional passphrase lock of the element's storage (storage-crypto.js does the cryptography).
//
// Inputs: the element (its storage-key namespace, container, draftStore, officeStore, attachments,
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
  const { t } = el;
  const parts = [];
  if (!isLocked(ns(el)) && el.draftStore) parts.push(t('goesDrafts', el.draftStore.list().length));
  else parts.push(t('goesAllDrafts'));
  let files = null;
  const store = el.attachments ?? new AttachmentStore(undefined, ns(el));
  try { files = await store.count(); } catch { files = null; } finally { if (store !== el.attachments) store.db?.close(); }
  parts.push(files === null ? t('goesAllFiles') : t('goesFiles', files));
  if (Object.keys((el.officeStore ?? new OfficeProfileStore(undefined, ns(el))).get()).length) parts.push(t('goesOffice'));
  if (lockOn(ns(el))) parts.push(t('goesLock'));
  return t('goesList', parts);
}

//-----------------------------------------------------------------------------
// The lock screen
//-----------------------------------------------------------------------------
export async function lockGate(el) {
  // Again if the portal switched storage-key to another locked one meanwhile.
  while (isLocked(ns(el))) await lockScreen(el);
}

async function lockScreen(el) {
  const { t } = el;
  // The first page rendered at build time holds no data; the lock screen comes first (and nothing
  // pressed in that page meanwhile is pressed again: boot.js).
  if (el.prerenderedOwn) { el.root.replaceChildren(...el.prerenderedOwn); el.prerenderedOwn = null; delete el.dataset.pressed; }
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
      busy.textContent = t('lockUnlocking');
      const r = await unlock(ns(el), input.value);
      busy.textContent = '';
      if (!r.ok) {
        error.textContent = t('lockProblem', r.code, r.message);
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.select();
        input.focus();
        return;
      }
      done();
    } },
    h('label', { for: 'lock-passphrase', class: 'label' }, t('lockPassphrase')),
    h('p', { class: 'hint', id: 'lock-hint' }, t('lockHint')),
    error, input, busy,
    h('div', { class: 'nav' }, h('button', { type: 'submit', class: 'button', id: 'lock-unlock' }, t('lockUnlock'))));
    const forgot = h('button', { type: 'button', class: 'link-button', id: 'lock-forgot', onclick: async () => {
      const what = await whatGoes(el);
      confirm.replaceChildren(
        h('p', {}, t('lockForgotWarning', t('clearWarning', what))),
        h('div', { class: 'nav' },
          h('button', { type: 'button', class: 'button warning', id: 'lock-clear-confirm', onclick: async () => {
            await el.clearStorage();
            done();
            // The element starts once the gate resolves; its status line exists after that.
            setTimeout(() => { if (el.status) el.say(t('clearedStartAgain', what)); }, 0);
          } }, t('storageClear')),
          h('button', { type: 'button', class: 'button secondary', id: 'lock-clear-cancel', onclick: () => { confirm.hidden = true; input.focus(); } }, t('cancel'))));
      confirm.hidden = false;
      confirm.querySelector('#lock-clear-cancel').focus();
    } }, t('lockForgot'));
    const screen = h('section', { class: 'lock-screen', id: 'lock-screen', 'aria-labelledby': 'lock-title' },
      h('h1', { id: 'lock-title' }, t('lockTitle')), form, forgot, confirm);
    el.container.append(screen);
    input.focus();
  });
}

//-----------------------------------------------------------------------------
// The header's controls
//-----------------------------------------------------------------------------
export function storageControls(el) {
  // The page's words for a refused write; the portal's `error` event keeps the Chinese message (for its log).
  onSealedWriteError(ns(el), (message, code) => { el.say(el.t('lockProblem', code, message), true); el.portalError('storage-refused', message); });
  const lockButton = h('button', { type: 'button', class: 'button secondary', id: 'lock-set', 'aria-haspopup': 'dialog', onclick: () => askLock(el, lockButton) });
  const clearButton = h('button', { type: 'button', class: 'button secondary', id: 'storage-clear', 'aria-haspopup': 'dialog', onclick: () => askClear(el, clearButton) }, el.t('storageClear'));
  const refresh = () => {
    const on = lockOn(ns(el));
    lockButton.textContent = on ? el.t('lockIsOn') : el.t('lockSet');
    lockButton.disabled = on;
  };
  refresh();
  el.storageControlsRefresh = refresh;
  return h('div', { class: 'storage-controls' }, lockButton, clearButton);
}

async function askClear(el, from) {
  const { t } = el;
  const what = await whatGoes(el);
  el.openDialog(t('storageClearTitle'), from,
    h('p', { id: 'storage-clear-what' }, t('clearWarning', what)),
    h('div', { class: 'nav' },
      h('button', { type: 'button', class: 'button warning', id: 'storage-clear-confirm', onclick: async () => {
        el.dialogReturn = null;
        el.dialog.close();
        await el.clearStorage();
        el.storageControlsRefresh?.();
        el.say(t('cleared', what));
      } }, t('storageClearConfirm')),
      h('button', { type: 'button', class: 'button secondary', id: 'draft-dialog-cancel', autofocus: true, onclick: () => el.dialog.close() }, t('cancel'))));
}

function askLock(el, from) {
  const { t } = el;
  const first = h('input', { type: 'password', class: 'input', id: 'lock-new', autocomplete: 'new-password', 'aria-describedby': 'lock-new-hint', autofocus: true });
  const again = h('input', { type: 'password', class: 'input', id: 'lock-again', autocomplete: 'new-password' });
  const error = h('p', { class: 'error-message', id: 'lock-new-error', role: 'alert', hidden: true });
  const busy = h('p', { class: 'hint', role: 'status' });
  const fail = (message, input) => { error.textContent = message; error.hidden = false; input.setAttribute('aria-invalid', 'true'); input.focus(); };
  const form = h('form', { method: 'dialog', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    if ([...first.value].length < PASSPHRASE_MIN) { fail(t('lockTooShort', PASSPHRASE_MIN), first); return; }
    if (first.value !== again.value) { fail(t('lockMismatch'), again); return; }
    busy.textContent = t('lockEncrypting');
    const namespace = ns(el);
    const r = await enableLock(namespace, first.value, [draftsKey(namespace)]);
    busy.textContent = '';
    if (!r.ok) { fail(t('lockProblem', r.code, r.message), first); el.portalError('storage-refused', r.message); return; }
    let files = 0;
    let why = null;
    try { files = await el.attachments.sealAll(); } catch (err) { why = err?.message ?? String(err); }
    el.dialog.close();
    el.storageControlsRefresh?.();
    el.say(t('lockDone', files, why === null ? '' : t('lockFilesFailed', why)), why !== null);
    if (why !== null) el.portalError('storage-refused', `附件未能加密（${why}），仍以明文保存`);
  } },
  h('p', { class: 'hint', id: 'lock-new-hint' }, t('lockNewHint', PASSPHRASE_MIN)),
  error,
  h('label', { for: 'lock-new', class: 'label' }, t('lockPassphrase')), first,
  h('label', { for: 'lock-again', class: 'label' }, t('lockAgain')), again, busy,
  h('div', { class: 'nav' },
    h('button', { type: 'submit', class: 'button', id: 'lock-save' }, t('lockSave')),
    h('button', { type: 'button', class: 'button secondary', id: 'draft-dialog-cancel', onclick: () => el.dialog.close() }, t('cancel'))));
  el.openDialog(t('lockSet'), from, form);
}
