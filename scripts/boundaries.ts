/**
 * Import directions of product.md §1, checked over package.json dependencies and
 * over every import in the sources. Biome's noRestrictedImports covers the same
 * ground per folder; this check also catches a dependency declared in the wrong place.
 */
export const ALLOWED_WORKSPACE_IMPORTS: Record<string, readonly string[]> = {
  domain: [],
  db: ['domain'],
  jobs: ['domain'],
  services: ['db', 'jobs', 'domain'],
  api: ['services', 'domain'],
  sdk: [],
  server: ['api', 'services', 'db', 'jobs', 'domain', 'mcp'],
  worker: ['services', 'jobs', 'db', 'domain'],
  cli: ['services', 'jobs', 'db', 'domain'],
  mcp: ['sdk'],
  web: ['api'],
};

/** Packages that may import the Prisma client directly. */
const PRISMA_IMPORTERS = new Set(['db']);

export interface SourceFile {
  /** Workspace package name without scope, e.g. "services". */
  packageName: string;
  path: string;
  content: string;
}

export interface Violation {
  path: string;
  message: string;
}

const IMPORT_PATTERN =
  /(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const IMPURE_DOMAIN_PATTERNS: [RegExp, string][] = [
  [/\bDate\.now\(/, 'Date.now() (pass the time in as a parameter)'],
  [/\bnew Date\(\s*\)/, 'new Date() without an argument (pass the time in as a parameter)'],
  [/\bMath\.random\(/, 'Math.random() (pass randomness in as a parameter)'],
  [/\bprocess\.env\b/, 'process.env (configuration belongs to the apps)'],
];

export function findImportViolations(file: SourceFile): Violation[] {
  const violations: Violation[] = [];
  const allowed = ALLOWED_WORKSPACE_IMPORTS[file.packageName];
  if (!allowed) return [{ path: file.path, message: `unknown workspace package "${file.packageName}"` }];
  for (const match of file.content.matchAll(IMPORT_PATTERN)) {
    const isTypeOnly = Boolean(match[1]);
    const specifier = match[2] ?? match[3] ?? '';
    const workspaceTarget = /^@cronwise\/([^/]+)/.exec(specifier)?.[1];
    if (workspaceTarget && workspaceTarget !== file.packageName) {
      if (!allowed.includes(workspaceTarget)) {
        violations.push({
          path: file.path,
          message: `${file.packageName} must not import @cronwise/${workspaceTarget}`,
        });
      } else if (file.packageName === 'web' && !isTypeOnly) {
        violations.push({
          path: file.path,
          message: 'web may import the api package for types only (use `import type`)',
        });
      }
    }
    const isPrismaImport = specifier.startsWith('@prisma/') || specifier.includes('generated/prisma');
    if (isPrismaImport && !PRISMA_IMPORTERS.has(file.packageName)) {
      violations.push({ path: file.path, message: `only packages/db may import Prisma (found "${specifier}")` });
    }
  }
  if (file.packageName === 'domain' && !file.path.endsWith('.test.ts')) {
    for (const [pattern, description] of IMPURE_DOMAIN_PATTERNS) {
      if (pattern.test(file.content))
        violations.push({ path: file.path, message: `domain must stay pure: found ${description}` });
    }
  }
  return violations;
}

export function findDependencyViolations(packageName: string, dependencies: string[]): Violation[] {
  const allowed = ALLOWED_WORKSPACE_IMPORTS[packageName] ?? [];
  return dependencies
    .filter((name) => name.startsWith('@cronwise/'))
    .map((name) => name.slice('@cronwise/'.length))
    .filter((target) => !allowed.includes(target))
    .map((target) => ({
      path: `${packageName}/package.json`,
      message: `${packageName} must not depend on @cronwise/${target}`,
    }));
}
