// Checks GitLab CI files against GitLab's own CI schema, the copy that gitlab-ci-local ships
// and checks pipelines with (read with the same Ajv options): node gitlab-schema.mjs FILE...
// exits 1 if any file breaks it. Only the schema is taken from gitlab-ci-local, so its
// native parts need not be built (npm ci --ignore-scripts). A file with `include:` would
// need expanding first; planalign's GitLab job has none.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import yaml from "js-yaml";
import { schema } from "gitlab-ci-local/src/schema/schema.js";

const ajv = new Ajv({
  allErrors: true,
  allowUnionTypes: true,
  validateFormats: false,
  strictTypes: false,
  keywords: ["markdownDescription"],
});
const validate = ajv.compile(schema);
let failed = 0;
for (const file of process.argv.slice(2)) {
  const config = yaml.load(readFileSync(file, "utf8"));
  if (validate(config)) {
    console.log(`gitlab-schema: ${file}: ok`);
  } else {
    failed += 1;
    for (const e of validate.errors) console.log(`${file}: ${e.instancePath || "/"} ${e.message}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
