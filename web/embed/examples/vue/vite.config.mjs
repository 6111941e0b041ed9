// The Vue 3 example portal (web/EMBEDDING.md), built by scripts/bundle.mjs into dist/embed/examples/vue/,
// where the element's own files are two folders up (dist/embed/). Under the portal's strict CSP: no
// inline script or style in the output, Vue's runtime-only build (templates compiled here, no eval).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = path.dirname(fileURLToPath(import.meta.url));
export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'referral-assistant' } } })],
  build: {
    outDir: path.resolve(here, '../../../../dist/embed/examples/vue'),
    emptyOutDir: true,
    target: ['chrome86', 'firefox78', 'safari13'],
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
