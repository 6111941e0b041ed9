// docx — a printed document of the packet as an editable Word file (.docx, WordprocessingML), for the
// office's OA system to number and seal. Made from the engine's own rendering of the document (one
// wording only): the page's paragraphs, headings and tables in order, with the layout the print has
// (organ head line in red, centred title, 落款 to the right); the incomplete-notice and the 回执's page
// break are left out or kept as a page break. fflate zips the parts.
//
// Input: docxFromHtml(html, DOMParserClass) → Uint8Array (the .docx bytes).
import { zipSync } from 'fflate';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FONT = '<w:rFonts w:ascii="FangSong" w:eastAsia="仿宋" w:hAnsi="FangSong"/>';
const TITLE_FONT = '<w:rFonts w:ascii="SimSun" w:eastAsia="方正小标宋简体" w:hAnsi="SimSun"/>';

// One paragraph: text, alignment, size in half-points, first-line indent (2 characters) or not.
function para(text, { align = 'both', size = 32, indent = true, color = null, font = FONT, pageBreakBefore = false, spacingAfter = 0 } = {}) {
  const ppr = `<w:pPr>${pageBreakBefore ? '<w:pageBreakBefore/>' : ''}<w:spacing w:line="579" w:lineRule="exact" w:after="${spacingAfter}"/>` +
    `${indent ? '<w:ind w:firstLineChars="200" w:firstLine="640"/>' : ''}<w:jc w:val="${align}"/></w:pPr>`;
  const rpr = `<w:rPr>${font}${color ? `<w:color w:val="${color}"/>` : ''}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`;
  return `<w:p>${ppr}<w:r>${rpr}<w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

function table(el) {
  const rows = [...el.querySelectorAll('tr')].map((tr) => `<w:tr>${[...tr.children].map((td) =>
    `<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>${para(td.textContent.trim(), { align: 'left', size: 28, indent: false })}</w:tc>`).join('')}</w:tr>`);
  const border = (side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const columns = el.querySelector('tr')?.children.length ?? 1;
  const grid = `<w:tblGrid>${`<w:gridCol w:w="${Math.floor(8844 / columns)}"/>`.repeat(columns)}</w:tblGrid>`;
  return `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders></w:tblPr>${grid}${rows.join('')}</w:tbl>`;
}

export function docxBody(doc) {
  const out = [];
  const walk = (root, inReceipt = false) => {
    for (const el of root.children) {
      if (el.classList.contains('incomplete') || el.classList.contains('seal') || el.tagName === 'STYLE') continue;
      if (el.tagName === 'SECTION' && el.classList.contains('receipt')) { out.push('<w:p><w:r><w:br w:type="page"/></w:r></w:p>'); walk(el, true); continue; }
      if (el.tagName === 'DIV' || el.tagName === 'SECTION') { walk(el, inReceipt); continue; }
      const text = el.textContent.replace(/\s+/g, (m) => (m.includes('\n') ? '' : m)).trim();
      if (el.tagName === 'TABLE') out.push(table(el));
      else if (el.tagName === 'H1') out.push(para(text, { align: 'center', size: 44, indent: false, font: TITLE_FONT, spacingAfter: 200 }));
      else if (el.tagName === 'H2') out.push(para(text, { align: 'left', indent: false, font: '<w:rFonts w:ascii="SimHei" w:eastAsia="黑体" w:hAnsi="SimHei"/>' }));
      else if (el.classList.contains('organ')) out.push(para(text, { align: 'center', size: 52, indent: false, color: 'C00000', font: TITLE_FONT, spacingAfter: 200 }));
      else if (el.classList.contains('doc-number')) out.push(para(text, { align: 'center', indent: false, spacingAfter: 200 }));
      else if (el.closest('.signature')) out.push(para(text, { align: 'right', indent: false }));
      else if (el.tagName === 'P' || el.tagName === 'FOOTER') out.push(para(text, { indent: !(el.classList.contains('flush') || el.classList.contains('addressee') || el.closest('.annex')) }));
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
  const footer = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr ${ns}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
    '<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>' +
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>' +
    '<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>';
  const files = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>',
    'word/document.xml': document,
    'word/footer1.xml': footer,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, utf8.encode(v)])), { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}
