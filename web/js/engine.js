// engine.js — the one file that touches the WebAssembly module (wasm/referral.d.ts).
// In the single-file build the module is already a global (inlined classic script); in the embed
// build it is loaded from the same folder as this script, with its .wasm next to it.

function injectScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`无法加载 ${src}`));
    document.head.append(s);
  });
}

// Resolves to {plan, relevantQuestions, describePack, workdays, packet, verifyPacket}: objects in,
// parsed envelopes out.
export async function loadEngine(baseUrl) {
  if (typeof globalThis.ReferralModule !== 'function') await injectScript(new URL('referral-engine.js', baseUrl).href);
  const m = await globalThis.ReferralModule({ locateFile: (p) => new URL(p, baseUrl).href });
  return {
    plan: (caseDoc) => JSON.parse(m.plan(JSON.stringify(caseDoc))),
    relevantQuestions: (partialCase) => JSON.parse(m.relevantQuestions(JSON.stringify(partialCase))),
    describePack: () => JSON.parse(m.describePack()),
    workdays: (start, n) => JSON.parse(m.workdays(start, n)),
    packet: (input, today) => JSON.parse(m.packet(JSON.stringify(input), today)),
    verifyPacket: (packetJsonText) => JSON.parse(m.verifyPacket(packetJsonText)),
  };
}
