// Shared paths and the headless browser for the web tests.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = `${root}/build/wasm/bin`;
export const dist = `${root}/dist`;
