// reading.js — what the page shows while the reader reads a file the official chose (reader.js): the
// file's name and a 取消读取 button that stops the read at once; and the size checked before the
// file is even read into memory (File.size), with the limit of src/core/limits.h.
import { h, zh } from '../dom.js';
import { mib } from './zip-read.js';

// A read of `file`: {signal, line (the status line with its button), tooLarge(limit) → the message or
// null}. The button aborts the signal; the component shows line while it waits.
export function fileRead(file, t) {
  const controller = new AbortController();
  const cancel = h('button', { type: 'button', class: 'button secondary', 'data-cancel-read': '', onclick: () => controller.abort() }, t('fileReadCancel'));
  return {
    signal: controller.signal,
    line: h('span', { class: 'reading' }, t('fileReading', file.name), ' ', cancel),
    tooLarge: (limit) => (file.size > limit ? t('fileTooLarge', file.name, mib(limit)) : null),
    refused: (e) => t('fileNotRead', file.name, zh(e.message)),
    cancelled: () => t('fileReadCancelled', file.name),
  };
}
