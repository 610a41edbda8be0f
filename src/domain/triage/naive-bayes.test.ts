import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePredictions, timeSplit } from './evaluation';
import { isNaiveBayesModel, predictNaiveBayes, type TrainingExample, trainNaiveBayes } from './naive-bayes';
import { BIGRAM_TOKENIZER, bigramSegments, normalizeTokens } from './tokens';
import { classifierTriage, ruleTriage, triage } from './triage-pipeline';

// Texts are sequences of words from a small vocabulary, so that the properties meet shared words often.
const WORDS = [
  '不制冷',
  '安装',
  '退货',
  '清洗',
  '请问',
  '噪音',
  '滤芯',
  '新买',
  '漏水',
  '保修',
  'e1',
  '外机',
];
const LABELS = ['repair', 'installation', 'return', 'maintenance', 'consultation'];
const spaceTokenize = (t: string) => t.split(' ').filter(Boolean);
const arbText = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const arbExample: fc.Arbitrary<TrainingExample> = fc.record({
  text: arbText,
  label: fc.constantFrom(...LABELS),
});
const arbExamples = fc.array(arbExample, { minLength: 1, maxLength: 40 });

const train = (ex: readonly TrainingExample[]) => trainNaiveBayes(ex, spaceTokenize, 'space');
const posterior = (ex: readonly TrainingExample[], text: string, label: string) =>
  predictNaiveBayes(train(ex), text, spaceTokenize).probabilities.find((p) => p.label === label)
    ?.probability ?? 0;

describe('multinomial naive Bayes (properties)', () => {
  it('gives probabilities that sum to 1, over every class, most probable first', () => {
    fc.assert(
      fc.property(arbExamples, fc.array(fc.string(), { maxLength: 5 }), arbText, (ex, noise, text) => {
        const model = train(ex);
        const p = predictNaiveBayes(model, `${text} ${noise.join(' ')}`, spaceTokenize);
        const sum = p.probabilities.reduce((a, b) => a + b.probability, 0);
        expect(sum).toBeCloseTo(1, 9);
        expect(p.probabilities.map((x) => x.label).sort()).toEqual(model.classes);
        for (const x of p.probabilities) expect(x.probability).toBeGreaterThanOrEqual(0);
        for (let i = 1; i < p.probabilities.length; i++)
          expect(p.probabilities[i - 1].probability).toBeGreaterThanOrEqual(p.probabilities[i].probability);
        expect(p.label).toBe(p.probabilities[0].label);
      }),
    );
  });

  it('is order-independent: any permutation of the examples trains the identical model', () => {
    fc.assert(
      fc.property(
        arbExamples.chain((ex) =>
          fc.tuple(fc.constant(ex), fc.shuffledSubarray(ex, { minLength: ex.length })),
        ),
        ([ex, shuffled]) => {
          expect(JSON.stringify(train(shuffled))).toBe(JSON.stringify(train(ex)));
        },
      ),
    );
  });

  it('raises the posterior of a class for texts added as examples of that class', () => {
    fc.assert(
      fc.property(
        arbExamples,
        arbText,
        fc.constantFrom(...LABELS),
        fc.integer({ min: 1, max: 3 }),
        (ex, text, label, times) => {
          const before = posterior(ex, text, label);
          const added = [...ex, ...Array.from({ length: times }, () => ({ text, label }))];
          const after = posterior(added, text, label);
          if (before < 1 - 1e-12) expect(after).toBeGreaterThan(before);
          else expect(after).toBeGreaterThanOrEqual(before - 1e-12);
        },
      ),
    );
  });

  it('survives a JSON round trip unchanged and predicts the same', () => {
    fc.assert(
      fc.property(arbExamples, arbText, (ex, text) => {
        const model = train(ex);
        const back = JSON.parse(JSON.stringify(model));
        expect(isNaiveBayesModel(back)).toBe(true);
        expect(predictNaiveBayes(back, text, spaceTokenize)).toEqual(
          predictNaiveBayes(model, text, spaceTokenize),
        );
      }),
    );
  });
});

