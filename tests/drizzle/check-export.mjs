#!/usr/bin/env node
// Checks a `joinery export drizzle --out DIR` folder with the pinned toolchain:
//   1. `tsc --noEmit` (strict) accepts DIR/schema;
//   2. `drizzle-kit check` accepts DIR/migrations;
//   3. `drizzle-kit generate` over DIR/schema and DIR/migrations finds no schema changes.
// Usage: node tests/drizzle/check-export.mjs DIR   (after `npm ci` in tests/drizzle)
// Works on a copy in a temporary directory, so DIR is never modified.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const nodeModules = join(here, 'node_modules');
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node check-export.mjs DIR');
  process.exit(2);
}
if (!existsSync(join(nodeModules, 'drizzle-kit'))) {
  console.error(`${nodeModules} is missing: run \`npm ci\` in ${here}`);
  process.exit(2);
}
for (const sub of ['schema/index.ts', 'migrations/meta/_journal.json']) {
  if (!existsSync(join(dir, sub))) {
    console.error(`${join(dir, sub)} is missing: is ${dir} a \`joinery export drizzle\` folder?`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), 'joinery-drizzle-check-'));
try {
  cpSync(join(dir, 'schema'), join(work, 'schema'), { recursive: true });
  cpSync(join(dir, 'migrations'), join(work, 'migrations'), { recursive: true });
  symlinkSync(resolve(nodeModules), join(work, 'node_modules'));
  writeFileSync(
    join(work, 'drizzle.config.ts'),
    "import { defineConfig } from 'drizzle-kit';\n" +
      "export default defineConfig({ schema: './schema/index.ts', out: './migrations', dialect: 'postgresql' });\n",
  );
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        skipLibCheck: true,
        types: [],
      },
      include: ['schema/**/*.ts'],
    }),
  );
  const run = (script, args) =>
    execFileSync(process.execPath, [join(nodeModules, script), ...args], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  run('typescript/bin/tsc', ['-p', 'tsconfig.json']);
  console.log('tsc: ok');
  const check = run('drizzle-kit/bin.cjs', ['check']);
  if (!check.includes("Everything's fine")) throw new Error(`drizzle-kit check:\n${check}`);
  console.log('drizzle-kit check: ok');
  const generate = run('drizzle-kit/bin.cjs', ['generate']);
  if (!generate.includes('No schema changes, nothing to migrate')) {
    throw new Error(`drizzle-kit generate found changes:\n${generate}`);
  }
  console.log('drizzle-kit generate: no schema changes');
} catch (e) {
  console.error(e.stdout ?? '', e.stderr ?? '', e.message);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
