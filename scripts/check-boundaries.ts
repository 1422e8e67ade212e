import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findDependencyViolations, findImportViolations, type Violation } from './boundaries';

const ROOT = path.resolve(import.meta.dirname, '..');

async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'generated' && entry.name !== 'dist')
        files.push(...(await listSources(full)));
    } else if (/\.(ts|tsx)$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

async function main(): Promise<void> {
  const violations: Violation[] = [];
  for (const group of ['apps', 'packages']) {
    for (const name of await readdir(path.join(ROOT, group)).catch(() => [] as string[])) {
      const packageDir = path.join(ROOT, group, name);
      const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8').catch(() => '{}'));
      violations.push(
        ...findDependencyViolations(name, [
          ...Object.keys(manifest.dependencies ?? {}),
          ...Object.keys(manifest.devDependencies ?? {}),
        ]),
      );
      for (const file of await listSources(path.join(packageDir, 'src'))) {
        const content = await readFile(file, 'utf8');
        violations.push(...findImportViolations({ packageName: name, path: path.relative(ROOT, file), content }));
      }
    }
  }
  if (violations.length > 0) {
    for (const violation of violations) console.error(`${violation.path}: ${violation.message}`);
    console.error(`\n${violations.length} import boundary violation(s); see product.md §1 and ARCHITECTURE.md.`);
    process.exit(1);
  }
  console.log('import boundaries: ok');
}

await main();
