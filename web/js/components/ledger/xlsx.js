// The SheetJS build (@e965/xlsx, its xlsx.mini.min.js), loaded only when a workbook is written or read: it costs more than
// 100 KB gzip, so it is neither parsed with the page nor part of the element's bundle. The embed
// serves it as referral-xlsx.js beside the element (same origin, strict CSP); the single file carries
// it as a non-executed, deflated <script type="text/plain" id="referral-xlsx"> block run from a blob:
// URL on first use (scripts/bundle.mjs), so that the file still works from disk.
import { inflateSync } from 'fflate';

function inject(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error('无法加载表格组件（referral-xlsx.js）'));
    document.head.append(s);
  });
}

let loading = null;
export function loadXlsx(base) {
  if (globalThis.ReferralXlsx) return Promise.resolve(globalThis.ReferralXlsx);
  loading ??= (async () => {
    const data = document.getElementById('referral-xlsx');
    if (data) {
      const binary = atob(data.textContent.trim());
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
      const url = URL.createObjectURL(new Blob([inflateSync(bytes)], { type: 'text/javascript' }));
      try { await inject(url); } finally { URL.revokeObjectURL(url); }
    } else {
      await inject(new URL('referral-xlsx.js', base).href);
    }
    // The SheetJS "mini" script defines the global XLSX.
    if (!globalThis.XLSX?.utils) throw new Error('表格组件未能启动');
    globalThis.ReferralXlsx = globalThis.XLSX;
    return globalThis.ReferralXlsx;
  })();
  loading.catch(() => { loading = null; });
  return loading;
}
