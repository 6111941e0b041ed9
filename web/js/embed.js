// Entry of the embed build: the stylesheet, engine script and .wasm sit next to this file.
import startup from 'referral:startup';
import { defineReferralAssistant } from './element.js';

const here = new URL('.', import.meta.url);
defineReferralAssistant({ cssHref: new URL('referral-assistant.css', here).href, engineBase: here.href, startup,
  documentCssHref: new URL('referral-document.css', here).href, offlineHref: new URL('referral-assistant.html', here).href });
