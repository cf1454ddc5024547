// Runs one conformance kit with newman, adding the operator's bearer token as the
// collection's authorisation in memory: the kit's own file is read, never changed.
//   node run.js KIT.json VARIABLE=URL REPORT.json      (token in $CTK_BEARER_TOKEN)
"use strict";
const fs = require("fs");
const newman = require("newman");

const [kitPath, variable, reportPath] = process.argv.slice(2);
if (!kitPath || !variable || !reportPath || !variable.includes("=")) {
  console.error("usage: node run.js KIT.json VARIABLE=URL REPORT.json");
  process.exit(2);
}
const collection = JSON.parse(fs.readFileSync(kitPath, "utf8"));
collection.auth = {
  type: "bearer",
  bearer: [{ key: "token", value: process.env.CTK_BEARER_TOKEN || "", type: "string" }],
};
const [name, ...rest] = variable.split("=");
newman.run(
  {
    collection,
    envVar: [{ key: name, value: rest.join("=") }],
    reporters: ["json"],
    reporter: { json: { export: reportPath } },
    timeoutRequest: 30000,
  },
  (err) => {
    if (err) {
      console.error(`newman could not run ${kitPath}: ${err.message}`);
      process.exit(3);
    }
  },
);
