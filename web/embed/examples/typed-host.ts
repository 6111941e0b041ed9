// A portal page's script, typed by referral-assistant.d.ts: logs an official in (office and
// storage-key), prefills a matter, files the exported packet, clears the official's data on logout.
// Checked by `tsc --noEmit` in scripts/test (it is an example, not shipped).
import type { ReferralAssistantElement, ReferralCase, VerificationReport } from '../../referral-assistant';

const el: ReferralAssistantElement = document.querySelector('referral-assistant')!;
const filed: { name: string; bytes: Blob; report: VerificationReport }[] = [];

export function logIn(official: { office: string; id: string }): void {
  el.setAttribute('storage-key', `official-${official.id}`);
  el.setAttribute('office', official.office);
}

export function prefill(): void {
  const matter: ReferralCase = { schema: 'referral-case/1', finder: 'dept', town: 'huilong', date: '2026-09-29T10:30:00+08:00',
    source: 'patrol', item: 'market-food-stall-unregistered', verification: 'violation' };
  el.value = matter;
}

el.addEventListener('referral-plan-change', (e) => {
  const handler: string | undefined = e.detail.plan?.handler?.name;
  const firstDue: string | undefined = e.detail.plan?.steps[0]?.due.date;
  console.log(handler, firstDue, e.detail.errors.map((x) => `${x.path}: ${x.message}`));
});
el.addEventListener('referral-packet-exported', async (e) => {
  const report = await el.verify(e.detail.blob);
  filed.push({ name: e.detail.file, bytes: e.detail.blob, report });
});
el.addEventListener('error', (e) => console.warn(`referral-assistant ${e.detail.code}: ${e.detail.message}`));

export async function fileWithoutClicking(): Promise<boolean> {
  const zip: Blob | null = await el.packetBlob();
  if (!zip) return false;
  const report = await el.verify(zip);
  return report.ok && report.checks.every((c) => c.ok);
}

export async function logOut(): Promise<void> {
  await el.clearStorage();
  el.removeAttribute('office');
}
