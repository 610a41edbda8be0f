import { z } from 'zod';
import type { AppDeps, Ctx } from '../app-deps';
import { parseOrThrow } from '../shared/validate';
import { type TriageModelView, triageModelView } from './triage-model-store';
import { triageSettings } from './triage-settings';

export const listTriageModelsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export interface TriageModelsList {
  /** Models, newest first; the first is the one intake uses when it has at least `minSamples`. */
  items: TriageModelView[];
  minSamples: number;
}

/** GET /api/v1/triage/models: the trained models with their held-out accuracy next to the rules'. */
export async function listTriageModels(deps: AppDeps, _ctx: Ctx, raw: unknown): Promise<TriageModelsList> {
  const q = parseOrThrow(listTriageModelsQuery, raw ?? {});
  const rows = await deps.db
    .selectFrom('triage_models')
    .select([
      'id',
      'trained_at',
      'trained_by',
      'sample_count',
      'holdout_count',
      'classes',
      'tokenizer',
      'accuracy',
      'baseline_accuracy',
      'metrics_json',
    ])
    .orderBy('trained_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit)
    .execute();
  return { items: rows.map(triageModelView), minSamples: triageSettings().minSamples };
}
