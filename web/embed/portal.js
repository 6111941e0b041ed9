// The example portal listens to the element's events, as a host page would.
const status = document.getElementById('portal-status');
document.addEventListener('referral-plan-change', (e) => {
  const plan = e.detail.plan;
  status.textContent = plan && plan.handler ? `当前计划：由${plan.handler.name}处理，共 ${plan.steps.length} 个步骤。` : '计划尚不完整。';
});
document.addEventListener('referral-draft-saved', (e) => { status.dataset.saved = e.detail.name; });
