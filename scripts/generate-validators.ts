// Regenerate src/core/schema/validators.generated.ts after a change to schemas/*.schema.json.
// Usage: node --import tsx scripts/generate-validators.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateValidatorSource } from '../src/core/schema/standalone';

const target = path.resolve(__dirname, '../src/core/schema/validators.generated.ts');
writeFileSync(target, generateValidatorSource());
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
