import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from './router';

type AnyProcedure = { _def: { inputs: z.ZodType[] } };

/** Paths (inside one input schema) of objects that would silently drop unknown fields. */
function lenientObjectPaths(schema: z.ZodType, path: string, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const found: string[] = [];
  if (def.type === 'object') {
    const catchall = def.catchall as { _zod: { def: { type: string } } } | undefined;
    if (catchall?._zod.def.type !== 'never') found.push(path || '(root)');
    for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      found.push(...lenientObjectPaths(child, `${path}.${key}`, seen));
    }
    return found;
  }
  const children = [def.innerType, def.element, def.in, def.out, ...((def.options as z.ZodType[] | undefined) ?? [])];
  for (const child of children) {
    if (child) found.push(...lenientObjectPaths(child as z.ZodType, path, seen));
  }
  return found;
}

function lenientInputs(): string[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  return Object.entries(procedures).flatMap(([name, procedure]) =>
    procedure._def.inputs.flatMap((input) => lenientObjectPaths(input, '').map((path) => `${name} ${path}`)),
  );
}

describe('procedure inputs', () => {
  it('refuse unknown fields at every level, so a misspelt field is never silently ignored', () => {
    expect(lenientInputs()).toEqual([]);
  });

  it('detects a lenient nested object', async () => {
    const { z } = await import('zod');
    const { strictInput } = await import('./dto/common');
    expect(lenientObjectPaths(strictInput({ inner: z.object({ a: z.string() }).optional() }), '')).toEqual(['.inner']);
    expect(lenientObjectPaths(strictInput({ list: z.array(strictInput({ a: z.string() })) }), '')).toEqual([]);
  });
});
