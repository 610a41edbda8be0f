import { z } from 'zod';
import { addContact, addContactInput } from '../../app/customers/add-contact';
import { createCustomer } from '../../app/customers/create-customer';
import { createCustomerInput, updateCustomerInput } from '../../app/customers/customer-input';
import { getCustomer } from '../../app/customers/get-customer';
import { listCustomers, listCustomersQuery } from '../../app/customers/list-customers';
import { mergeCustomers, mergeCustomersInput } from '../../app/customers/merge-customers';
import { anonymiseCustomer, anonymiseInput, exportPersonalData } from '../../app/customers/personal-data';
import { revealCustomerField, revealInput } from '../../app/customers/reveal-customer-field';
import { updateCustomer } from '../../app/customers/update-customer';
import { defineRoutes, needs } from '../route-def';

const idParams = z.object({ id: z.string() });

export const customersRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/customers',
    summary: 'Create a customer (phone and address are encrypted at rest) / 新建客户',
    tags: ['customers'],
    access: needs('customers:write'),
    idempotent: true,
    body: createCustomerInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      return { status: 201, body: await createCustomer(deps, ctx, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/customers',
    summary: 'List customers, phone and address masked / 客户列表（脱敏）',
    tags: ['customers'],
    access: needs('customers:read'),
    query: listCustomersQuery,
    async handler({ deps, ctx, query }) {
      return { body: await listCustomers(deps, ctx, query) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/customers/:id',
    summary: 'A customer with contacts and addresses / 客户详情',
    tags: ['customers'],
    access: needs('customers:read'),
    params: idParams,
    async handler({ deps, ctx, params }) {
      return { body: await getCustomer(deps, ctx, params.id) };
    },
  },
  {
    method: 'PATCH',
    url: '/api/v1/customers/:id',
    summary: 'Update a customer / 修改客户',
    tags: ['customers'],
    access: needs('customers:write'),
    params: idParams,
    body: updateCustomerInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await updateCustomer(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/customers/:id/contacts',
    summary: 'Add a contact person / 新增联系人',
    tags: ['customers'],
    access: needs('customers:write'),
    params: idParams,
    body: addContactInput,
    response: { status: 201 },
    async handler({ deps, ctx, params, body }) {
      return { status: 201, body: await addContact(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/customers/:id/reveal',
    summary: 'Reveal a full phone number or address (audited) / 查看完整个人信息（留痕）',
    tags: ['customers'],
    access: needs('pii:reveal'),
    params: idParams,
    body: revealInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await revealCustomerField(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/customers/:id/personal-data',
    summary: 'Export everything held about a customer, decrypted (PIPL; audited) / 导出客户个人信息副本',
    tags: ['customers'],
    access: needs('pii:export'),
    params: idParams,
    async handler({ deps, ctx, params }) {
      const data = await exportPersonalData(deps, ctx, params.id);
      return {
        body: data,
        headers: {
          'content-disposition': `attachment; filename="personal-data-${data.customer.number}.json"`,
          'cache-control': 'no-store',
        },
      };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/customers/:id/anonymise',
    summary:
      'Anonymise a customer on request: identifying data erased, service records kept (PIPL; irreversible) / 客户信息匿名化',
    tags: ['customers'],
    access: needs('pii:erase'),
    params: idParams,
    body: anonymiseInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await anonymiseCustomer(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/customers/:id/merge',
    summary:
      'Merge a duplicate customer into this one (same phone; units, requests, contacts move) / 合并重复客户',
    tags: ['customers'],
    access: needs('customers:write'),
    params: idParams,
    body: mergeCustomersInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await mergeCustomers(deps, ctx, params.id, body) };
    },
  },
]);
