// docx — a printed document of the packet as an editable Word file (.docx, WordprocessingML), for the
// office's OA system to number and seal. Made from the engine's own rendering of the document (one
// wording only): the page's paragraphs, headings and tables in order, with the layout the print has
// (organ head line in red over a red rule — for a 函, 信函格式: a red double line under the organ and the 文号 at the right —, centred title, 附件说明 with hanging items, 落款 with the date
// 右空四字 and the organ's name centred over it, the contact as 附注); the incomplete-notice is left out, the
// 回执 starts a new page. Tables keep their rows whole and their head row repeating. fflate zips the parts.
// docs/PRINTING.md says how the file was checked in LibreOffice.
//
// Input: docxFromHtml(html, DOMParserClass) → Uint8Array (the .docx bytes).
import { zipSync } from 'fflate';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Fonts by the names official documents use (仿宋_GB2312, 方正小标宋简体, 黑体); word/fontTable.xml names what a
// word processor takes where one is missing (仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体), as the print's CSS chains do.
const FONT = '<w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:cs="仿宋_GB2312"/>';
const TITLE_FONT = '<w:rFonts w:ascii="方正小标宋简体" w:eastAsia="方正小标宋简体" w:hAnsi="方正小标宋简体" w:cs="方正小标宋简体"/>';
const HEI_FONT = '<w:rFonts w:ascii="黑体" w:eastAsia="黑体" w:hAnsi="黑体" w:cs="黑体"/>';
const LINE = 579;  // 三号 body on 22 lines a page: 28.95 pt, exactly (GB/T 9704-2012)
const EM = 320;    // one character of 三号 (16 pt) in twentieths of a point

// One paragraph: text, alignment, size in half-points, first-line indent (2 characters) or another indent
// (twips: left, hanging, right), line spacing, a rule under it, kept with the next paragraph or not.
function para(text, { align = 'both', size = 32, indent = true, ind = null, color = null, font = FONT, pageBreakBefore = false,
  spacingBefore = 0, spacingAfter = 0, line = LINE, rule = null, keepNext = false } = {}) {
  const indXml = ind ? `<w:ind w:left="${ind.left ?? 0}" w:right="${ind.right ?? 0}"${ind.hanging ? ` w:hanging="${ind.hanging}"` : ' w:firstLine="0"'}/>`
    : indent ? `<w:ind w:firstLineChars="200" w:firstLine="${2 * EM}"/>` : '<w:ind w:firstLine="0"/>';
  // No automatic space between Chinese and digits (启市监移〔2026〕12号 stays as typed, as in the print).
  const ppr = `<w:pPr>${keepNext ? '<w:keepNext/>' : ''}${pageBreakBefore ? '<w:pageBreakBefore/>' : ''}` +
    `${rule ? `<w:pBdr><w:bottom w:val="${rule.val ?? 'single'}" w:sz="${rule.size}" w:space="8" w:color="${rule.color}"/></w:pBdr>` : ''}` +
    '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>' +
    `<w:spacing w:before="${spacingBefore}" w:after="${spacingAfter}" w:line="${line}" w:lineRule="exact"/>${indXml}<w:jc w:val="${align}"/></w:pPr>`;
  const rpr = `<w:rPr>${font}${color ? `<w:color w:val="${color}"/>` : ''}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`;
  return `<w:p>${ppr}<w:r>${rpr}<w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

// Column widths (of 8844 twips, the type area) by the table's head row: the party table and the 材料清单.
const WIDTHS = {
  名称或姓名: [0.36, 0.14, 0.50],
  序号: [0.08, 0.23, 0.20, 0.15, 0.34],
};
function table(el) {
  const trs = [...el.querySelectorAll('tr')];
  const columns = trs[0]?.children.length ?? 1;
  const shares = WIDTHS[trs[0]?.children[0]?.textContent.trim()];
  const widths = [...Array(columns)].map((_, i) => Math.floor(8844 * (shares?.length === columns ? shares[i] : 1 / columns)));
  // A row is never split across pages; the head row repeats on the next page; a short table (up to 6 rows)
  // is kept on one page (each row kept with the next), as the print keeps it.
  const keep = trs.length <= 6;
  const rows = trs.map((tr, r) => `<w:tr><w:trPr><w:cantSplit/>${tr.parentElement.tagName === 'THEAD' || (r === 0 && tr.querySelector('th')) ? '<w:tblHeader/>' : ''}</w:trPr>` +
    [...tr.children].map((td, c) => `<w:tc><w:tcPr><w:tcW w:w="${widths[c]}" w:type="dxa"/></w:tcPr>` +
      `${para(td.textContent.trim(), { align: 'left', size: td.classList.contains('digest') ? 16 : 28, indent: false, line: td.classList.contains('digest') ? 240 : 420, keepNext: keep && r < trs.length - 1 })}</w:tc>`).join('') + '</w:tr>');
  const border = (side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const grid = `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  return `<w:tbl><w:tblPr><w:tblW w:w="8844" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>` +
    `<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>${grid}${rows.join('')}</w:tbl>`;
}

