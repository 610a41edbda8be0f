// Multinomial naive Bayes over word tokens with Laplace (add-α) smoothing: the enterprise's own triage
// classifier, trained on its closed service requests (description → final type). Pure and serializable:
// the model is plain JSON, and training is a sum of counts, so the order of the examples never matters.
//
// Scoring: log P(c) + Σ_w k_w · log((n_cw + α) / (N_c + α·|V'|)), where V' is the training vocabulary
// plus the distinct unseen tokens of the text being scored (an unseen token is a word with count 0 in
// every class, not something to ignore). With that convention, adding an example (x, c) to the training
// data never lowers P(c | x): the prior of c rises, and by Jensen's inequality on log(1 + 1/t) the
// likelihood of x under c does not fall, while the other classes are unchanged.

export interface TrainingExample {
  text: string;
  label: string;
}

export interface NaiveBayesModel {
  kind: 'multinomial-naive-bayes';
  version: 1;
  /** Name of the tokenizer the counts were made with (predict with the same one). */
  tokenizer: string;
  alpha: number;
  /** Sorted. */
  classes: string[];
  /** Training documents per class. */
  docCounts: number[];
  /** Token occurrences per class. */
  tokenTotals: number[];
  /** token → occurrences per class (same order as `classes`); keys sorted. */
  vocabulary: Record<string, number[]>;
}

export interface ClassProbability {
  label: string;
  probability: number;
}

export interface TokenReason {
  token: string;
  label: string;
  /** Log-likelihood ratio of the token for `label` against the other classes (times its count). */
  weight: number;
}

export interface Prediction {
  label: string;
  /** Every class, most probable first; the probabilities sum to 1. */
  probabilities: ClassProbability[];
  /** Tokens that pushed most towards `label`, strongest first. */
  reasons: TokenReason[];
  /** Tokens of the text that the model knows. */
  knownTokens: number;
}

export interface TrainOptions {
  /** Laplace smoothing (default 1). */
  alpha?: number;
}

export type Tokenize = (text: string) => string[];

function countTokens(tokens: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/** Trains a model from labelled texts; the result does not depend on the order of `examples`. */
export function trainNaiveBayes(
  examples: readonly TrainingExample[],
  tokenize: Tokenize,
  tokenizerName: string,
  options: TrainOptions = {},
): NaiveBayesModel {
  const alpha = options.alpha ?? 1;
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError('alpha must be a positive number');
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const docCounts = classes.map(() => 0);
  const tokenTotals = classes.map(() => 0);
  const counts = new Map<string, number[]>();
  for (const e of examples) {
    const ci = index.get(e.label) as number;
    docCounts[ci] += 1;
    for (const [token, k] of countTokens(tokenize(e.text))) {
      let row = counts.get(token);
      if (!row) {
        row = classes.map(() => 0);
        counts.set(token, row);
      }
      row[ci] += k;
      tokenTotals[ci] += k;
    }
  }
  const vocabulary: Record<string, number[]> = {};
  for (const token of [...counts.keys()].sort()) vocabulary[token] = counts.get(token) as number[];
  return {
    kind: 'multinomial-naive-bayes',
    version: 1,
    tokenizer: tokenizerName,
    alpha,
    classes,
    docCounts,
    tokenTotals,
    vocabulary,
  };
}

const has = (o: object, k: string) => Object.hasOwn(o, k);

// |V| of a model, counted once (models are immutable once trained or parsed).
const vocabularySizes = new WeakMap<NaiveBayesModel, number>();
function vocabularySize(model: NaiveBayesModel): number {
  let n = vocabularySizes.get(model);
  if (n === undefined) {
    n = Object.keys(model.vocabulary).length;
    vocabularySizes.set(model, n);
  }
  return n;
}

/** Class posteriors of a text, with the tokens that weigh most for the winner. */
export function predictNaiveBayes(
  model: NaiveBayesModel,
  text: string,
  tokenize: Tokenize,
  maxReasons = 3,
): Prediction {
  const K = model.classes.length;
  if (K === 0) throw new RangeError('the model has no classes');
  const totalDocs = model.docCounts.reduce((a, b) => a + b, 0);
  const tokens = countTokens(tokenize(text));
  let unseen = 0;
  let knownTokens = 0;
  for (const [t, k] of tokens) {
    if (has(model.vocabulary, t)) knownTokens += k;
    else unseen += 1;
  }
  const vocabSize = vocabularySize(model) + unseen;
  const { alpha } = model;
  const denominators = model.tokenTotals.map((n) => Math.log(n + alpha * vocabSize));
  const logP = (t: string, c: number) =>
    Math.log((has(model.vocabulary, t) ? model.vocabulary[t][c] : 0) + alpha) - denominators[c];

  const scores = model.classes.map((_, c) => Math.log(model.docCounts[c] / totalDocs));
  for (const [t, k] of tokens) for (let c = 0; c < K; c++) scores[c] += k * logP(t, c);
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probabilities = model.classes
    .map((label, c) => ({ label, probability: exps[c] / sum }))
    .sort((a, b) => b.probability - a.probability || (a.label < b.label ? -1 : 1));
  const label = probabilities[0].label;
  const best = model.classes.indexOf(label);

  const reasons: TokenReason[] = [];
  if (K > 1) {
    for (const [t, k] of tokens) {
      if (!has(model.vocabulary, t)) continue;
      let others = 0;
      for (let c = 0; c < K; c++) if (c !== best) others += Math.exp(logP(t, c));
      const weight = k * (logP(t, best) - Math.log(others / (K - 1)));
      if (weight > 0) reasons.push({ token: t, label, weight });
    }
    reasons.sort((a, b) => b.weight - a.weight || (a.token < b.token ? -1 : 1));
  }
  return { label, probabilities, reasons: reasons.slice(0, maxReasons), knownTokens };
}

/** Checks the shape of a stored model (it comes back from the database as JSON). */
export function isNaiveBayesModel(value: unknown): value is NaiveBayesModel {
  if (!value || typeof value !== 'object') return false;
  const m = value as Partial<NaiveBayesModel>;
  const k = Array.isArray(m.classes) ? m.classes.length : -1;
  return (
    m.kind === 'multinomial-naive-bayes' &&
    m.version === 1 &&
    typeof m.tokenizer === 'string' &&
    typeof m.alpha === 'number' &&
    m.alpha > 0 &&
    k > 0 &&
    Array.isArray(m.docCounts) &&
    m.docCounts.length === k &&
    Array.isArray(m.tokenTotals) &&
    m.tokenTotals.length === k &&
    !!m.vocabulary &&
    typeof m.vocabulary === 'object' &&
    Object.values(m.vocabulary).every((row) => Array.isArray(row) && row.length === k)
  );
}
