// ESLint for browser compatibility: the wizard's sources (web/js) may use no API that Chromium 86
// lacks (package.json "browserslist": chrome >= 86, the core of 360安全浏览器 13). Syntax is checked
// on the shipped files by es-check (scripts/check-browsers). And for the slips a bundler lets through
// with a warning: a key written twice in one object (the strings tables), a case written twice.
import compat from 'eslint-plugin-compat';

export default [
  {
    files: ['web/js/**/*.js'],
    languageOptions: { ecmaVersion: 2021, sourceType: 'module' },
    plugins: { compat },
    rules: { 'compat/compat': 'error', 'no-dupe-keys': 'error', 'no-duplicate-case': 'error', 'no-dupe-class-members': 'error' },
  },
];