// Width of a line of 三号 text in characters (a Chinese character 1, a Latin letter, digit or space ½).
const widthOf = (text) => [...text].reduce((n, ch) => n + (ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);

// 落款 (GB/T 9704-2012 7.3.5.1): the 成文日期 右空四字, the organ's name centred over it. The seal is stamped
// over both by the office (no mark here).
function signature(el) {
  const [name, date] = [...el.querySelectorAll('p')].map((p) => p.textContent.trim());
  const dateRight = 4 * EM;
  const nameRight = Math.max(0, Math.round(dateRight + ((widthOf(date ?? '') - widthOf(name ?? '')) / 2) * EM));
  return [
    // One line of room above for the seal's top, as the print has.
    para('', { indent: false, keepNext: true }),
    para(name ?? '', { align: 'right', ind: { right: nameRight }, keepNext: true }),
    para(date ?? '', { align: 'right', ind: { right: dateRight } }),
  ].join('');
}

export function docxBody(doc) {
  const out = [];
  const walk = (root, inReceipt = false, letter = false) => {
    for (const el of root.children) {
      if (el.classList.contains('incomplete') || el.classList.contains('seal') || el.tagName === 'STYLE') continue;
      if (el.tagName === 'SECTION' && el.classList.contains('receipt')) { out.push('<w:p><w:r><w:br w:type="page"/></w:r></w:p>'); walk(el, true); continue; }
      if (el.classList.contains('signature')) { out.push(signature(el)); continue; }
      if (el.tagName === 'DIV' || el.tagName === 'SECTION') { walk(el, inReceipt, letter || el.classList.contains('letter')); continue; }
      const text = el.textContent.replace(/\s+/g, (m) => (m.includes('\n') ? '' : m)).trim();
      if (el.tagName === 'TABLE') out.push(table(el));
      else if (el.tagName === 'H1') out.push(para(text, { align: 'center', size: 44, indent: false, font: TITLE_FONT, spacingAfter: LINE, line: 640, keepNext: true }));
      else if (el.tagName === 'H2') out.push(para(text, { align: 'left', indent: false, font: HEI_FONT, keepNext: true }));
      // 信函格式 (GB/T 9704-2012 10.1): under the organ's name a red double line, thick over thin.
      else if (el.classList.contains('organ')) out.push(para(text, { align: 'center', size: 52, indent: false, color: 'C00000', font: TITLE_FONT, spacingAfter: 280, line: 728,
        rule: letter ? { val: 'thickThinSmallGap', size: 24, color: 'C00000' } : null }));
      // The 文号, and under it the red rule of the 版头.
      // A 函's 文号 at the right edge, with no rule of its own.
      else if (el.classList.contains('doc-number')) out.push(letter ? para(text, { align: 'right', indent: false, spacingAfter: 560 })
        : para(text, { align: 'center', indent: false, spacingAfter: 280, rule: { size: 16, color: 'C00000' } }));
      // 附件说明: "附件：1. …" 左空二字, later items and wrapped lines under the first item's text.
      else if (el.classList.contains('annex-first')) out.push(para(text, { align: 'left', ind: { left: 5 * EM, hanging: 3 * EM }, keepNext: true, spacingBefore: 280 }));
      else if (el.closest('.annex')) out.push(para(text, { align: 'left', ind: { left: 6.5 * EM, hanging: 1.5 * EM }, keepNext: true }));
      // The 材料清单's 依据 and the packet's digest: small print after the 落款, as on paper.
      else if (el.closest('.basis')) out.push(para(text, { align: 'left', size: 21, indent: false, line: 315, spacingBefore: el.previousElementSibling ? 0 : 960, keepNext: !el.previousElementSibling }));
      else if (el.tagName === 'FOOTER') out.push(para(text, { align: 'left', size: 18, indent: false, line: 260, spacingBefore: 400 }));
      else if (el.tagName === 'P') out.push(para(text, { indent: !(el.classList.contains('flush') || el.classList.contains('addressee')) }));
    }
  };
  walk(doc.querySelector('main') ?? doc.body);
  return out.join('');
}

const utf8 = new TextEncoder();
export function docxFromHtml(html, DOMParserClass = globalThis.DOMParser) {
  // Without its <style> (not needed here, and refused by a portal's CSP even in a parsed copy).
  const doc = new DOMParserClass().parseFromString(html.replace(/<style[^>]*>[\s\S]*?<\/style>/g, ''), 'text/html');
  for (const blank of doc.querySelectorAll('.blank')) blank.textContent = '＿＿＿＿＿＿';  // a line to write on
  // A4, margins as GB/T 9704-2012 (37 / 35 / 28 / 26 mm), page numbers "— 1 —" in the footer.
  const sect = '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>' +
    '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>';
  const ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${ns}><w:body>${docxBody(doc)}${sect}</w:body></w:document>`;
  // Page numbers as GB/T 9704-2012 has them: 四号半角宋体阿拉伯数字 between dashes.
  const pageNumberRun = '<w:rPr><w:rFonts w:ascii="宋体" w:eastAsia="宋体" w:hAnsi="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>';
  const footer = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr ${ns}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
    `<w:r>${pageNumberRun}<w:t xml:space="preserve">— </w:t></w:r><w:r>${pageNumberRun}<w:fldChar w:fldCharType="begin"/></w:r><w:r>${pageNumberRun}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
    `<w:r>${pageNumberRun}<w:fldChar w:fldCharType="separate"/></w:r><w:r>${pageNumberRun}<w:t>1</w:t></w:r><w:r>${pageNumberRun}<w:fldChar w:fldCharType="end"/></w:r>` +
    `<w:r>${pageNumberRun}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`;
  // What a word processor takes for a font the PC lacks (Word reads w:altName).
  const fontEntry = (name, alt, family) => `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`;
  const fontTable = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts ${ns}>` +
    fontEntry('仿宋_GB2312', '仿宋', 'modern') + fontEntry('仿宋', 'FangSong', 'modern') + fontEntry('方正小标宋简体', '宋体', 'roman') +
    fontEntry('黑体', 'SimHei', 'modern') + fontEntry('宋体', 'SimSun', 'roman') + '</w:fonts>';
  const files = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
      '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>' +
      '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/></Relationships>',
    'word/document.xml': document,
    'word/footer1.xml': footer,
    'word/fontTable.xml': fontTable,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, utf8.encode(v)])), { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}
