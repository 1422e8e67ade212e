import { listUserAccounts } from '@cronwise/services';
import { adminUserSchema, toAdminUserDto } from '../../dto/admin-dto';
import { offsetPageInputShape, pageSchema, strictInput } from '../../dto/common';
import { adminProcedure } from '../../trpc';

export const listUsers = adminProcedure
  .input(strictInput(offsetPageInputShape))
  .output(pageSchema(adminUserSchema))
  .query(async ({ ctx, input }) => {
    const page = await listUserAccounts(ctx.deps, input);
    return { items: page.items.map(toAdminUserDto), total: page.total, limit: input.limit, offset: input.offset };
  });
