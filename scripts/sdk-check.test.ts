import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appRouter } from '@cronwise/api';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeDrift, findDrift, generateSdkArtifacts } from './sdk-generation';

const scratchDirs: string[] = [];
afterAll(async () => {
  await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

type ProcedureWithOutput = { _def: { output: z.ZodObject } };

/** Runs `work` while the `jobs.get` procedure answers with one more field, as an edited DTO would. */
async function withChangedJobOutput<T>(work: () => Promise<T>): Promise<T> {
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureWithOutput>;
  const procedure = procedures['jobs.get'];
  if (!procedure) throw new Error('jobs.get is not in the router; pick another procedure for this test');
  const original = procedure._def.output;
  procedure._def.output = original.extend({ ownerEmail: z.string() });
  try {
    return await work();
  } finally {
    procedure._def.output = original;
  }
}

describe('the SDK drift check', () => {
  it('finds the checked-in OpenAPI document and types in step with the router', async () => {
    const drift = await findDrift(await generateSdkArtifacts());
    expect(drift, drift.length > 0 ? describeDrift(drift) : '').toEqual([]);
  });

  it('fails when a procedure’s output schema changes without regeneration', async () => {
    const artifacts = await withChangedJobOutput(() => generateSdkArtifacts());
    const drift = await findDrift(artifacts);
    expect(drift.map((entry) => entry.path)).toEqual([
      'packages/sdk/src/generated/openapi.json',
      'packages/sdk/src/generated/schema.ts',
    ]);
    const schema = artifacts.find((artifact) => artifact.path.endsWith('schema.ts'));
    expect(schema?.content).toContain('ownerEmail: string;');
    expect(describeDrift(drift)).toMatch(/Run `pnpm sdk:generate`/);
  });

  it('passes again once the artefacts are regenerated', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'cronwise-sdk-drift-'));
    scratchDirs.push(root);
    const artifacts = await withChangedJobOutput(() => generateSdkArtifacts());
    for (const artifact of artifacts) {
      await mkdir(path.dirname(path.join(root, artifact.path)), { recursive: true });
      await writeFile(path.join(root, artifact.path), artifact.content);
    }
    expect(await findDrift(artifacts, root)).toEqual([]);
  });
});
