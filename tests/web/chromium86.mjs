// Chromium 86.0.4240 (the core of 360安全浏览器 13 on Windows 7/XP), as shipped inside the npm package
// chrome-aws-lambda@5.3.1 and driven by puppeteer-core@5.3.1 (both pinned dev dependencies).
// It has no CJK fonts: tests on it assert on the DOM, never on pixels.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function launch86() {
  // The package unpacks its brotli'd browser only when it believes it runs in AWS Lambda, and then
  // points LD_LIBRARY_PATH (and fontconfig) at its own libraries: those settings go to Chromium 86
  // alone, and this process's environment is put back, so that other browsers started later in the
  // same process (Debian's Chromium) do not load its old NSS.
  const saved = { ...process.env };
  process.env.AWS_LAMBDA_FUNCTION_NAME ||= 'referral-assistant-tests';
  process.env.AWS_EXECUTION_ENV ||= 'AWS_Lambda_nodejs12.x';
  try {
    const chromium = require('chrome-aws-lambda');
    const executablePath = await chromium.executablePath;
    const env = { ...process.env };
    // Without --single-process (the Lambda setting), so that each test gets a fresh incognito context.
    const args = chromium.args.filter((a) => a !== '--single-process');
    return await chromium.puppeteer.launch({ executablePath, args, headless: true, env });
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

// A fresh incognito context and page recording console errors, page errors and failed requests.
export async function open86(browser, { javaScript = true } = {}) {
  const context = await browser.createIncognitoBrowserContext();
  const page = await context.newPage();
  const problems = [];
  const messages = [];
  page.on('console', (m) => { messages.push(`${m.type()}: ${m.text()}`); if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  if (!javaScript) await page.setJavaScriptEnabled(false);
  return { context, page, problems, messages };
}
