import { createRequire } from 'node:module';
import { BIGRAM_TOKENIZER, segmenterTokenizer, type Tokenizer } from '../../domain/triage/tokens';

const require = createRequire(import.meta.url);

let cached: Tokenizer | undefined;

/**
 * The tokenizer of the triage classifier: @node-rs/jieba word segmentation (dictionary loaded once per
 * process, ~0.3 s), or character bigrams when the native module cannot load on this platform.
 */
export function triageTokenizer(): Tokenizer {
  if (cached) return cached;
  try {
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');
    const jieba = Jieba.withDict(dict);
    cached = segmenterTokenizer('jieba', (text) => jieba.cut(text, false));
  } catch {
    cached = BIGRAM_TOKENIZER;
  }
  return cached;
}
