// Triage accuracy: the enterprise's naive Bayes classifier against the keyword rules.
//
//   npx tsx bench/triage-accuracy.ts [--customers 10000] [--seed 20261129] [--json]
//
// Generates the demo installed base and its twelve months of service history (the same generators as
// `aftercare demo`), trains on the oldest 80 % of the closed requests (by time of receipt), and types the
// most recent 20 % two ways: safety rules → classifier → keyword rules (what intake does with a model), and
// safety rules → keyword rules (the baseline). Also checks that the safety rules catch every emergency.
import os from 'node:os';
import { generateInstalledBase } from '../src/app/demo/generate-installed-base';
import { generateServiceHistory } from '../src/app/demo/generate-service-history';
import { triageTokenizer } from '../src/app/triage/triage-tokenizer';
import { keywordTriage, safetyTriage } from '../src/domain/requests/safety-triage';
import { type Evaluation, evaluatePredictions, timeSplit } from '../src/domain/triage/evaluation';
import { predictNaiveBayes, trainNaiveBayes } from '../src/domain/triage/naive-bayes';
import { BIGRAM_TOKENIZER, type Tokenizer } from '../src/domain/triage/tokens';
import { suggestionFromPrediction } from '../src/domain/triage/triage-pipeline';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const customers = arg('customers', 10_000);
const seed = arg('seed', 20261129);
const json = process.argv.includes('--json');
const now = '2026-11-29T02:00:00.000Z';

const t0 = performance.now();
const base = generateInstalledBase({ seed, customers, asOf: '2026-11-29' });
const history = generateServiceHistory({ seed, base, now });
const closed = history.requests.filter((r) => r.status === 'closed');
const { train, holdout } = timeSplit(closed, 0.2);
const generatedMs = performance.now() - t0;
const actual = holdout.map((r) => r.type);

function run(tokenizer: Tokenizer) {
  const started = performance.now();
  const model = trainNaiveBayes(
    train.map((r) => ({ text: r.description, label: r.type })),
    tokenizer.tokenize,
    tokenizer.name,
  );
  const trainMs = performance.now() - started;
  const t = performance.now();
  const pipeline: string[] = [];
  const alone: string[] = [];
  for (const r of holdout) {
    const p = predictNaiveBayes(model, r.description, tokenizer.tokenize);
    alone.push(p.label);
    pipeline.push(
      safetyTriage(r.description)
        ? 'emergency'
        : (suggestionFromPrediction(p)?.type ?? keywordTriage(r.description).type),
    );
  }
  return {
    tokenizer: tokenizer.name,
    vocabulary: Object.keys(model.vocabulary).length,
    trainMs,
    predictUsPerText: ((performance.now() - t) * 1000) / holdout.length,
    predicted: pipeline,
    pipeline: evaluatePredictions(actual, pipeline),
    classifierOnly: evaluatePredictions(actual, alone),
  };
}

const jieba = run(triageTokenizer());
const bigram = run(BIGRAM_TOKENIZER);
const emergencies = history.requests.filter((r) => r.type === 'emergency');
const caught = emergencies.filter((r) => safetyTriage(r.description) !== null).length;
const falseAlarms = history.requests.filter(
  (r) => r.type !== 'emergency' && safetyTriage(r.description),
).length;
const heldOutAmbiguous = holdout.filter((r) => r.ambiguous);
/** Accuracy of a run on the held-out requests with clear (or ambiguous) wording. */
const accuracyWhere = (predicted: string[], ambiguous: boolean) => {
  const idx = holdout.map((r, i) => (r.ambiguous === ambiguous ? i : -1)).filter((i) => i >= 0);
  return idx.length ? idx.filter((i) => predicted[i] === actual[i]).length / idx.length : null;
};
const baselinePredicted = holdout.map((r) =>
  safetyTriage(r.description) ? 'emergency' : keywordTriage(r.description).type,
);

const byWording = {
  clear: { baseline: accuracyWhere(baselinePredicted, false), jieba: accuracyWhere(jieba.predicted, false) },
  ambiguous: {
    baseline: accuracyWhere(baselinePredicted, true),
    jieba: accuracyWhere(jieba.predicted, true),
  },
};
const baseline = evaluatePredictions(actual, baselinePredicted);
const result = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, load: os.loadavg()[0] },
  customers,
  seed,
  requests: history.requests.length,
  closed: closed.length,
  train: train.length,
  holdout: holdout.length,
  heldOutAmbiguous: heldOutAmbiguous.length,
  generatedMs: Math.round(generatedMs),
  baseline,
  jieba: { ...jieba, predicted: undefined },
  bigram: { ...bigram, predicted: undefined },
  byWording,
  safety: {
    emergencies: emergencies.length,
    caught,
    recall: emergencies.length ? caught / emergencies.length : null,
    falseAlarms,
  },
};

if (json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const pct = (v: number | null) => (v === null ? '   n/a' : `${(v * 100).toFixed(1)}%`.padStart(6));
  process.stdout.write(
    `${result.requests} requests from ${customers} customers (seed ${seed}); ${closed.length} closed: ` +
      `train ${train.length} (oldest 80 %), held out ${holdout.length} (most recent 20 %, ${heldOutAmbiguous.length} ambiguous)\n\n`,
  );
  const row = (name: string, e: Evaluation) =>
    process.stdout.write(`${name.padEnd(50)} ${pct(e.accuracy)}\n`);
  process.stdout.write('accuracy on the held-out requests\n');
  row('baseline: safety rules → keyword rules', baseline);
  row('safety rules → naive Bayes (jieba) → keywords', jieba.pipeline);
  row('naive Bayes alone (jieba)', jieba.classifierOnly);
  row('safety rules → naive Bayes (bigrams) → keywords', bigram.pipeline);
  process.stdout.write(
    `clear wording: rules ${pct(byWording.clear.baseline)}, NB ${pct(byWording.clear.jieba)}; ` +
      `ambiguous wording: rules ${pct(byWording.ambiguous.baseline)}, NB ${pct(byWording.ambiguous.jieba)}\n`,
  );
  process.stdout.write('\nper type          support | NB+safety precision recall | rules precision recall\n');
  for (const c of jieba.pipeline.perClass) {
    const b = baseline.perClass.find((x) => x.label === c.label);
    process.stdout.write(
      `${c.label.padEnd(16)} ${String(c.support).padStart(7)} |          ${pct(c.precision)} ${pct(c.recall)} |      ${pct(b?.precision ?? null)} ${pct(b?.recall ?? null)}\n`,
    );
  }
  process.stdout.write(
    `\nsafety rules: ${caught}/${emergencies.length} emergencies caught (recall ${pct(result.safety.recall)}), ` +
      `${falseAlarms} false alarms on ${history.requests.length - emergencies.length} other requests\n` +
      `training ${Math.round(jieba.trainMs)} ms (${jieba.vocabulary} words), ${jieba.predictUsPerText.toFixed(0)} µs per prediction (jieba); ` +
      `generation ${result.generatedMs} ms; ${result.machine.cpus} × ${result.machine.cpu}, Node ${process.version}, load ${result.machine.load.toFixed(1)}\n`,
  );
}
