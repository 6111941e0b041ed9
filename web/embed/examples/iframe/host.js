// A portal page that frames the tool (referral-frame.html, web/EMBEDDING.md "In an iframe") and drives it
// by postMessage: it hears only the frame's own window from the frame's origin, sends to that origin
// only, sizes the frame to the page in it, prefills a matter and shows the plan's handler.
const frame = document.getElementById('referral-frame');
const status = document.getElementById('plan-status');
const origin = () => new URL(frame.src, document.baseURI).origin;
const post = (message) => frame.contentWindow.postMessage(message, origin());
const MATTER = { schema: 'referral-case/1', finder: 'dept', town: 'huilong', date: '2026-09-29T10:30:00+08:00',
  source: 'patrol', item: 'market-food-stall-unregistered', verification: 'violation' };

window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.origin !== origin()) return;
  const m = e.data;
  if (m.type === 'referral:height') frame.style.height = `${m.height}px`;
  else if (m.type === 'referral:event' && m.event === 'referral-plan-change') {
    const plan = m.detail.plan;
    status.textContent = plan && plan.handler ? `当前计划：由${plan.handler.name}处理，共 ${plan.steps.length} 个步骤。` : '计划尚不完整。';
  }
});
// Each time the frame has loaded its page: connect (the frame hears nothing before), then hand over the office.
frame.addEventListener('load', () => {
  post({ type: 'referral:connect' });
  post({ type: 'referral:attribute', name: 'office', value: 'dept:market' });
});
document.getElementById('prefill').addEventListener('click', () => post({ type: 'referral:set', property: 'value', value: MATTER }));
