import { explainOccurrences } from '@cronwise/services';
import { z } from 'zod';
import { occurrenceExplanationSchema, toOccurrenceExplanationDto } from '../../dto/admin-dto';
import { strictInput } from '../../dto/common';
import { adminProcedure } from '../../trpc';

/** What `pnpm cli occurrences:explain` prints, for any user's endpoint. */
export const explainEndpoint = adminProcedure
  // The service names a malformed id itself, with an example of a good one.
  .input(strictInput({ id: z.string().trim().min(1, 'name an endpoint id') }))
  .output(occurrenceExplanationSchema)
  .query(async ({ ctx, input }) => toOccurrenceExplanationDto(await explainOccurrences(ctx.deps, input.id)));
