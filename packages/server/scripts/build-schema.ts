// Writes the committed schema.graphql from the Pothos builder, so schema changes show up in review.
// CI fails when the committed file differs from what the code builds (test/schema-drift.test.ts).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { buildSchema } from '../src/schema/index.js';

const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
fs.writeFileSync(target, printSchema(buildSchema()) + '\n');
console.log(`Wrote ${target}`);