describe('multinomial naive Bayes (examples)', () => {
  const examples: TrainingExample[] = [
    { text: '空调 不制冷 外机 不转', label: 'repair' },
    { text: '冰箱 不制冷 噪音 大', label: 'repair' },
    { text: '洗衣机 不脱水', label: 'repair' },
    { text: '新买 空调 安装', label: 'installation' },
    { text: '空调 到货 约 师傅 安装', label: 'installation' },
    { text: '请问 保修期 多久', label: 'consultation' },
    { text: '请问 遥控器 怎么 用', label: 'consultation' },
  ];
  const model = train(examples);

  it('counts documents and tokens per class with sorted classes and vocabulary', () => {
    expect(model.classes).toEqual(['consultation', 'installation', 'repair']);
    expect(model.docCounts).toEqual([2, 2, 3]);
    expect(model.tokenTotals).toEqual([7, 8, 10]);
    expect(model.vocabulary.不制冷).toEqual([0, 0, 2]);
    expect(Object.keys(model.vocabulary)).toEqual(Object.keys(model.vocabulary).sort());
  });

  it('computes the Laplace-smoothed posterior by hand', () => {
    // Text "不制冷": no unseen token, so V is the training vocabulary.
    const V = Object.keys(model.vocabulary).length;
    const lik = (n: number, total: number) => (n + 1) / (total + V);
    const raw = [(2 / 7) * lik(0, 7), (2 / 7) * lik(0, 8), (3 / 7) * lik(2, 10)];
    const sum = raw.reduce((a, b) => a + b, 0);
    const p = predictNaiveBayes(model, '不制冷', spaceTokenize);
    expect(p.label).toBe('repair');
    expect(p.probabilities[0].probability).toBeCloseTo(raw[2] / sum, 12);
    expect(p.reasons[0]).toMatchObject({ token: '不制冷', label: 'repair' });
    expect(p.knownTokens).toBe(1);
  });

  it('explains a prediction with the words that weighed most', () => {
    const p = predictNaiveBayes(model, '请问 空调 安装 保修期', spaceTokenize, 2);
    expect(p.reasons.length).toBeLessThanOrEqual(2);
    for (const r of p.reasons) expect(r.weight).toBeGreaterThan(0);
    const unknown = predictNaiveBayes(model, '完全 陌生', spaceTokenize);
    expect(unknown.knownTokens).toBe(0);
    expect(unknown.reasons).toEqual([]);
  });

  it('rejects a bad smoothing constant and recognises malformed stored models', () => {
    expect(() => trainNaiveBayes(examples, spaceTokenize, 'space', { alpha: 0 })).toThrow(RangeError);
    expect(isNaiveBayesModel({ ...model, classes: ['a'] })).toBe(false);
    expect(isNaiveBayesModel(null)).toBe(false);
    expect(isNaiveBayesModel(JSON.parse(JSON.stringify(model)))).toBe(true);
  });
});

describe('tokens', () => {
  it('drops punctuation and stop words, lower-cases Latin, joins negations to the next word', () => {
    expect(normalizeTokens(['空调', '不', '制冷', '了', '，', '显示', 'E1', ' ', '没有', '热水'])).toEqual([
      '空调',
      '不制冷',
      '显示',
      'e1',
      '没有热水',
    ]);
    expect(normalizeTokens(['不'])).toEqual(['不']);
  });

  it('falls back to character bigrams', () => {
    expect(bigramSegments('空调不制冷，E1')).toEqual(['空调', '调不', '不制', '制冷', 'e1']);
    expect(BIGRAM_TOKENIZER.tokenize('热')).toEqual(['热']);
  });
});

describe('triage pipeline', () => {
  const model = trainNaiveBayes(
    [
      { text: '空调用了两年想洗洗', label: 'maintenance' },
      { text: '热水器该洗洗了', label: 'maintenance' },
      { text: '冰箱不制冷', label: 'repair' },
      { text: '电视黑屏', label: 'repair' },
    ],
    BIGRAM_TOKENIZER.tokenize,
    'bigram',
  );
  const classifier = { model, tokenizer: BIGRAM_TOKENIZER, modelId: 'm1' };

  it('never lets the classifier outvote a safety rule', () => {
    const r = triage('油烟机想洗洗，闻到煤气味', classifier);
    expect(r).toMatchObject({ type: 'emergency', method: 'safety-rule', confidence: 1 });
  });

  it('uses the classifier where it knows words, with reasons and alternatives', () => {
    const r = triage('洗衣机想洗洗', classifier);
    expect(r).toMatchObject({ type: 'maintenance', method: 'classifier', modelId: 'm1' });
    expect(r.reasons[0]).toMatchObject({
      rule: 'classifier',
      text: expect.stringMatching(/^'.+' → maintenance$/),
    });
    expect(r.alternatives.map((a) => a.type)).toEqual(['repair']);
    expect(ruleTriage('洗衣机想洗洗')).toMatchObject({ type: 'repair', method: 'default' });
  });

  it('falls back to the keyword rules when the model knows none of the words or another tokenizer made it', () => {
    expect(triage('要求退货', classifier)).toMatchObject({ type: 'return', method: 'keyword-rule' });
    expect(
      classifierTriage('冰箱不制冷', {
        model,
        tokenizer: { name: 'jieba', tokenize: BIGRAM_TOKENIZER.tokenize },
      }),
    ).toBeNull();
  });
});

describe('evaluation', () => {
  it('computes accuracy and per-class precision and recall', () => {
    const e = evaluatePredictions(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'b']);
    expect(e).toMatchObject({ total: 4, correct: 2, accuracy: 0.5 });
    expect(e.perClass).toEqual([
      { label: 'a', support: 2, predicted: 1, truePositives: 1, precision: 1, recall: 0.5 },
      { label: 'b', support: 1, predicted: 3, truePositives: 1, precision: 1 / 3, recall: 1 },
      { label: 'c', support: 1, predicted: 0, truePositives: 0, precision: null, recall: 0 },
    ]);
    expect(evaluatePredictions([], []).accuracy).toBeNull();
  });

  it('splits by time: the most recent share is held out', () => {
    expect(timeSplit([1, 2, 3, 4, 5], 0.2)).toEqual({ train: [1, 2, 3, 4], holdout: [5] });
    expect(timeSplit([1, 2, 3], 0)).toEqual({ train: [1, 2, 3], holdout: [] });
  });
});
