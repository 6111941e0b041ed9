// Printed documents checked as pages, and the Word export checked as a file a word processor opens (#11).
//
// scripts/print-documents prints every document of every example packet (every document kind the pack
// has) to PDF with headless Chromium, A4 and the print CSS, and exports each as the wizard's .docx.
// Then, read back with poppler (pdfinfo, pdftotext -layout) as an official would see the paper:
//   - A4; every page carries its number "— N —" at its foot, in order (GB/T 9704-2012 style);
//   - the head line is the issuing organ's full name, then the document's 文号;
//   - no ¶, no JSON Pointer, no digest or byte count in a letter (the 材料清单 alone lists them);
//   - no blank page, the 落款 never alone on a page, the 回执 exactly one page of its own, and a short
//     letter is one page;
//   - a 函 (documents.json layout "letter") in GB/T 9704's 信函格式: a red double line under the organ's
//     name and the 文号 at the right; the other kinds one red rule and the 文号 centred (pixels of page 1);
//   - the 受理情况告知书, 延期移送告知函 and 涉嫌犯罪案件移送书 read as what they must say (#26);
// and each .docx: a ZIP with the WordprocessingML parts, every XML part well formed (xmllint), the
// page-number field in the footer, and the document's text (every paragraph, heading and table cell
// of the printed HTML) present in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { root } from '../web/support.mjs';

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, ...opts });

// A short 情况通报函 (the example's text cut down, no party table): it fits one page, and must print as one.
const scratch = mkdtempSync(path.join(tmpdir(), 'referral-print-'));
const short = JSON.parse(readFileSync(`${root}/tests/examples/packet-town-notifies-dept.json`, 'utf8'));
short.summary.facts = '当事人未办理登记从事食品经营。';
short.summary.measures = '已制作现场检查记录。';
short.details.notice_letter.notice = '请你局督促其补办登记。';
short.parties = [];
writeFileSync(`${scratch}/packet-short-notice.json`, JSON.stringify(short));

const examples = readdirSync(`${root}/tests/examples`).filter((f) => /^packet-.*\.json$/.test(f)).map((f) => `tests/examples/${f}`);
run('scripts/print-documents', ['--no-png', ...examples, `${scratch}/packet-short-notice.json`], { stdio: ['ignore', 'pipe', 'inherit'] });
rmSync(scratch, { recursive: true, force: true });

const folders = [...examples.map((f) => path.basename(f, '.json').replace(/^packet-/, '')), 'short-notice'];
const documents = [];
for (const folder of folders) {
  const dir = `${root}/build/prints/${folder}`;
  const packet = JSON.parse(readFileSync(`${dir}/packet.json`, 'utf8'));
  const htmls = readdirSync(dir).filter((f) => /^\d\d-.*\.html$/.test(f)).sort();
  assert.equal(htmls.length, packet.documents.length, `${folder}: one printed file per document`);
  packet.documents.forEach((doc, i) => documents.push({ folder, doc, base: `${dir}/${htmls[i].replace(/\.html$/, '')}` }));
}

const squeeze = (s) => s.replace(/\s+/g, '');
const kinds = Object.fromEntries(JSON.parse(readFileSync(`${root}/forms/qidong-2020-38/documents.json`, 'utf8')).documents.map((d) => [d.id, d]));

