// Entry of the single-file build: the engine is an inlined global, the CSS is inlined text.
import appCss from '../css/app.css';
import themeCss from '../css/theme.css';
import startup from 'referral:startup';
import { defineReferralAssistant } from './element.js';

defineReferralAssistant({ css: `${appCss}\n${themeCss}`, engineBase: document.baseURI, startup, single: true });
