// The Vue 3 example portal: mounts the app, then loads the element from the embed folder two levels
// up (the portal serves the embed files beside its own; web/EMBEDDING.md).
import { createApp } from 'vue';
import App from './App.vue';
import './portal.css';

createApp(App).mount('#app');
const element = new URL('../../referral-assistant.js', document.baseURI).href;
import(/* @vite-ignore */ element);
