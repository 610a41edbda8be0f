import { z } from 'zod';
import {
  createProductModel,
  createProductModelInput,
  listProductModels,
  listProductModelsQuery,
  updateProductModel,
  updateProductModelInput,
} from '../../app/customers/product-models';
import {
  createUnit,
  createUnitInput,
  getUnit,
  listUnits,
  listUnitsQuery,
  unitHistory,
} from '../../app/customers/units';
import { defineRoutes, needs } from '../route-def';

const idParams = z.object({ id: z.string() });

export const unitsRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/product-models',
    summary: 'Create a product model with its warranty terms / 新建产品型号',
    tags: ['installed-base'],
    access: needs('models:write'),
    idempotent: true,
    body: createProductModelInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      return { status: 201, body: await createProductModel(deps, ctx, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/product-models',
    summary: 'List product models / 产品型号列表',
    tags: ['installed-base'],
    access: needs('units:read'),
    query: listProductModelsQuery,
    async handler({ deps, ctx, query }) {
      return { body: await listProductModels(deps, ctx, query) };
    },
  },
  {
    method: 'PATCH',
    url: '/api/v1/product-models/:id',
    summary: 'Update a product model / 修改产品型号',
    tags: ['installed-base'],
    access: needs('models:write'),
    params: idParams,
    body: updateProductModelInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await updateProductModel(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/units',
    summary: 'Register an installed unit / 登记在用产品',
    tags: ['installed-base'],
    access: needs('units:write'),
    idempotent: true,
    body: createUnitInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      return { status: 201, body: await createUnit(deps, ctx, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/units',
    summary: 'List units with warranty status today / 在用产品列表',
    tags: ['installed-base'],
    access: needs('units:read'),
    query: listUnitsQuery,
    async handler({ deps, ctx, query }) {
      return { body: await listUnits(deps, ctx, query) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/units/:id',
    summary: 'A unit with warranty status / 产品详情',
    tags: ['installed-base'],
    access: needs('units:read'),
    params: idParams,
    async handler({ deps, ctx, params }) {
      return { body: await getUnit(deps, ctx, params.id) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/units/:id/history',
    summary: 'Service history of a unit / 产品服务履历',
    tags: ['installed-base'],
    access: needs('units:read'),
    params: idParams,
    async handler({ deps, ctx, params }) {
      return { body: await unitHistory(deps, ctx, params.id) };
    },
  },
]);
