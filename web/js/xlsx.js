// SheetJS (@e965/xlsx 0.20.3, its xlsx.mini.min.js: XLSX read and write, ~86 KB gzip), for the
// ledger's workbooks (components/ledger) and the catalogue import's .xlsx (components/catalogue-import).
// Too big to parse with the page, so it runs only when a workbook is first written or read, through
// the engine's helper loader: the single file carries it as a non-executed deflated block
// (scripts/bundle.mjs), the embed serves it as referral-xlsx.js beside the element (same origin,
// strict CSP). Resolves to the global XLSX the script defines.
import { loadHelper } from './engine.js';

let loading = null;
export function loadXlsx(base) {
  loading ??= (async () => {
    let XLSX;
    try {
      XLSX = await loadHelper('XLSX', 'referral-xlsx.js', base);
    } catch {
      throw new Error('无法加载表格组件（referral-xlsx.js）');
    }
    if (!XLSX?.utils) throw new Error('表格组件未能启动');
    return XLSX;
  })();
  loading.catch(() => { loading = null; });
  return loading;
}
