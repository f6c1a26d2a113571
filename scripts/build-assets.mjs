// The minified copies of glossary.js and glossary.css for Zensical (glossary_plugin/assets/inline/):
// pages carry them inline under `zensical serve`, and `zensical build` publishes the `.file` scripts
// and the stylesheets as files. `npm run build:assets` writes them, `npm run check:assets`
// fails when a committed copy differs from a fresh build (tests/test_zensical_assets.py runs it).
//
// Each copy leaves out what it cannot use. glossary.js reads two switches that terser sets here and
// then drops the code they turn off: GLOSSARY_INLINE (no script URL, so no definitions file to read) and
// GLOSSARY_TERMS_ONLY (no filter box or A-Z bar off the glossary page). glossary.css is cut at
// its "glossary page only" line for the other pages.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { transform } from "esbuild";
import { minify } from "terser";

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), "..", "glossary_plugin", "assets");
const GLOSSARY_PAGE_ONLY = "/* == The glossary page only";

async function script(source, switches) {
  const result = await minify(source, {
    ecma: 5,
    compress: { global_defs: switches, passes: 2 },
    mangle: true,
    format: { comments: false }
  });
  return result.code + "\n";
}

async function style(source) {
  const result = await transform(source, { loader: "css", minify: true, logLevel: "error" });
  return result.code;
}

async function build() {
  const js = await readFile(join(ASSETS, "glossary.js"), "utf8");
  const css = await readFile(join(ASSETS, "glossary.css"), "utf8");
  const cut = css.indexOf(GLOSSARY_PAGE_ONLY);
  if (cut === -1) throw new Error(`glossary.css: the line starting "${GLOSSARY_PAGE_ONLY}" is missing`);
  const outputs = {
    "page.min.js": await script(js, { GLOSSARY_INLINE: true, GLOSSARY_TERMS_ONLY: true }),
    "glossary-page.min.js": await script(js, { GLOSSARY_INLINE: true }),
    // The copies `zensical build` publishes as files: they read definitions.json beside them.
    "page.file.min.js": await script(js, { GLOSSARY_TERMS_ONLY: true }),
    "glossary-page.file.min.js": await script(js, {}),
    "page.min.css": await style(css.slice(0, cut)),
    "glossary-page.min.css": await style(css)
  };
  for (const [name, text] of Object.entries(outputs)) {
    // Inline, `</script` or `</style` would end the element early.
    if (/<\/(script|style)/i.test(text)) throw new Error(`${name}: holds a closing </script> or </style> tag`);
  }
  return outputs;
}

const check = process.argv.includes("--check");
const stale = [];
for (const [name, text] of Object.entries(await build())) {
  const path = join(ASSETS, "inline", name);
  if (!check) {
    await writeFile(path, text, "utf8");
    continue;
  }
  const committed = await readFile(path, "utf8").catch(() => null);
  if (committed !== text) stale.push(`glossary_plugin/assets/inline/${name}`);
}
if (stale.length) {
  console.error(`out of date with glossary.js/glossary.css: ${stale.join(", ")}; run \`npm run build:assets\``);
  process.exit(1);
}
