import { z } from 'zod';

export const idSchema = z
  .uuid()
  .meta({ description: 'A resource id (UUID)', example: '0193a5b2-7c1e-7d3a-9f10-2b8c4e6a1d00' });
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 date-time', example: '2026-12-01T09:00:00.000Z' });

export function isoOrNull(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

export const offsetPageInputShape = {
  limit: z.number().int().min(1).max(200).default(50).meta({ description: 'Items per page, up to 200' }),
  offset: z.number().int().min(0).default(0).meta({ description: 'Items to skip' }),
};

export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });

function describeUnknownFields(keys: readonly string[]): string {
  const names = keys.map((key) => `"${key}"`).join(', ');
  return keys.length === 1
    ? `unknown field ${names}; remove it or check its spelling against the API reference`
    : `unknown fields ${names}; remove them or check their spelling against the API reference`;
}

/**
 * The object schema for every procedure input and every object nested in one. A field the
 * schema does not know (a misspelt `nmae`, a setting that does not exist yet) is refused with a
 * 400 naming it, as Stripe does, instead of being dropped silently while the caller believes
 * the change was made. `input-strictness.test.ts` walks the router and fails on a plain
 * `z.object` input.
 */
export function strictInput<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? describeUnknownFields(issue.keys) : undefined),
  });
}
