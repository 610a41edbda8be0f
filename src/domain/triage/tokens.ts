// Tokens of a fault description for the triage classifier. Word segmentation itself is injected (the app
// passes @node-rs/jieba); this module cleans what any segmenter returns and offers character bigrams as
// the fallback when no segmenter is available.

/** Splits a text into raw tokens (words); injected so the domain stays free of native libraries. */
export type Segmenter = (text: string) => string[];

/** A segmenter plus the cleaning below: what the classifier trains and predicts on. */
export interface Tokenizer {
  /** Stored with the model: a model is only used with the tokenizer it was trained with. */
  name: string;
  tokenize(text: string): string[];
}

const WORDISH = /[\p{Script=Han}\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;

// Particles and pronouns that say nothing about the kind of request. Deliberately short: words such as
// 请问, 想, 要 carry intent and stay.
const STOP_WORDS: ReadonlySet<string> = new Set([
  '的',
  '了',
  '吗',
  '呢',
  '啊',
  '吧',
  '呀',
  '哦',
  '嗯',
  '喂',
  '我',
  '你',
  '您',
  '他',
  '她',
  '它',
  '我们',
  '你们',
  '是',
  '在',
  '就',
  '也',
  '都',
  '和',
  '与',
  '及',
  '把',
  '被',
  '这',
  '那',
  '这个',
  '那个',
  '个',
  '一',
]);

// A negation is glued to the word it negates: 不 + 制冷 → 不制冷 (a symptom, unlike 制冷 alone).
const NEGATIONS: ReadonlySet<string> = new Set(['不', '没', '没有', '无法', '不能', '不会', '未']);

/**
 * Cleans raw segmenter output: drops punctuation, spaces and stop words, lower-cases Latin text
 * (E1 = e1), and joins a negation to the following word.
 */
export function normalizeTokens(raw: readonly string[]): string[] {
  const out: string[] = [];
  let pendingNegation: string | null = null;
  for (const r of raw) {
    const t = r.trim().toLowerCase();
    if (!t || !WORDISH.test(t)) {
      if (pendingNegation) out.push(pendingNegation);
      pendingNegation = null;
      continue;
    }
    if (pendingNegation) {
      out.push(pendingNegation + t);
      pendingNegation = null;
      continue;
    }
    if (NEGATIONS.has(t)) {
      pendingNegation = t;
      continue;
    }
    if (STOP_WORDS.has(t)) continue;
    out.push(t);
  }
  if (pendingNegation) out.push(pendingNegation);
  return out;
}

/**
 * Fallback segmentation without a dictionary: overlapping character bigrams of each run of Han
 * characters (a lone character stays a unigram), Latin letters and digits as whole words.
 */
export function bigramSegments(text: string): string[] {
  const out: string[] = [];
  const runs = text.toLowerCase().match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? [];
  for (const run of runs) {
    if (!HAN.test(run[0])) {
      out.push(run);
      continue;
    }
    const chars = Array.from(run);
    if (chars.length === 1) {
      if (!STOP_WORDS.has(chars[0])) out.push(chars[0]);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/** The character-bigram tokenizer (no dictionary needed). */
export const BIGRAM_TOKENIZER: Tokenizer = { name: 'bigram', tokenize: bigramSegments };

/** A tokenizer from a word segmenter (e.g. jieba's `cut`), with the cleaning of `normalizeTokens`. */
export function segmenterTokenizer(name: string, segment: Segmenter): Tokenizer {
  return { name, tokenize: (text) => normalizeTokens(segment(text)) };
}
