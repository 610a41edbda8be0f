import { listTriageModels, listTriageModelsQuery } from '../../app/triage/list-triage-models';
import { suggestTriage, suggestTriageInput } from '../../app/triage/suggest-triage';
import { trainTriageInput, trainTriageModel } from '../../app/triage/train-triage-model';
import { defineRoutes, needs } from '../route-def';

export const triageRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/triage/train',
    summary:
      'Train the triage classifier on the closed service requests (final types, agent overrides included); 409 when too few / 训练分诊模型',
    tags: ['triage'],
    access: needs('sla:admin'),
    body: trainTriageInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      return { status: 201, body: await trainTriageModel(deps, ctx, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/triage/models',
    summary:
      'Trained triage models, newest first, with held-out accuracy next to the keyword rules / 分诊模型',
    tags: ['triage'],
    access: needs('sla:admin'),
    query: listTriageModelsQuery,
    async handler({ deps, ctx, query }) {
      return { body: await listTriageModels(deps, ctx, query) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/triage/suggest',
    summary:
      'Suggest the type of a request from its description: safety rules, then the trained model, then keyword rules / 分诊建议',
    tags: ['triage'],
    access: needs('requests:write'),
    body: suggestTriageInput,
    async handler({ deps, ctx, body }) {
      return { body: await suggestTriage(deps, ctx, body) };
    },
  },
]);
