#!/usr/bin/env node
// Writes forms/calendars/statutory-holidays.json: the statutory holidays (法定节假日) of
// 《全国年节及纪念日放假办法》 as revised by 国务院令第795号 (2024-11-10, in force 2025-01-01), for the
// years 2025–2050. The calendar counts these days off in a year for which the State Council has
// not yet published its arrangement notice — provisionally, with 补假 (a holiday on a weekend made
// up on the following weekdays) and without 调休.
//
// Lunar dates (农历除夕, 正月初一–初三, 端午 五月初五, 中秋 八月十五) and the solar term 清明 come
// from the npm package lunar-javascript (pinned in package-lock.json). Re-runnable: the output
// depends only on the package version and the years below.
//
// Usage: node scripts/gen-statutory-holidays.mjs [--check]   (--check: fail if the file differs)
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Lunar, Solar } = require('lunar-javascript');
const lunarVersion = require('lunar-javascript/package.json').version;

const FIRST = 2025;
const LAST = 2050;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'forms', 'calendars', 'statutory-holidays.json');

const iso = (solar) => solar.toYmd();
const solarDays = (y, m, d, n) => Array.from({ length: n }, (_, i) => iso(Solar.fromYmd(y, m, d).next(i)));

function year(y) {
  const newYear = Lunar.fromYmd(y, 1, 1);        // 正月初一 of the lunar year starting in solar year y
  const eve = newYear.next(-1);                  // 农历除夕: the last day of the previous lunar year
  const qingming = newYear.getJieQiTable()['清明'];
  const holidays = [
    { name: '元旦', dates: solarDays(y, 1, 1, 1) },
    { name: '春节', dates: [eve, newYear, newYear.next(1), newYear.next(2)].map((l) => iso(l.getSolar())) },
    { name: '清明节', dates: [iso(qingming)] },
    { name: '劳动节', dates: solarDays(y, 5, 1, 2) },
    { name: '端午节', dates: [iso(Lunar.fromYmd(y, 5, 5).getSolar())] },
    { name: '中秋节', dates: [iso(Lunar.fromYmd(y, 8, 15).getSolar())] },
    { name: '国庆节', dates: solarDays(y, 10, 1, 3) },
  ];
  for (const h of holidays)
    for (const d of h.dates)
      if (!d.startsWith(`${y}-`)) throw new Error(`${h.name} ${d} is not in ${y}`);
  // 补假 (办法第六条): a holiday for all citizens that falls on a Saturday or Sunday is made up on a
  // working day — here the first weekdays after the holiday that are no holiday themselves, one for
  // each day that fell on the weekend (the State Council's notice may arrange it otherwise).
  const off = new Set(holidays.flatMap((h) => h.dates));
  const makeUp = [];
  for (const h of holidays) {
    const weekend = h.dates.filter((d) => [0, 6].includes(Solar.fromYmd(...d.split('-').map(Number)).getWeek())).length;
    if (!weekend) continue;
    const dates = [];
    let day = Solar.fromYmd(...h.dates[h.dates.length - 1].split('-').map(Number));
    while (dates.length < weekend) {
      day = day.next(1);
      if ([0, 6].includes(day.getWeek()) || off.has(iso(day))) continue;
      dates.push(iso(day));
      off.add(iso(day));
    }
    makeUp.push({ name: `${h.name}补假`, dates });
  }
  return { year: y, holidays: [...holidays, ...makeUp] };
}

const doc = {
  schema: 'referral-statutory-holidays/1',
  source: {
    title: '全国年节及纪念日放假办法',
    number: '国务院令第795号（关于修改《全国年节及纪念日放假办法》的决定）',
    published: '2024-11-10',
    effective: '2025-01-01',
  },
  rule:
    '全体公民放假的节日：元旦1月1日；春节农历除夕、正月初一至初三；清明节（清明节气当日）；劳动节5月1日、2日；' +
    '端午节农历端午当日；中秋节农历中秋当日；国庆节10月1日至3日。全体公民放假的假日适逢周六、周日的，应当在工作日补假' +
    '（第六条；本表暂按假日之后的工作日依次补足）。调休由国务院办公厅每年通知，未发布的年份不计调休。',
  generator: `scripts/gen-statutory-holidays.mjs; lunar dates and 清明 from lunar-javascript ${lunarVersion} (npm)`,
  years: [],
};
for (let y = FIRST; y <= LAST; ++y) doc.years.push(year(y));

// One line per holiday: { "name": "春节", "dates": ["…", …] } (the file is compiled into the wasm).
const text =
  JSON.stringify(doc, null, 2)
    .replace(/\{\s+"name": ("[^"]+"),\s+"dates": \[\s+([^\]]+?)\s+\]\s+\}/g,
             (_, name, dates) => `{ "name": ${name}, "dates": [${dates.replace(/,\s+/g, ', ')}] }`) + '\n';
if (process.argv.includes('--check')) {
  let old = '';
  try { old = readFileSync(out, 'utf8'); } catch { /* missing */ }
  if (old !== text) {
    console.error('statutory-holidays.json is out of date: run node scripts/gen-statutory-holidays.mjs');
    process.exit(1);
  }
  console.log('statutory-holidays.json is up to date');
} else {
  writeFileSync(out + '.tmp', text);
  renameSync(out + '.tmp', out);
  console.log(`wrote ${out.slice(root.length + 1)}: ${FIRST}–${LAST}`);
}
