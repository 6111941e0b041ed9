// boot.js — the single file's only script run at load (scripts/bundle.mjs).
// The wizard itself (single.js and all it imports, with the start-up data) rides in the file as a
// non-executed <script type="text/plain" id="referral-app"> block, deflated (zlib) and in base64: a
// third of the bytes the browser reads and parses before the first paint. When the file carries its
// first page pre-rendered (a declarative shadow root, shown before any script), the wizard is
// inflated and started only after that page has been painted, and what is typed meanwhile is adopted
// (element.js). A browser without declarative shadow DOM (Chromium < 111) gets the same page attached
// by this script from the inert <template> it parsed.
// The browser inflates it (DecompressionStream, Chromium 80+). Where that is missing (Firefox < 113,
// Safari < 16.4) the inflater carried in the block "referral-inflate" (fflate) is run first: built into
// this script it would be compiled, and its tables built, before every first paint.
const block = document.getElementById('referral-app');
const runScript = (text, type) => {
  const script = document.createElement('script');
  if (type) script.type = type;
  script.textContent = text;
  document.body.append(script);
  return script;
};
const inflate = (bytes) => {
  if (typeof DecompressionStream === 'function') {
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).text();
  }
  runScript(document.getElementById('referral-inflate').textContent).remove();
  return new TextDecoder().decode(globalThis.referralInflate(bytes));
};
const start = async () => {
  try {
    const binary = atob(block.textContent);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    runScript(await inflate(bytes), 'module');
  } catch (error) {
    // A damaged file: say so where the page's other start-up messages are, not in silence.
    const message = document.createElement('p');
    message.className = 'unsupported';
    message.setAttribute('role', 'alert');
    message.textContent = '移送助手未能启动：本文件已损坏。请重新下载本文件后再打开。';
    document.body.prepend(message);
    throw error;
  }
};
const host = document.querySelector('referral-assistant');
let root = host?.shadowRoot;
// A browser without declarative shadow DOM (Chromium < 111: 360安全浏览器 13's Chromium 86) parsed the
// pre-rendered page as an inert <template>: attach it here, the same page once this script has run,
// instead of only after the wizard has been inflated, compiled and started.
const template = !root && host?.querySelector(':scope > template[shadowrootmode="open"]');
if (template && typeof host.attachShadow === 'function') {
  root = host.attachShadow({ mode: 'open' });
  root.append(template.content);
  template.remove();
}
if (root) {
  // Until the wizard takes the pre-rendered page over, a button pressed in it (下一步, English …) is
  // noted for the wizard to press again (element.js), and no form of it is submitted.
  const shown = root.querySelector('.app');
  root.addEventListener('click', (event) => {
    const button = shown?.isConnected && event.target.closest('button[id]');
    if (button) host.dataset.pressed = button.id;
  });
  root.addEventListener('submit', (event) => { if (shown?.isConnected) event.preventDefault(); });
  requestAnimationFrame(() => setTimeout(start, 0));
} else start();
