// Prints packet documents the way an official's browser does, and exports each as the wizard's Word file.
// For every NN-document.html in the given packet folders: NN-document.pdf (headless Chromium through
// playwright-core, page.pdf: A4 from the document's own @page rule, print media, no browser header or
// footer) and NN-document.docx (web/js/components/docx run in the same browser on the same HTML).
//
// Usage: node tests/print/print-pdf.mjs DIR...   (scripts/print-documents makes the folders)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { launch, root } from '../web/support.mjs';

// The Word export as one script for the page (it imports fflate by its bare name).
function docxScript() {
  const out = buildSync({
    entryPoints: [`${root}/web/js/components/docx/docx.js`], bundle: true, format: 'iife', globalName: 'ReferralDocx',
    write: false, logLevel: 'silent', target: 'es2020',
  });
  return out.outputFiles[0].text;
}

export async function printFolders(dirs) {
  const browser = await launch();
  const script = docxScript();
  const printed = [];
  try {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    for (const dir of dirs) {
      for (const name of readdirSync(dir).filter((f) => /^\d\d-.*\.html$/.test(f)).sort()) {
        const html = path.join(dir, name);
        await page.goto(pathToFileURL(path.resolve(html)).href);
        await page.evaluate(() => document.fonts.ready);
        const pdf = html.replace(/\.html$/, '.pdf');
        await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, displayHeaderFooter: false, printBackground: true });
        // The document's CSP refuses scripts; the Word export runs in a blank page of the same browser.
        const docxPage = await context.newPage();
        await docxPage.setContent('<!DOCTYPE html><title>docx</title>');
        await docxPage.addScriptTag({ content: script });
        const bytes = await docxPage.evaluate((text) => Array.from(ReferralDocx.docxFromHtml(text)), readFileSync(html, 'utf8'));
        await docxPage.close();
        const docx = html.replace(/\.html$/, '.docx');
        writeFileSync(docx, Buffer.from(bytes));
        printed.push({ html, pdf, docx });
      }
    }
  } finally {
    await browser.close();
  }
  return printed;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dirs = process.argv.slice(2);
  if (!dirs.length) { console.error('usage: node tests/print/print-pdf.mjs DIR...'); process.exit(2); }
  for (const p of await printFolders(dirs)) console.log(`print-documents: ${p.pdf}, ${p.docx}`);
}
