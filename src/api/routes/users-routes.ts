import { z } from 'zod';
import { userView } from '../../app/identity/actor-from-user';
import { createUser, createUserInput } from '../../app/identity/create-user';
import { decodeCursor, pageQuery, toPage } from '../../app/shared/pagination';
import { parseOrThrow } from '../../app/shared/validate';
import { defineRoutes, needs } from '../route-def';

const listUsersQuery = z.object({ ...pageQuery });

export const usersRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/users',
    summary: 'Create a user with roles / 创建用户',
    tags: ['users'],
    access: needs('users:manage'),
    idempotent: true,
    body: createUserInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      return { status: 201, body: await createUser(deps, ctx, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/users',
    summary: 'List users / 用户列表',
    tags: ['users'],
    access: needs('users:manage'),
    query: listUsersQuery,
    async handler({ deps, query }) {
      const input = parseOrThrow(listUsersQuery, query);
      const cursor = decodeCursor(input.cursor);
      const base = deps.db.selectFrom('users');
      const [rows, count] = await Promise.all([
        (cursor ? base.where('id', '>', cursor) : base)
          .selectAll()
          .orderBy('id')
          .limit(input.limit + 1)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { body: toPage(rows, input.limit, Number(count.n), userView) };
    },
  },
]);
