import type { TriageModelsTable } from '../../db/schema';
import type { Evaluation } from '../../domain/triage/evaluation';
import { isNaiveBayesModel, type NaiveBayesModel } from '../../domain/triage/naive-bayes';
import type { AppDeps } from '../app-deps';
import { cachesForgotten } from '../shared/cache-invalidation';

export interface TriageMetrics {
  holdoutShare: number;
  /** Safety rules, then the model trained on the older part, on the held-out part. */
  pipeline: Evaluation;
  /** Safety rules, then the keyword rules, on the same held-out part. */
  baseline: Evaluation;
  /** The model alone (no safety rules) on the held-out part. */
  classifierOnly: Evaluation;
  /** Closed requests per final type in the training data. */
  classCounts: Record<string, number>;
}

/** A stored model as the admin screen and the CLI show it (without the counts). */
export interface TriageModelView {
  id: string;
  trainedAt: string;
  trainedBy: string | null;
  sampleCount: number;
  holdoutCount: number;
  classes: string[];
  tokenizer: string;
  accuracy: number | null;
  baselineAccuracy: number | null;
  metrics: TriageMetrics;
}

export interface StoredTriageModel extends TriageModelView {
  model: NaiveBayesModel;
}

export function triageModelView(r: Omit<TriageModelsTable, 'model_json'>): TriageModelView {
  return {
    id: r.id,
    trainedAt: r.trained_at,
    trainedBy: r.trained_by,
    sampleCount: Number(r.sample_count),
    holdoutCount: Number(r.holdout_count),
    classes: JSON.parse(r.classes),
    tokenizer: r.tokenizer,
    accuracy: r.accuracy === null ? null : Number(r.accuracy),
    baselineAccuracy: r.baseline_accuracy === null ? null : Number(r.baseline_accuracy),
    metrics: JSON.parse(r.metrics_json),
  };
}

interface CacheEntry {
  id: string | null;
  checkedAt: number;
  stored: StoredTriageModel | null;
}

// The latest model is cached per database handle; a cheap probe every few seconds picks up a model that
// another instance trained.
const cache = new WeakMap<object, CacheEntry>();
const RECHECK_MS = 5_000;

/** The most recently trained model, or null when none was trained (or the stored one is unreadable). */
export async function latestTriageModel(deps: Pick<AppDeps, 'db'>): Promise<StoredTriageModel | null> {
  const key = deps.db as unknown as object;
  let entry = cache.get(key);
  const nowMs = Date.now();
  if (entry && nowMs - entry.checkedAt <= RECHECK_MS) return entry.stored;
  const probe = await deps.db
    .selectFrom('triage_models')
    .select('id')
    .orderBy('trained_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const id = probe?.id ?? null;
  if (!entry || entry.id !== id) {
    let stored: StoredTriageModel | null = null;
    if (id) {
      const row = await deps.db
        .selectFrom('triage_models')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      const model = row ? safeParse(row.model_json) : null;
      if (row && isNaiveBayesModel(model)) stored = { ...triageModelView(row), model };
    }
    entry = { id, checkedAt: nowMs, stored };
    cache.set(key, entry);
  } else {
    entry.checkedAt = nowMs;
  }
  return entry.stored;
}

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function forgetTriageModel(deps: Pick<AppDeps, 'db'>): void {
  cache.delete(deps.db as unknown as object);
  cachesForgotten();
}
