import { z } from 'zod';
import type { Tokenizer } from '../../domain/triage/tokens';
import { type TriageClassifier, type TriageSuggestion, triage } from '../../domain/triage/triage-pipeline';
import type { AppDeps, Ctx } from '../app-deps';
import { bi, parseOrThrow } from '../shared/validate';
import { latestTriageModel, type StoredTriageModel } from './triage-model-store';
import { type TriageSettings, triageSettings } from './triage-settings';
import { triageTokenizer } from './triage-tokenizer';

export const suggestTriageInput = z.object({
  description: z
    .string()
    .trim()
    .min(2, { error: bi('请描述服务需求（至少 2 个字）', 'Describe the need (at least 2 characters)') })
    .max(4000),
});

export interface TriageOptions {
  settings?: Partial<TriageSettings>;
  tokenizer?: Tokenizer;
}

/** The latest model, when it learned from enough closed requests to be trusted at intake. */
export async function activeTriageModel(
  deps: Pick<AppDeps, 'db'>,
  opts: TriageOptions = {},
): Promise<{ stored: StoredTriageModel | null; classifier: TriageClassifier | null }> {
  const minSamples = opts.settings?.minSamples ?? triageSettings().minSamples;
  const stored = await latestTriageModel(deps);
  if (!stored || stored.sampleCount < minSamples) return { stored, classifier: null };
  return {
    stored,
    classifier: { model: stored.model, tokenizer: opts.tokenizer ?? triageTokenizer(), modelId: stored.id },
  };
}

/**
 * Triage at intake: safety rules first (a hazard is an emergency, whatever else is said), then the
 * latest trained model if it learned from at least `minSamples` closed requests, else the keyword rules.
 */
export async function triageForIntake(
  deps: Pick<AppDeps, 'db'>,
  description: string,
  opts: TriageOptions = {},
): Promise<TriageSuggestion> {
  const { classifier } = await activeTriageModel(deps, opts);
  return triage(description, classifier);
}

export interface TriageSuggestionView {
  type: TriageSuggestion['type'];
  method: string;
  confidence: number;
  reasons: TriageSuggestion['reasons'];
  alternatives: TriageSuggestion['alternatives'];
  /** The model behind a classifier suggestion, or the latest one that was not used (too few samples). */
  model: {
    id: string;
    trainedAt: string;
    sampleCount: number;
    accuracy: number | null;
    used: boolean;
  } | null;
}

/** POST /api/v1/triage/suggest: what intake would decide for a description, for the agent screen. */
export async function suggestTriage(
  deps: AppDeps,
  _ctx: Ctx,
  raw: unknown,
  opts: TriageOptions = {},
): Promise<TriageSuggestionView> {
  const input = parseOrThrow(suggestTriageInput, raw);
  const { stored, classifier } = await activeTriageModel(deps, opts);
  const s = triage(input.description, classifier);
  return {
    type: s.type,
    method: s.method,
    confidence: s.confidence,
    reasons: s.reasons,
    alternatives: s.alternatives,
    model: stored
      ? {
          id: stored.id,
          trainedAt: stored.trainedAt,
          sampleCount: stored.sampleCount,
          accuracy: stored.accuracy,
          used: s.method === 'classifier',
        }
      : null,
  };
}
