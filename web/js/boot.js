// boot.js — the single file's only script run at load (scripts/bundle.mjs).
// The wizard itself (single.js and all it imports, with the start-up data) rides in the file as the
// text of a non-executed <script type="text/plain" id="referral-app"> block. When the file carries
// its first page pre-rendered (a declarative shadow root, shown before any script), the wizard is
// started only after that page has been painted: the browser neither compiles nor runs a
// quarter-megabyte of JavaScript before the official sees the first question, and what is typed
// meanwhile is adopted (element.js). A browser without declarative shadow DOM (Chromium < 111) shows
// nothing until the wizard draws it, so there it starts at once.
// The block is plain text, not deflated like the engine's: an inflater here would be compiled and
// its tables built before the first paint (docs/BENCHMARKS.md, "First control").
const start = () => {
  const script = document.createElement('script');
  script.type = 'module';
  script.textContent = document.getElementById('referral-app').textContent;
  document.body.append(script);
};
if (document.querySelector('referral-assistant')?.shadowRoot) requestAnimationFrame(() => setTimeout(start, 0));
else start();
