// The triage order (8.2): safety rules first — a hazard is an emergency whatever any model says — then
// the enterprise's trained classifier when there is one, then the keyword rules.
import { REQUEST_TYPES, type RequestType } from '../requests/request-lifecycle';
import { keywordTriage, safetyTriage, type TriageReason, type TriageResult } from '../requests/safety-triage';
import { type NaiveBayesModel, type Prediction, predictNaiveBayes } from './naive-bayes';
import type { Tokenizer } from './tokens';

export interface ClassifierReason extends TriageReason {
  /** Log-likelihood ratio of the word for the suggested type against the others. */
  weight: number;
  /** Human-readable: `'不制冷' → repair`. */
  text: string;
}

export interface TriageAlternative {
  type: RequestType;
  probability: number;
}

export interface TriageSuggestion extends TriageResult {
  type: RequestType;
  /** Other types the classifier considered, most probable first (empty for rules). */
  alternatives: TriageAlternative[];
  /** The stored model that made a classifier suggestion. */
  modelId?: string;
}

export interface TriageClassifier {
  model: NaiveBayesModel;
  tokenizer: Tokenizer;
  /** Identifies the stored model that made the suggestion (shown to the agent, kept in triage_json). */
  modelId?: string;
}

const isRequestType = (s: string): s is RequestType => (REQUEST_TYPES as readonly string[]).includes(s);

/** The classifier's suggestion, or null when it has nothing to go on (no known word in the text). */
export function classifierTriage(description: string, c: TriageClassifier): TriageSuggestion | null {
  if (c.model.tokenizer !== c.tokenizer.name) return null;
  return suggestionFromPrediction(predictNaiveBayes(c.model, description, c.tokenizer.tokenize), c.modelId);
}

/** A prediction as a triage suggestion, or null when the text held no word the model knows. */
export function suggestionFromPrediction(p: Prediction, modelId?: string): TriageSuggestion | null {
  if (p.knownTokens === 0 || !isRequestType(p.label)) return null;
  const type = p.label;
  const reasons: ClassifierReason[] = p.reasons.map((r) => ({
    rule: 'classifier',
    matched: r.token,
    weight: Math.round(r.weight * 1000) / 1000,
    text: `'${r.token}' → ${r.label}`,
  }));
  return {
    type,
    method: 'classifier',
    confidence: p.probabilities[0].probability,
    reasons,
    alternatives: p.probabilities
      .slice(1)
      .filter((x) => isRequestType(x.label) && x.probability >= 0.01)
      .slice(0, 3)
      .map((x) => ({ type: x.label as RequestType, probability: x.probability })),
    ...(modelId ? { modelId } : {}),
  };
}

/** Safety rules, then the classifier (if any), then keyword rules. */
export function triage(description: string, classifier: TriageClassifier | null): TriageSuggestion {
  const safety = safetyTriage(description);
  if (safety) return { ...safety, type: 'emergency', alternatives: [] };
  const learned = classifier ? classifierTriage(description, classifier) : null;
  if (learned) return learned;
  return { ...keywordTriage(description), alternatives: [] };
}

/** What the enterprise had before any model: safety rules, then keyword rules (the baseline). */
export function ruleTriage(description: string): TriageSuggestion {
  return triage(description, null);
}
