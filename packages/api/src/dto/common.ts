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