// The red rules across the type area near the top of page 1, as runs of rows (pdftoppm at 150 dpi, PPM):
// a row is red when most of the type area's width is red ink.
function redRules(pdf) {
  const out = mkdtempSync(path.join(tmpdir(), 'referral-rules-'));
  try {
    run('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', pdf, `${out}/p`]);
    const file = readdirSync(out).find((f) => f.endsWith('.ppm'));
    const buf = readFileSync(`${out}/${file}`);
    // P6\n<w> <h>\n255\n then RGB bytes.
    const header = buf.subarray(0, 64).toString('latin1').split(/\s+/);
    const [w, h] = [Number(header[1]), Number(header[2])];
    const start = buf.indexOf(0x0a, buf.indexOf(0x0a, buf.indexOf(0x0a) + 1) + 1) + 1;
    const mm = 150 / 25.4;
    const x0 = Math.round(28 * mm), x1 = Math.round(w - 26 * mm);
    const runs = [];
    let inRun = false;
    for (let y = 0; y < Math.min(h, Math.round(100 * mm)); y += 1) {
      let red = 0;
      for (let x = x0; x < x1; x += 1) {
        const i = start + (y * w + x) * 3;
        if (buf[i] > 150 && buf[i] - buf[i + 1] > 60 && buf[i] - buf[i + 2] > 60) red += 1;
      }
      const isRed = red > (x1 - x0) * 0.6;
      if (isRed && !inRun) runs.push(y);
      inRun = isRed;
    }
    return runs.length;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
const lines = (page) => page.split('\n').map((l) => l.trim()).filter(Boolean);

// The kinds of document printed: every one the pack has.
test('every document kind of the pack is printed', () => {
  const pack = JSON.parse(readFileSync(`${root}/forms/qidong-2020-38/documents.json`, 'utf8'));
  const kinds = (Array.isArray(pack) ? pack : pack.documents ?? Object.values(pack)).map((d) => d.id).filter(Boolean);
  const printed = new Set(documents.map((d) => d.doc.id));
  assert.ok(kinds.length >= 10, `the pack's document kinds were read (${kinds.length})`);
  assert.deepEqual(kinds.filter((k) => !printed.has(k)), [], 'document kinds never printed');
});

for (const { folder, doc, base } of documents) {
  const name = `${folder}/${path.basename(base)}`;
  test(`printed as pages: ${name}`, () => {
    const info = run('pdfinfo', [`${base}.pdf`]);
    const pageCount = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    const [w, h] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info).slice(1).map(Number);
    assert.ok(Math.abs(w - 595.3) < 1.5 && Math.abs(h - 841.9) < 1.5, `A4 (${w} x ${h} pt)`);
    const pages = run('pdftotext', ['-layout', `${base}.pdf`, '-']).split('\f').slice(0, pageCount);
    assert.equal(pages.length, pageCount);
    const text = pages.join('\n');

    // Page numbers: the last line of page N is "— N —" (pdftotext may drop the thin spaces).
    pages.forEach((page, i) => {
      const body = lines(page);
      assert.match(body.at(-1) ?? '', new RegExp(`^—\\s*${i + 1}\\s*—$`), `page ${i + 1} ends with its number`);
      assert.ok(body.length > 1, `page ${i + 1} is not blank`);
      // A heading or a table's head row is never the last thing on a page, away from what it heads.
      const last = body.at(-2) ?? '';
      assert.ok(!/^(当事人|名称或姓名\s+类别\s+证件|序号\s+材料.*)$/.test(last), `page ${i + 1} does not end with "${last}"`);
    });

    // The type area as GB/T 9704-2012 has it (left 28 mm, right 26 mm, top 37 mm), at full size (a page that
    // overflows is shrunk by the browser: its widest line would then stop short of the right margin); the page
    // number in the bottom margin (below 35 mm).
    const mm = 72 / 25.4;
    const rightEdge = w - 26 * mm + 1;
    const bbox = run('pdftotext', ['-bbox', `${base}.pdf`, '-']).split('<page ').slice(1);
    assert.equal(bbox.length, pageCount);
    bbox.forEach((page, i) => {
      const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)]
        .map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5] }));
      const number = words.filter((w) => w.y0 > h - 35 * mm);
      const body = words.filter((w) => w.y0 <= h - 35 * mm);
      assert.ok(number.length && number.every((w) => w.y1 < h - 5 * mm), `page ${i + 1}: the page number in the bottom margin`);
      assert.ok(body.every((w) => w.x0 >= 28 * mm - 1 && w.x1 <= rightEdge && w.y0 >= 37 * mm - 4), `page ${i + 1}: text inside the type area`);
      if (i === 0) {
        assert.ok(Math.min(...body.map((t) => t.x0)) <= 28 * mm + 1.5, 'page 1: text starts at the left margin');
        assert.ok(Math.max(...body.map((t) => t.x1)) >= w - 26 * mm - 10, 'page 1: full-width lines reach the right margin (not shrunk)');
      }
    });


    // 版头: a 函 in 信函格式 (two red lines, the 文号 at the right edge), the others in 文件格式 (one red rule,
    // the 文号 centred).
    const letter = kinds[doc.id]?.layout === 'letter';
    if (/函$/.test(doc.title)) assert.ok(letter, `${doc.title} is a 函: documents.json must lay it out as a letter`);
    assert.equal(redRules(`${base}.pdf`), letter ? 2 : 1, letter ? 'a 函: a red double line under the organ' : 'one red rule under the 文号');
    {
      const words = [...bbox[0].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map((m) => ({ x0: +m[1], x1: +m[3], y0: +m[2], text: m[5] }));
      // The 文号's line: the first line holding a word the 文号 begins with.
      const numberAt = words.find((t) => t.text.length > 1 && doc.fields.document_number.startsWith(t.text));
      const numberWords = numberAt ? words.filter((t) => Math.abs(t.y0 - numberAt.y0) < 2) : [];
      assert.ok(numberWords.length, 'the 文号 is on page 1');
      const right = Math.max(...numberWords.map((t) => t.x1));
      const leftEdge = Math.min(...numberWords.map((t) => t.x0));
      const centre = (leftEdge + right) / 2;
      if (letter) assert.ok(right >= w - 26 * mm - 6, `the 文号 at the right edge (ends at ${right.toFixed(1)} pt)`);
      else assert.ok(Math.abs(centre - (28 * mm + (w - 26 * mm)) / 2) < 12, `the 文号 centred (centre ${centre.toFixed(1)} pt)`);
    }

    // 版头: the organ's full name, then the 文号, then the title.
    const first = lines(pages[0]);
    const { sender, document_number: number } = doc.fields;
    assert.equal(first[0], sender.name, 'the head line is the issuing organ\'s full name');
    assert.ok(number && squeeze(first[1]) === squeeze(number), `the 文号 under it (${first[1]})`);
    assert.ok(!/办公室$|科$|股$/.test(sender.name), 'the organ, not an internal office');

    // Words an official reads on paper.
    assert.ok(!text.includes('¶'), 'no ¶');
    assert.doesNotMatch(text, /\/(parties|summary|contact|approval|details|attachments|fields|document_number|sent_on|case)(\/|\b)/, 'no JSON Pointer');
    assert.ok(!text.includes('（印章）'), 'the seal\'s placeholder is not printed');
    if (doc.id !== 'attachment_list') {
      assert.doesNotMatch(text, /(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{16,}/, 'no digest in a letter');  // hex, not an ID number
      assert.ok(!/SHA-256|字节/.test(text), 'no digest or byte count in a letter');
    }

    // Page count sane: the 落款 shares its page with text above it; a 回执 is one page of its own, the last.
    const signaturePage = pages.findIndex((p) => lines(p).some((l, i, all) => l === sender.name && i > 0 && /^\d{4}年\d{1,2}月\d{1,2}日$/.test(all[i + 1] ?? '')));
    assert.ok(signaturePage >= 0, 'the 落款 (organ over date) is printed');
    const above = lines(pages[signaturePage]);
    assert.ok(above.indexOf(sender.name, signaturePage === 0 ? 1 : 0) > 0, 'the 落款 is not alone at the top of a page');
    if (doc.receipt) {
      const receiptPage = pages.findIndex((p) => lines(p)[0] === doc.receipt);
      assert.equal(receiptPage, pageCount - 1, 'the 回执 begins the last page');
      assert.equal(signaturePage, pageCount - 2, 'the letter ends on the page before its 回执');
    } else if (doc.id !== 'attachment_list') {  // the 材料清单's 依据 and packet digest follow its 落款
      assert.equal(signaturePage, pageCount - 1, 'the 落款 is on the last page');
    }
    assert.ok(pageCount <= (doc.receipt ? 3 : 2), `${pageCount} pages for a letter of this length`);
    if (folder === 'short-notice') assert.equal(pageCount, 1, 'a letter that fits one page prints as one page');
  });

  // #26: the three kinds an office sends as they are, read on the printed page.
  if (['acceptance_notice', 'extension_notice', 'crime_transfer'].includes(doc.id)) test(`says what it must: ${name}`, () => {
    // The pages' text as one, without the page numbers between them.
    const text = squeeze(run('pdftotext', ['-layout', `${base}.pdf`, '-']).split('\n').filter((l) => !/^\s*—\s*\d+\s*—\s*$/.test(l)).join('\n'));
    if (doc.id === 'acceptance_notice') {
      assert.match(text, /你单位《涉嫌违法案件移送函》（[^）]+〔\d{4}〕\d+号）及所附材料，我单位已于\d{4}年\d{1,2}月\d{1,2}日收到/, 'the letter answered, by 文号, and the day received');
      assert.match(text, /决定予以受理|决定不予受理，并已依照上述规定报请市人民政府决定/, 'the 受理 decision');
      assert.doesNotMatch(text, /基本违法事实|已采取的措施/, 'no narrative copied from the sender');
    }
    if (doc.id === 'extension_notice') assert.match(text, /移送期限原为\d+个工作日内.*?最迟\d{4}年\d{1,2}月\d{1,2}日（星期.）；现延长为\d+个工作日内.*?最迟\d{4}年\d{1,2}月\d{1,2}日（星期.）/, 'both deadlines');
    if (doc.id === 'crime_transfer') {
      assert.match(text, /《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）/, '国务院令第310号');
      assert.match(text, /启政办发〔2020〕38号/, '38号');
      assert.match(text, /涉嫌犯罪案件情况的调查报告/, 'its own materials');
    }
  });

  test(`Word export: ${name}`, () => {
    const parts = unzipSync(new Uint8Array(readFileSync(`${base}.docx`)));
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/footer1.xml']) {
      assert.ok(parts[part], `${part} present`);
    }
    const xml = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, new TextDecoder().decode(v)]));
    for (const [part, content] of Object.entries(xml)) {
      // A maintained XML parser (libxml2) reads every part; xmllint exits non-zero on any error.
      run('xmllint', ['--noout', '--nonet', '-'], { input: content, stdio: ['pipe', 'pipe', 'pipe'] });
      assert.ok(content.startsWith('<?xml'), `${part} has its XML declaration`);
    }
    assert.match(xml['word/footer1.xml'], /<w:instrText[^>]*> PAGE <\/w:instrText>/, 'page number field in the footer');
    assert.match(xml['word/document.xml'], /<w:pgSz w:w="11906" w:h="16838"\/>/, 'A4');

    // The printed HTML's text, block by block, is the Word file's text in the same order.
    const html = readFileSync(`${base}.html`, 'utf8')
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<section class="incomplete[\s\S]*?<\/section>/g, '')
      .replace(/<div class="seal"[^>]*>[\s\S]*?<\/div>/g, '')
      .replace(/<span class="blank"><\/span>/g, '＿＿＿＿＿＿');
    const main = html.slice(html.indexOf('<main'));
    const decode = (s) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const blocks = [...main.matchAll(/<(p|h1|h2|td|th)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => squeeze(decode(m[2]))).filter(Boolean);
    const paragraphs = [...xml['word/document.xml'].matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)]
      .map((m) => squeeze(decode([...m[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')))).filter(Boolean);
    assert.ok(blocks.length >= 8, `the printed document has its blocks (${blocks.length})`);
    let at = 0;
    for (const block of blocks) {
      const found = paragraphs.indexOf(block, at);
      assert.ok(found >= 0, `in the Word file, in order: "${block}"`);
      at = found + 1;
    }
    assert.equal(paragraphs[0], squeeze(doc.fields.sender.name), 'the Word file opens with the organ\'s name');
  });
}
