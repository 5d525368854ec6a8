// Prints planalign's HTML report to PDF in headless Chromium, as a policy officer printing the
// Cabinet report would, and checks that no page ends with a heading, a table caption or a
// table's header row: each must stay with what follows it. The page text comes from
// pdftotext (poppler-utils). Exits 1 on any problem.
//
//   node print.mjs REPORT.html
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report] = process.argv.slice(2);
if (!report) {
  console.error("usage: node print.mjs REPORT.html");
  process.exit(2);
}
const words = (text) => text.split(/\s+/).filter(Boolean).join(" ");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const dir = mkdtempSync(join(tmpdir(), "planalign-print-"));
const pdf = join(dir, "report.pdf");
let headings;
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(resolve(report)).href);
  headings = await page.$$eval("h1, h2, h3, h4, caption, thead", (nodes) =>
    nodes.map((n) => n.innerText),
  );
  await page.pdf({ path: pdf, format: "A4", margin: { top: "2cm", bottom: "2cm", left: "2cm", right: "2cm" } });
} finally {
  await browser.close();
}
headings = headings.map(words).filter((h) => h.length > 0);
const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
rmSync(dir, { recursive: true });
const pages = text.split("\f").filter((p) => p.trim().length > 0);
const problems = [];
pages.slice(0, -1).forEach((page, i) => {
  const lines = page.split("\n").map(words).filter(Boolean);
  // A heading or header row may wrap over a few lines: the page's last one to four lines
  // are it, word for word (a table row that repeats a heading's text has its other cells
  // on its first line, so it is not taken for the heading).
  const tails = [1, 2, 3, 4].map((k) => lines.slice(-k).join(" "));
  const stranded = headings.find((h) => tails.includes(h));
  if (stranded) problems.push(`page ${i + 1} ends with "${stranded}"`);
});
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${report}: ${pages.length} printed pages, each heading and table header with what follows it`);
