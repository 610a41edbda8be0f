// Chinese personal names and mobile numbers for demo data, with a Guangxi flavour:
// 黄 is the most common surname in Guangxi, and Zhuang surnames (韦 覃 蒙 莫 农 陆 黎 …) are frequent.

import type { SeededRandom } from './seeded-random';

export type Gender = 'male' | 'female';

/** Surname → relative frequency (per 10,000, rough Guangxi mix). */
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['黄', 90],
  ['李', 70],
  ['陈', 65],
  ['韦', 55],
  ['梁', 45],
  ['刘', 45],
  ['张', 35],
  ['林', 35],
  ['莫', 30],
  ['覃', 30],
  ['王', 30],
  ['杨', 28],
  ['罗', 25],
  ['蒙', 18],
  ['陆', 18],
  ['周', 18],
  ['吴', 18],
  ['卢', 18],
  ['廖', 18],
  ['邓', 18],
  ['何', 18],
  ['农', 15],
  ['黎', 15],
  ['潘', 15],
  ['谭', 15],
  ['苏', 15],
  ['唐', 15],
  ['赵', 12],
  ['蒋', 12],
  ['钟', 12],
  ['谢', 12],
  ['冯', 10],
  ['蓝', 10],
  ['朱', 10],
  ['曾', 10],
  ['庞', 8],
  ['甘', 8],
  ['蔡', 8],
  ['许', 8],
  ['徐', 8],
  ['胡', 8],
  ['郭', 8],
  ['郑', 8],
  ['孙', 6],
  ['马', 6],
  ['高', 6],
  ['彭', 6],
  ['石', 6],
  ['宁', 6],
  ['文', 6],
  ['龙', 6],
  ['阮', 5],
  ['凌', 5],
  ['滕', 5],
  ['秦', 5],
  ['方', 5],
  ['严', 4],
  ['欧阳', 3],
  ['邱', 4],
  ['骆', 3],
];

const MALE_CHARS = [
  ...'伟强军勇杰涛斌明超磊鹏华刚辉健峰波宇浩俊志文建国海东林荣新兵平毅宁立成德永福光金家子天振世春云晓瑞轩睿铭泽',
];
const FEMALE_CHARS = [
  ...'芳娟敏静丽艳燕玲霞婷慧红梅莉兰萍雪琳颖秀英桂凤珍琴洁丹璐欣怡佳雨思晶倩妍诗涵梓萱月',
];

/** Mobile prefixes (China Mobile, Unicom, Telecom) with rough market-share weights. */
const MOBILE_PREFIXES: ReadonlyArray<readonly [number, number]> = [
  [134, 3],
  [135, 5],
  [136, 5],
  [137, 5],
  [138, 6],
  [139, 6],
  [147, 1],
  [150, 4],
  [151, 4],
  [152, 4],
  [157, 3],
  [158, 4],
  [159, 4],
  [172, 1],
  [178, 2],
  [182, 3],
  [183, 3],
  [184, 1],
  [187, 4],
  [188, 4],
  [195, 1],
  [198, 2],
  [130, 3],
  [131, 3],
  [132, 3],
  [155, 3],
  [156, 3],
  [166, 2],
  [175, 1],
  [176, 2],
  [185, 3],
  [186, 4],
  [133, 2],
  [149, 1],
  [153, 2],
  [173, 1],
  [177, 2],
  [180, 2],
  [181, 2],
  [189, 3],
  [191, 1],
  [199, 2],
];

export interface PersonGenerator {
  gender(): Gender;
  surname(): string;
  /** A 2–4 character name (surname + 1–2 characters); `surname` fixes the family name. */
  name(gender: Gender, surname?: string): string;
  /** An 11-digit mobile number, never repeated by this generator. */
  mobile(): string;
}

/** Names and unique phone numbers drawn from `rng`. */
export function createPersonGenerator(rng: SeededRandom): PersonGenerator {
  const surnamePick = rng.weightedPicker(SURNAMES, (s) => s[1]);
  const prefixPick = rng.weightedPicker(MOBILE_PREFIXES, (p) => p[1]);
  // Per prefix, the 8-digit subscriber numbers handed out (small integers hash fast).
  const usedPhones = new Map<number, Set<number>>();

  const givenName = (gender: Gender): string => {
    const pool = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
    // About one in four people has a single-character given name.
    if (rng.chance(0.25)) return rng.pick(pool);
    const first = rng.pick(pool);
    let second = rng.pick(pool);
    // Doubled characters (婷婷, 丹丹) are real but rarer than a random collision would make them.
    if (second === first && rng.chance(0.7)) second = rng.pick(pool);
    return first + second;
  };

  return {
    gender: () => (rng.chance(0.5) ? 'male' : 'female'),
    surname: () => surnamePick()[0],
    name: (gender, surname) => (surname ?? surnamePick()[0]) + givenName(gender),
    mobile: () => {
      for (;;) {
        const prefix = prefixPick()[0];
        const subscriber = rng.int(0, 99_999_999);
        let used = usedPhones.get(prefix);
        if (!used) {
          used = new Set();
          usedPhones.set(prefix, used);
        }
        if (!used.has(subscriber)) {
          used.add(subscriber);
          return String(prefix * 100_000_000 + subscriber);
        }
      }
    },
  };
}
