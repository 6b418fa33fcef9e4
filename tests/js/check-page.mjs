// Open a page written by `quotecite extract --format html` in headless Chromium and
// report what a reader would see, as one JSON object on stdout:
//
//   node check-page.mjs page.html [screenshot.png]
//
// {"errors": [console errors, uncaught exceptions, failed or outside requests],
//  "ready": the page script ran, "articles": n, "verbatim": n, "reported": n,
//  "unstyled": [highlights without their colour], "speakers": [{"name", "count"}],
//  "tooltip": {"hidden", "onFocus", "onHover", "text"}, "brokenLinks": [hrefs without a
//  target], "filter": {"on", "others"}}
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [page_file, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  page.on("pageerror", (e) => errors.push("exception: " + e.message));
  page.on("requestfailed", (r) => errors.push("request failed: " + r.url()));
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) errors.push("outside request: " + r.url());
  });
  await page.goto(pathToFileURL(page_file).href, { waitUntil: "load" });

  const facts = await page.evaluate(() => {
    const all = (s, root = document) => Array.from(root.querySelectorAll(s));
    const bg = (e) => getComputedStyle(e).backgroundColor;
    const transparent = (c) => c === "rgba(0, 0, 0, 0)" || c === "transparent";
    const unstyled = [];
    for (const e of all(".qc-verbatim")) {
      if (transparent(bg(e))) unstyled.push("verbatim without a fill: " + e.textContent.slice(0, 40));
    }
    for (const e of all(".qc-reported")) {
      const s = getComputedStyle(e);
      if (s.borderBottomStyle !== "dashed") unstyled.push("reported without its underline: " + e.textContent.slice(0, 40));
      if (s.fontStyle !== "italic") unstyled.push("reported not set apart: " + e.textContent.slice(0, 40));
    }
    // Two verbatim highlights of different speakers differ in colour.
    const colours = {};
    for (const e of all(".qc-verbatim[data-speaker]")) colours[e.dataset.speaker] = bg(e);
    const brokenLinks = all("a[href^='#']")
      .map((a) => a.getAttribute("href").slice(1))
      .filter((id) => !document.getElementById(decodeURIComponent(id)));
    return {
      ready: document.documentElement.dataset.qcReady === "1",
      articles: all(".qc-article").length,
      verbatim: all(".qc-verbatim").length,
      reported: all(".qc-reported").length,
      unstyled,
      distinctColours: new Set(Object.values(colours)).size,
      speakersWithColour: Object.keys(colours).length,
      speakers: all(".qc-speakers li").map((li) => ({
        name: li.querySelector("b").textContent,
        count: Number(li.querySelector(".qc-count").textContent),
      })),
      brokenLinks,
      externalAssets: all("link[href], script[src], img[src]").length,
    };
  });

  const first = page.locator(".qc-q").first();
  const tip = first.locator(".qc-tip");
  const tooltip = { hidden: !(await tip.isVisible()) };
  await first.focus();
  tooltip.onFocus = await tip.isVisible();
  tooltip.text = await tip.innerText();
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await first.hover();
  tooltip.onHover = await tip.isVisible();
  facts.tooltip = tooltip;

  // The speaker filter: clicking the first speaker keeps only its quotations lit.
  await page.locator(".qc-speakers li").first().click();
  facts.filter = await page.evaluate(() => {
    const a = document.querySelector(".qc-article");
    const id = a.querySelector(".qc-speakers li").dataset.speaker;
    const lit = Array.from(a.querySelectorAll(".qc-q.qc-on"));
    return {
      dimmed: a.classList.contains("qc-dim"),
      on: lit.length,
      others: lit.filter((q) => q.dataset.speaker !== id).length,
    };
  });
  if (screenshot) {
    await page.locator(".qc-speakers li").first().click();
    await page.locator(".qc-q").nth(2).focus();
    await page.screenshot({ path: screenshot, fullPage: false });
  }
  process.stdout.write(JSON.stringify({ errors, ...facts }));
} finally {
  await browser.close();
}
