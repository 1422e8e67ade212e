import { describe, expect, it } from 'vitest';
import { findDependencyViolations, findImportViolations } from './boundaries';

describe('import boundaries', () => {
  it('allows imports along the documented direction', () => {
    const file = { packageName: 'services', path: 'x.ts', content: "import { createJob } from '@cronwise/db';" };
    expect(findImportViolations(file)).toEqual([]);
  });

  it('rejects an import against the direction', () => {
    const file = { packageName: 'db', path: 'x.ts', content: "import { something } from '@cronwise/services';" };
    expect(findImportViolations(file)).toEqual([{ path: 'x.ts', message: 'db must not import @cronwise/services' }]);
  });

  it('lets only packages/db import Prisma', () => {
    const content = "import { PrismaClient } from '@prisma/client';";
    expect(findImportViolations({ packageName: 'services', path: 's.ts', content })).toHaveLength(1);
    expect(findImportViolations({ packageName: 'db', path: 'd.ts', content })).toEqual([]);
  });

  it('lets the web app import the api for types only', () => {
    const typeOnly = "import type { AppRouter } from '@cronwise/api';";
    const runtime = "import { appRouter } from '@cronwise/api';";
    expect(findImportViolations({ packageName: 'web', path: 'w.ts', content: typeOnly })).toEqual([]);
    expect(findImportViolations({ packageName: 'web', path: 'w.ts', content: runtime })).toHaveLength(1);
  });

  it('keeps the domain free of clocks, randomness and environment', () => {
    const content = 'export const now = () => Date.now();\nconst r = Math.random();';
    const messages = findImportViolations({ packageName: 'domain', path: 'd.ts', content }).map((v) => v.message);
    expect(messages).toEqual([
      'domain must stay pure: found Date.now() (pass the time in as a parameter)',
      'domain must stay pure: found Math.random() (pass randomness in as a parameter)',
    ]);
  });

  it('flags a package.json dependency against the direction', () => {
    expect(findDependencyViolations('jobs', ['@cronwise/domain', '@cronwise/db', 'zod'])).toEqual([
      { path: 'jobs/package.json', message: 'jobs must not depend on @cronwise/db' },
    ]);
  });
});
