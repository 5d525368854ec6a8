// Opens planalign's HTML report in headless Chromium and checks it with axe-core against
// WCAG 2.0, 2.1 and 2.2 at levels A and AA. Also checks that the page makes no network
// requests and runs no script, and, given a plan title as a second argument, that the title
// shows as text. Exits 1 on any problem.
//
//   node axe.mjs REPORT.html [EXPECTED-TEXT]
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [report, expectedText] = process.argv.slice(2);
if (!report) {
  console.error("usage: node axe.mjs REPORT.html [EXPECTED-TEXT]");
  process.exit(2);
}
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  const page = await browser.newPage();
  page.on("dialog", async (dialog) => {
    problems.push(`the page opened a dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  const url = pathToFileURL(resolve(report)).href;
  page.on("request", (request) => {
    if (request.url() !== url) problems.push(`the page requested ${request.url()}`);
  });
  await page.goto(url);
  const scripts = await page.locator("script").count();
  if (scripts > 0) problems.push(`the page has ${scripts} script elements`);
  if (expectedText) {
    const text = await page.locator("body").innerText();
    if (!text.includes(expectedText)) problems.push(`the page does not show ${expectedText} as text`);
  }
  // axe is injected only after the checks above, which are about the page as written.
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"] },
    }),
  );
  for (const v of results.violations) {
    const where = v.nodes.slice(0, 5).map((n) => n.target.join(" "));
    if (v.nodes.length > 5) where.push(`… and ${v.nodes.length - 5} more`);
    problems.push(`${v.id} (${v.impact}): ${v.help}\n    ${where.join("\n    ")}`);
  }
  console.log(`axe-core ${results.testEngine.version}: ${results.passes.length} rules pass, ${results.violations.length} violations`);
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${report}: no accessibility violations, no scripts, no network requests`);
