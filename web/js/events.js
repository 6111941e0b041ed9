// events.js — the names of the events <referral-assistant> sends that bubble to the page (web/EMBEDDING.md,
// Events; their details: components/portal-api.js). The iframe bridge (frame.js) forwards exactly these.
export const BUBBLING_EVENTS = ['referral-ready', 'referral-plan-change', 'referral-draft-saved', 'referral-draft-change',
  'referral-packet-change', 'referral-packet-exported', 'referral-error'];
