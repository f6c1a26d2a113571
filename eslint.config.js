// ESLint for glossary_plugin's browser script (npm run lint; scripts/test.sh runs it).
// glossary.js is a classic <script>: one strict-mode IIFE in ES5 syntax, no
// modules, no build step, no dependencies. The parser is held to ES5, so any
// later syntax (let, const, arrow functions, classes, ...) is an error.
"use strict";

const js = require("@eslint/js");

// The browser globals the script may use, and no others: an undeclared name
// that a browser happens to define on window (name, status, event, length,
// ...) is then a no-undef finding instead of a silent bug.
const BROWSER_GLOBALS = {
  window: "readonly",
  document: "readonly",
  DOMParser: "readonly",
  MutationObserver: "readonly",
  URL: "readonly"
};

module.exports = [
  // Built from glossary.js by scripts/build-assets.mjs (minified): the source is what is linted.
  { ignores: ["glossary_plugin/assets/inline/**"] },
  {
    files: ["glossary_plugin/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: BROWSER_GLOBALS
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error"
    },
    rules: {
      ...js.configs.recommended.rules,
      // ES5 has no optional catch binding: `catch (error)` must name what it ignores.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      strict: ["error", "function"],
      "no-implicit-globals": "error",
      "no-use-before-define": ["error", { functions: false }],
      "no-shadow": ["error", { builtinGlobals: false }],
      eqeqeq: "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-script-url": "error",
      // Text goes in with textContent; markup only through DOMParser's inert document.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Set text with textContent." },
        { property: "outerHTML", message: "Set text with textContent." },
        { property: "insertAdjacentHTML", message: "Set text with textContent." },
        { object: "document", property: "write", message: "Build nodes instead." },
        { object: "document", property: "writeln", message: "Build nodes instead." }
      ]
    }
  }
];
