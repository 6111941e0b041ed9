// numbering — the office's 文号 as one sequence that only moves forward (issue #26). No DOM: the office
// profile, the packet step and packet.js share it.
//
// A 文号 is 机关代字〔年份〕序号号 (GB/T 9704-2012 7.2.4). The profile keeps the 序号 the official set
// (`next_number`, for `next_year`) and every 文号 that went out in an exported packet (`issued`:
// [{number, date, draft, transfer, title}]). The number offered is never one already issued and never
// below the highest issued that year; re-saving the settings form cannot take it back. A number typed
// by hand that was issued before, or that comes before the highest issued that year, is warned of.

// "启城管移〔2026〕27号" → {prefix: '启城管移', year: 2026, seq: 27}, or null.
export function parseNumber(text) {
  const m = /^(.+)〔(\d{4})〕([1-9]\d*)号$/.exec(String(text ?? '').trim());
  return m ? { prefix: m[1], year: Number(m[2]), seq: Number(m[3]) } : null;
}

const issuedOf = (profile) => (Array.isArray(profile?.issued) ? profile.issued : []);

// The highest 序号 this office issued under its 代字 in `year` (0 when none).
export function highestIssued(profile, year) {
  let top = 0;
  for (const r of issuedOf(profile)) {
    const n = parseNumber(r.number);
    if (n && n.prefix === profile.prefix && n.year === Number(year)) top = Math.max(top, n.seq);
  }
  return top;
}

// The next 序号 for `year`: the one the official set (for that year), never at or below one issued.
export function nextSequence(profile, year) {
  const set = Number.isInteger(profile?.next_number) && (!profile.next_year || profile.next_year === Number(year)) ? profile.next_number : 1;
  const used = new Set(issuedOf(profile).map((r) => r.number));
  let n = Math.max(set, highestIssued(profile, year) + 1);
  while (used.has(`${profile.prefix}〔${year}〕${n}号`)) n += 1;
  return n;
}

// The 文号 the profile proposes for a letter sent in `year`, or '' when it has no 代字.
export function proposedNumber(profile, year) {
  return profile?.prefix && year ? `${profile.prefix}〔${year}〕${nextSequence(profile, year)}号` : '';
}

// What is wrong with `number` for the letter `letter` ({draft, transfer}: the same letter exported again
// keeps its number): {kind: 'reused' | 'order', message} or null. Messages are Chinese (the 文号's language).
export function numberProblem(profile, number, letter = {}) {
  const n = parseNumber(number);
  if (!n) return null;
  const earlier = issuedOf(profile).find((r) => r.number === String(number).trim()
    && !(letter.draft && r.draft === letter.draft && r.transfer === letter.transfer));
  if (earlier) {
    return { kind: 'reused', message: `文号“${number}”已于 ${earlier.date} 用于${earlier.title ? `《${earlier.title}》` : '另一份文书'}（${earlier.draft ?? ''}），不能重复使用；下一个可用的是 ${proposedNumber(profile, n.year) || '新的序号'}。` };
  }
  if (n.prefix === profile?.prefix) {
    const top = highestIssued(profile, n.year);
    const mine = issuedOf(profile).some((r) => r.number === String(number).trim());
    if (!mine && n.seq < top) {
      return { kind: 'order', message: `文号序号 ${n.seq} 小于本单位 ${n.year} 年已发出的最大序号 ${top}，请核对；下一个是 ${proposedNumber(profile, n.year)}。` };
    }
  }
  return null;
}

// The profile after `number` went out in an exported packet: recorded (once per letter), the next 序号
// moved past it. `record`: {date, draft, transfer, title}.
export function withIssued(profile, number, record) {
  const n = parseNumber(number);
  const rest = issuedOf(profile).filter((r) => !(r.number === number && r.draft === record.draft && r.transfer === record.transfer));
  const issued = [...rest, { number, ...record }].slice(-2000);  // an office's years of letters; the oldest go first
  const next = { ...profile, issued };
  if (n && n.prefix === profile.prefix) {
    const year = n.year;
    next.next_year = year;
    next.next_number = Math.max(nextSequence({ ...profile, issued }, year), n.seq + 1);
  }
  return next;
}
