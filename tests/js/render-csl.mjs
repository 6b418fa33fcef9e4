// Render a CSL-JSON file with citeproc-js (through citation-js) in the given CSL styles.
//
//   node render-csl.mjs quotes.json STYLE.csl...
//
// Prints one JSON object: {"items": <the items as citation-js read them>,
// "styles": {"<style file name>": ["<bibliography entry as plain text>", ...]}}.
// Exits non-zero, with the reason on stderr, when citation-js cannot read the file.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Cite, plugins } from "@citation-js/core";
import "@citation-js/plugin-csl";

const [input, ...styles] = process.argv.slice(2);
if (!input || styles.length === 0) {
  console.error("usage: node render-csl.mjs quotes.json STYLE.csl...");
  process.exit(2);
}
const data = JSON.parse(readFileSync(input, "utf8"));
const cite = new Cite(data, { forceType: "@csl/list+object" });
const templates = plugins.config.get("@csl").templates;
const out = { items: cite.data, styles: {} };
for (const file of styles) {
  const name = basename(file, ".csl");
  templates.add(name, readFileSync(file, "utf8"));
  const text = cite.format("bibliography", { format: "text", template: name, lang: "en-US" });
  out.styles[name] = text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
}
process.stdout.write(JSON.stringify(out));
