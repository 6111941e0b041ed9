// Entry of the single-file build: the engine is an inlined global, the CSS is inlined text.
import css from '../css/app.css';
import startup from 'referral:startup';
import { defineReferralAssistant } from './element.js';

defineReferralAssistant({ css, engineBase: document.baseURI, startup });
