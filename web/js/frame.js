// frame.js — the iframe bridge (referral-frame.html, web/EMBEDDING.md "In an iframe"): a portal that
// cannot or will not run the element in its own page frames referral-frame.html and drives the element
// by postMessage. Only a parent whose origin the page lists (<meta name="referral-parent-origins">,
// else this page's own origin) is heard, and only after it said {type: 'referral:connect'}; every
// message to it goes to that origin alone, never to '*'.
//   parent → frame  {type: 'referral:connect'}
//                   {type: 'referral:set', property: 'value'|'data'|'catalogue'|'calendars', value}
//                   {type: 'referral:attribute', name, value}   (value null: removed)
//                   {type: 'referral:call', id, method, args}   → {type: 'referral:result', id, ok, value | error}
//   frame → parent  {type: 'referral:connected'}, {type: 'referral:event', event, detail} for each event
//                   that bubbles (events.js), {type: 'referral:height', height} whenever the page's height changes
import { BUBBLING_EVENTS } from './events.js';

const PROPERTIES = ['value', 'data', 'catalogue', 'calendars'];
const ATTRIBUTES = ['office', 'storage-key', 'readonly', 'lang', 'event-detail', 'hide'];
// What a parent may call, and how: the element's methods and the drafts API.
const METHODS = {
  packetBlob: (el) => el.packetBlob(),
  verify: (el, zip) => el.verify(zip),
  clearStorage: (el) => el.clearStorage(),
  reset: (el) => el.reset(),
  mergeData: (el, partial) => el.mergeData(partial),
  get: (el, property) => ([...PROPERTIES, 'plan'].includes(property) ? el[property] : undefined),
  'drafts.list': (el) => el.drafts.list(),
  'drafts.current': (el) => el.drafts.current,
  'drafts.open': (el, id) => el.drafts.open(id),
  'drafts.new': (el, value) => el.drafts.new(value),
};

const own = window.location.origin;
const listed = (document.querySelector('meta[name="referral-parent-origins"]')?.content ?? '').split(/\s+/).filter(Boolean);
const allowed = new Set([own, ...listed]);
let parentOrigin = null;

const send = (message) => { if (parentOrigin) window.parent.postMessage(message, parentOrigin); };

async function element() {
  await customElements.whenDefined('referral-assistant');
  return document.querySelector('referral-assistant');
}

let lastHeight = -1;
function sendHeight() {
  const height = Math.ceil(document.documentElement.scrollHeight);
  if (height === lastHeight) return;
  lastHeight = height;
  send({ type: 'referral:height', height });
}

async function handle(message) {
  const el = await element();
  if (message.type === 'referral:set' && PROPERTIES.includes(message.property)) el[message.property] = message.value;
  else if (message.type === 'referral:attribute' && ATTRIBUTES.includes(message.name)) {
    if (message.value === null || message.value === undefined || message.value === false) el.removeAttribute(message.name);
    else el.setAttribute(message.name, message.value === true ? '' : String(message.value));
  } else if (message.type === 'referral:call') {
    const method = METHODS[message.method];
    try {
      if (!method) throw new Error(`unknown method ${message.method}`);
      send({ type: 'referral:result', id: message.id, ok: true, value: await method(el, ...(Array.isArray(message.args) ? message.args : [])) });
    } catch (e) {
      send({ type: 'referral:result', id: message.id, ok: false, error: e && e.message ? e.message : String(e) });
    }
  }
}

if (window.parent !== window) {
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (event.source !== window.parent || !allowed.has(event.origin) || !message || typeof message.type !== 'string') return;
    if (message.type === 'referral:connect') {
      if (parentOrigin && parentOrigin !== event.origin) return;  // one parent, the first that connected
      parentOrigin = event.origin;
      lastHeight = -1;
      send({ type: 'referral:connected' });
      sendHeight();
      return;
    }
    if (event.origin !== parentOrigin) return;
    handle(message);
  });
  for (const type of BUBBLING_EVENTS) document.addEventListener(type, (e) => send({ type: 'referral:event', event: type, detail: e.detail }));
  new ResizeObserver(sendHeight).observe(document.documentElement);
}
