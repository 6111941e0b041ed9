// dates.js — dates and times as officials type them, read without a date picker: what was typed is
// kept as typed, an impossible date is named in its own words ("2026年2月没有30日"), and a date
// that is possible but unlikely (in the future, before 2000) is questioned, not refused.
// Only the reading of the text is here; deadlines and working days are the engine's.

const pad = (n) => String(n).padStart(2, '0');
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

// "2026-09-29", "2026/9/29", "2026.9.29", "2026年9月29日", each optionally followed by a time
// "10:30", "10：30", "10时30分" (after a space, "T" or nothing).
const DATE = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;
const TIME = /^\s*[T\s]?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]\s*00)?\s*$/;

// Reads `text` as a date (withTime false) or a date and time. Returns
//   {empty: true}                     nothing typed
//   {ok: false, message}              not a date, or a date that does not exist (message says which)
//   {ok: true, date: 'YYYY-MM-DD', time: 'HH:MM' | undefined}
export function readDate(text, { withTime = false } = {}) {
  const s = String(text ?? '').replace(/\+08:00$/, '');
  if (!s.trim()) return { empty: true };
  const example = withTime ? '“2026-09-29 10:30”' : '“2026-09-29”';
  const d = DATE.exec(s);
  if (!d) return { ok: false, message: `请按${example}的样式填写${withTime ? '日期和时间' : '日期'}` };
  const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (m < 1 || m > 12) return { ok: false, message: `没有${m}月：月份应为 1 至 12` };
  if (day < 1) return { ok: false, message: `${y}年${m}月没有${day}日` };
  if (day > daysIn(y, m)) return { ok: false, message: `${y}年${m}月没有${day}日（这个月只有 ${daysIn(y, m)} 天）` };
  const date = `${y}-${pad(m)}-${pad(day)}`;
  const rest = s.slice(d[0].length);
  if (!withTime) return rest.trim() ? { ok: false, message: `请按${example}的样式填写日期` } : { ok: true, date };
  if (!rest.trim()) return { ok: false, message: `请写上时间，如${example}` };
  const t = TIME.exec(rest);
  if (!t) return { ok: false, message: `请按${example}的样式填写日期和时间` };
  const [hh, mm] = [Number(t[1]), Number(t[2])];
  if (hh > 23 || mm > 59) return { ok: false, message: `没有${t[1]}时${t[2]}分：时间应在 00:00 至 23:59 之间` };
  return { ok: true, date, time: `${pad(hh)}:${pad(mm)}` };
}

// The ISO value the engine reads: "2026-09-29T10:30:00+08:00" or "2026-09-29"; null when not valid.
export function isoOf(reading) {
  if (!reading?.ok) return null;
  return reading.time ? `${reading.date}T${reading.time}:00+08:00` : reading.date;
}

// How a stored value is shown in its field: ISO values as people write them, anything else as typed.
export function shownDate(value) {
  const s = String(value ?? '');
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:00)?(\+08:00)?$/.exec(s);
  return m ? `${m[1]} ${m[2]}` : s;
}

// A question about a possible date: in the future (after `now`, "YYYY-MM-DDTHH:MM" China time) or
// before 2000. Returns the question, or null.
export function dateDoubt(reading, now) {
  if (!reading?.ok) return null;
  if (Number(reading.date.slice(0, 4)) < 2000) return `${Number(reading.date.slice(0, 4))}年早于 2000 年，请核对年份`;
  const stamp = `${reading.date}T${reading.time ?? '00:00'}`;
  if (stamp > now) return `${reading.date.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}还没有到，请核对`;
  return null;
}
