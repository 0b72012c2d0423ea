// The reference validator of the conformance specs: @redocly/openapi-core (ESM-only, so run as a
// child process) with its `spec` ruleset. Prints [{ file, errors: [{ rule, message, pointer }] }].
import { createConfig, lint } from '@redocly/openapi-core';

const config = await createConfig({ extends: ['spec'] });
const out = [];
for (const file of process.argv.slice(2)) {
  const problems = await lint({ ref: file, config });
  out.push({
    file,
    errors: problems
      .filter((p) => p.severity === 'error')
      .map((p) => ({ rule: p.ruleId, message: p.message, pointer: p.location?.[0]?.pointer ?? '' })),
  });
}
process.stdout.write(JSON.stringify(out));
