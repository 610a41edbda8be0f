// Accuracy and per-class precision/recall of a classifier on labelled examples (held-out data).

export interface ClassMetrics {
  label: string;
  /** Examples of this class in the evaluation set. */
  support: number;
  /** Examples predicted as this class. */
  predicted: number;
  truePositives: number;
  /** Null when nothing was predicted as this class. */
  precision: number | null;
  /** Null when the class does not occur in the evaluation set. */
  recall: number | null;
}

export interface Evaluation {
  total: number;
  correct: number;
  /** Null for an empty evaluation set. */
  accuracy: number | null;
  perClass: ClassMetrics[];
}

/** Compares predictions with the actual labels (same order). */
export function evaluatePredictions(actual: readonly string[], predicted: readonly string[]): Evaluation {
  if (actual.length !== predicted.length) throw new RangeError('actual and predicted differ in length');
  const labels = [...new Set([...actual, ...predicted])].sort();
  const rows = new Map(labels.map((label) => [label, { label, support: 0, predicted: 0, truePositives: 0 }]));
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = rows.get(actual[i]) as { support: number; truePositives: number };
    const p = rows.get(predicted[i]) as { predicted: number };
    a.support += 1;
    p.predicted += 1;
    if (actual[i] === predicted[i]) {
      a.truePositives += 1;
      correct += 1;
    }
  }
  return {
    total: actual.length,
    correct,
    accuracy: actual.length ? correct / actual.length : null,
    perClass: [...rows.values()].map((r) => ({
      ...r,
      precision: r.predicted ? r.truePositives / r.predicted : null,
      recall: r.support ? r.truePositives / r.support : null,
    })),
  };
}

/**
 * A time-ordered split: the oldest `1 - holdoutShare` for training, the most recent for evaluation (the
 * model is judged on requests that came after everything it learned from). Input must be sorted by time.
 */
export function timeSplit<T>(sorted: readonly T[], holdoutShare: number): { train: T[]; holdout: T[] } {
  if (!(holdoutShare >= 0 && holdoutShare < 1)) throw new RangeError('holdoutShare must be in [0, 1)');
  const cut = Math.ceil(sorted.length * (1 - holdoutShare));
  return { train: sorted.slice(0, cut), holdout: sorted.slice(cut) };
}
