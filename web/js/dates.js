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

// What is wrong with a date as typed, in the page's language (`lang`: 'zh', the default, or 'en').
const MESSAGES = {
  zh: {
    form: (example, withTime) => `请按${example}的样式填写${withTime ? '日期和时间' : '日期'}`,
    month: (m) => `没有${m}月：月份应为 1 至 12`,
    day: (y, m, day) => `${y}年${m}月没有${day}日`,
    dayOver: (y, m, day, n) => `${y}年${m}月没有${day}日（这个月只有 ${n} 天）`,
    time: (example) => `请写上时间，如${example}`,
    clock: (h, min) => `没有${h}时${min}分：时间应在 00:00 至 23:59 之间`,
    before2000: (y) => `${y}年早于 2000 年，请核对年份`,
    future: (date) => `${date.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}还没有到，请核对`,
  },
  en: {
    form: (example, withTime) => `Write the ${withTime ? 'date and time' : 'date'} like ${example}`,
    month: (m) => `There is no month ${m}: months are 1 to 12`,
    day: (y, m, day) => `${y}-${pad(m)} has no day ${day}`,
    dayOver: (y, m, day, n) => `${y}-${pad(m)} has no day ${day} (the month has ${n} days)`,
    time: (example) => `Add the time, e.g. ${example}`,
    clock: (h, min) => `There is no ${h}:${min}: times run from 00:00 to 23:59`,
    before2000: (y) => `${y} is before 2000: check the year`,
    future: (date) => `${date} has not come yet: check the date`,
  },
};
const messages = (lang) => MESSAGES[lang] ?? MESSAGES.zh;

// Reads `text` as a date (withTime false) or a date and time. Returns
//   {empty: true}                     nothing typed
//   {ok: false, message}              not a date, or a date that does not exist (message says which, in `lang`)
//   {ok: true, date: 'YYYY-MM-DD', time: 'HH:MM' | undefined}
export function readDate(text, { withTime = false, lang = 'zh' } = {}) {
  const say = messages(lang);
  const s = String(text ?? '').replace(/\+08:00$/, '');
  if (!s.trim()) return { empty: true };
  const example = withTime ? '“2026-09-29 10:30”' : '“2026-09-29”';
  const d = DATE.exec(s);
  if (!d) return { ok: false, message: say.form(example, withTime) };
  const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (m < 1 || m > 12) return { ok: false, message: say.month(m) };
  if (day < 1) return { ok: false, message: say.day(y, m, day) };
  if (day > daysIn(y, m)) return { ok: false, message: say.dayOver(y, m, day, daysIn(y, m)) };
  const date = `${y}-${pad(m)}-${pad(day)}`;
  const rest = s.slice(d[0].length);
  if (!withTime) return rest.trim() ? { ok: false, message: say.form(example, false) } : { ok: true, date };
  if (!rest.trim()) return { ok: false, message: say.time(example) };
  const t = TIME.exec(rest);
  if (!t) return { ok: false, message: say.form(example, true) };
  const [hh, mm] = [Number(t[1]), Number(t[2])];
  if (hh > 23 || mm > 59) return { ok: false, message: say.clock(t[1], t[2]) };
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
// before 2000. Returns the question (in `lang`), or null.
export function dateDoubt(reading, now, lang = 'zh') {
  if (!reading?.ok) return null;
  const say = messages(lang);
  if (Number(reading.date.slice(0, 4)) < 2000) return say.before2000(Number(reading.date.slice(0, 4)));
  const stamp = `${reading.date}T${reading.time ?? '00:00'}`;
  if (stamp > now) return say.future(reading.date);
  return null;
}
