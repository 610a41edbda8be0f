import { z } from 'zod';
import { keywordTriage, safetyTriage } from '../../domain/requests/safety-triage';
import { evaluatePredictions, timeSplit } from '../../domain/triage/evaluation';
import { predictNaiveBayes, type TrainingExample, trainNaiveBayes } from '../../domain/triage/naive-bayes';
import type { Tokenizer } from '../../domain/triage/tokens';
import { suggestionFromPrediction } from '../../domain/triage/triage-pipeline';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { parseOrThrow } from '../shared/validate';
import {
  forgetTriageModel,
  type TriageMetrics,
  type TriageModelView,
  triageModelView,
} from './triage-model-store';
import { triageSettings } from './triage-settings';
import { triageTokenizer } from './triage-tokenizer';

export const trainTriageInput = z
  .object({
    /** Share of the most recent closed requests held out to measure accuracy (default 0.2). */
    holdoutShare: z.number().min(0).max(0.5).optional(),
  })
  .default({});

/** Fewer closed requests than this (or a single type) cannot make a classifier worth storing. */
export const MIN_TRAINING_SAMPLES = 20;

export interface TrainTriageOptions {
  tokenizer?: Tokenizer;
  maxSamples?: number;
}

/** A tokenizer that remembers each text's tokens: every description is segmented once per training. */
function memoized(t: Tokenizer): (text: string) => string[] {
  const seen = new Map<string, string[]>();
  return (text) => {
    let tokens = seen.get(text);
    if (!tokens) {
      tokens = t.tokenize(text);
      seen.set(text, tokens);
    }
    return tokens;
  };
}

/**
 * Trains the triage classifier on the enterprise's CLOSED service requests — description → final type,
 * i.e. the type after any agent reclassification — and stores it. Accuracy is measured on a time split
 * (the most recent share held out, judged against a model trained on the older part) next to the keyword
 * rules on the same requests; the stored model then learns from all of them.
 */
export async function trainTriageModel(
  deps: AppDeps,
  ctx: Ctx,
  raw: unknown = {},
  opts: TrainTriageOptions = {},
): Promise<TriageModelView> {
  const input = parseOrThrow(trainTriageInput, raw ?? {});
  const settings = triageSettings();
  const holdoutShare = input.holdoutShare ?? settings.holdoutShare;
  const tokenizer = opts.tokenizer ?? triageTokenizer();
  const rows = await deps.db
    .selectFrom('service_requests')
    .select(['description', 'type', 'received_at', 'id'])
    .where('status', '=', 'closed')
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.maxSamples ?? settings.maxSamples)
    .execute();
  rows.reverse();
  const examples: TrainingExample[] = rows.map((r) => ({ text: r.description, label: r.type }));
  const classCounts: Record<string, number> = {};
  for (const e of examples) classCounts[e.label] = (classCounts[e.label] ?? 0) + 1;
  if (examples.length < MIN_TRAINING_SAMPLES || Object.keys(classCounts).length < 2) {
    const text = {
      zh: `已关闭的服务请求不足，无法训练（至少 ${MIN_TRAINING_SAMPLES} 条、2 种类型；现有 ${examples.length} 条）`,
      en: `Not enough closed service requests to train (at least ${MIN_TRAINING_SAMPLES} of 2 types; found ${examples.length})`,
    };
    throw new AppError('CONFLICT', text, [{ path: 'serviceRequests', message: text }]);
  }

  const tokenize = memoized(tokenizer);
  const { train, holdout } = timeSplit(examples, holdoutShare);
  const actual = holdout.map((e) => e.label);
  let metrics: TriageMetrics;
  if (holdout.length > 0) {
    const trial = trainNaiveBayes(train, tokenize, tokenizer.name);
    // One prediction per held-out request serves both the model alone and the whole pipeline.
    const pipeline: string[] = [];
    const baseline: string[] = [];
    const classifierOnly: string[] = [];
    for (const e of holdout) {
      const p = predictNaiveBayes(trial, e.text, tokenize);
      classifierOnly.push(p.label);
      const safety = safetyTriage(e.text);
      const rules = safety ? 'emergency' : keywordTriage(e.text).type;
      baseline.push(rules);
      pipeline.push(safety ? 'emergency' : (suggestionFromPrediction(p)?.type ?? rules));
    }
    metrics = {
      holdoutShare,
      pipeline: evaluatePredictions(actual, pipeline),
      baseline: evaluatePredictions(actual, baseline),
      classifierOnly: evaluatePredictions(actual, classifierOnly),
      classCounts,
    };
  } else {
    const empty = evaluatePredictions([], []);
    metrics = { holdoutShare, pipeline: empty, baseline: empty, classifierOnly: empty, classCounts };
  }
  const model = trainNaiveBayes(examples, tokenize, tokenizer.name);
  const row = {
    id: newId(),
    trained_at: ctx.now.toISOString(),
    trained_by: ctx.actor.id,
    sample_count: examples.length,
    holdout_count: holdout.length,
    classes: JSON.stringify(model.classes),
    tokenizer: tokenizer.name,
    accuracy: metrics.pipeline.accuracy,
    baseline_accuracy: metrics.baseline.accuracy,
    metrics_json: JSON.stringify(metrics),
    model_json: JSON.stringify(model),
  };
  const view = triageModelView(row);
  await inTransaction(deps, async (tx) => {
    await tx.db.insertInto('triage_models').values(row).execute();
    await appendAudit(tx, ctx, {
      action: 'triage-model.train',
      entity: 'triage-model',
      entityId: row.id,
      after: {
        sampleCount: view.sampleCount,
        holdoutCount: view.holdoutCount,
        classes: view.classes,
        tokenizer: view.tokenizer,
        accuracy: view.accuracy,
        baselineAccuracy: view.baselineAccuracy,
        minSamples: settings.minSamples,
      },
    });
  });
  forgetTriageModel(deps);
  return view;
}
