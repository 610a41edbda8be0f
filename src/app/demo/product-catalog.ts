// The product range of the demo enterprise (a fictional Guangxi appliance maker and its brands).
// Warranty terms are demo configuration, not law: 三包 return 7 / exchange 15 / repair 365 days,
// with per-category parts and labour periods that vary by model line, as real makers' policies do.

import type { WarrantyTerms } from '../../domain/customers/warranty';

export type ProductCategory =
  | '空调'
  | '冰箱'
  | '洗衣机'
  | '燃气热水器'
  | '电热水器'
  | '空气能热水器'
  | '油烟机'
  | '燃气灶'
  | '洗碗机'
  | '净水器'
  | '电视'
  | '扫地机器人';

export interface CategoryProfile {
  category: ProductCategory;
  /** Stable ASCII code for APIs and files. */
  code: string;
  /** A technician installs it (the unit gets an installation date). */
  requiresInstallation: boolean;
  /** Households usually own at most one (a second purchase is a replacement, not an addition). */
  onePerHome: boolean;
  /** Share of units sold (relative). */
  share: number;
  /** Relative sales per calendar month, January first. */
  seasonality: readonly number[];
  warranty: WarrantyTerms;
}

export interface ProductModel {
  code: string;
  name: string;
  brand: string;
  category: ProductCategory;
  /** Serial numbers are `<serialPrefix>-<yymm of production>-<7-digit sequence>`; unique per model. */
  serialPrefix: string;
  /** Relative popularity within its category. */
  popularity: number;
  warranty: WarrantyTerms;
}

export interface ProductCatalog {
  categories: readonly CategoryProfile[];
  models: readonly ProductModel[];
}

// Summer peak for air conditioning; 618 (June), 双11 (November) and the run-up to 春节 for the rest.
const AC_SEASON = [0.5, 0.5, 0.8, 1.2, 1.6, 2.0, 2.0, 1.6, 1.0, 0.7, 1.0, 0.6];
const RETAIL_SEASON = [1.2, 0.8, 0.8, 0.8, 0.9, 1.4, 0.9, 0.8, 0.9, 1.0, 1.5, 1.0];
const WATER_HEATER_SEASON = [1.4, 1.0, 0.9, 0.7, 0.7, 1.1, 0.6, 0.6, 0.8, 1.1, 1.6, 1.5];

const sanbao = (partsMonths: number, labourMonths: number): WarrantyTerms => ({
  returnDays: 7,
  exchangeDays: 15,
  repairDays: 365,
  partsMonths,
  labourMonths,
});

const CATEGORIES: readonly CategoryProfile[] = [
  {
    category: '空调',
    code: 'air-conditioner',
    requiresInstallation: true,
    onePerHome: false,
    share: 30,
    seasonality: AC_SEASON,
    warranty: sanbao(72, 72),
  },
  {
    category: '冰箱',
    code: 'refrigerator',
    requiresInstallation: false,
    onePerHome: true,
    share: 12,
    seasonality: RETAIL_SEASON,
    warranty: sanbao(36, 12),
  },
  {
    category: '洗衣机',
    code: 'washing-machine',
    requiresInstallation: false,
    onePerHome: true,
    share: 12,
    seasonality: RETAIL_SEASON,
    warranty: sanbao(36, 12),
  },
  {
    category: '燃气热水器',
    code: 'gas-water-heater',
    requiresInstallation: true,
    onePerHome: true,
    share: 7,
    seasonality: WATER_HEATER_SEASON,
    warranty: sanbao(36, 36),
  },
  {
    category: '电热水器',
    code: 'electric-water-heater',
    requiresInstallation: true,
    onePerHome: false,
    share: 7,
    seasonality: WATER_HEATER_SEASON,
    warranty: sanbao(96, 36),
  },
  {
    category: '空气能热水器',
    code: 'heat-pump-water-heater',
    requiresInstallation: true,
    onePerHome: true,
    share: 1.5,
    seasonality: WATER_HEATER_SEASON,
    warranty: sanbao(72, 36),
  },
  {
    category: '油烟机',
    code: 'range-hood',
    requiresInstallation: true,
    onePerHome: true,
    share: 7,
    seasonality: RETAIL_SEASON,
    warranty: sanbao(36, 36),
  },
  {
    category: '燃气灶',
    code: 'gas-hob',
    requiresInstallation: true,
    onePerHome: true,
    share: 6,
    seasonality: RETAIL_SEASON,
    warranty: sanbao(36, 36),
  },
  {
    category: '洗碗机',
    code: 'dishwasher',
    requiresInstallation: true,
    onePerHome: true,
    share: 1.5,
    seasonality: RETAIL_SEASON,
    warranty: sanbao(24, 24),
  },
  {
    category: '净水器',
    code: 'water-purifier',
    requiresInstallation: true,
    onePerHome: true,
    share: 5,
    seasonality: RETAIL_SEASON,
    warranty: sanbao(24, 12),
  },
  {
    category: '电视',
    code: 'tv',
    requiresInstallation: false,
    onePerHome: false,
    share: 9,
    seasonality: RETAIL_SEASON,
    warranty: sanbao(36, 12),
  },
  {
    category: '扫地机器人',
    code: 'robot-vacuum',
    requiresInstallation: false,
    onePerHome: true,
    share: 2.5,
    seasonality: RETAIL_SEASON,
    warranty: sanbao(12, 12),
  },
];

const BRAND_MAIN = '桂韵';
const BRAND_KITCHEN = '邕厨';
const BRAND_WATER = '清漓';
const BRAND_SMART = '绿城智家';

const warrantyOf = (category: ProductCategory): WarrantyTerms => {
  const profile = CATEGORIES.find((c) => c.category === category);
  if (!profile) throw new Error(`no category profile for ${category}`);
  return profile.warranty;
};

type ModelSpec = [
  code: string,
  serialPrefix: string,
  brand: string,
  category: ProductCategory,
  name: string,
  popularity: number,
  override?: Partial<WarrantyTerms>,
];

const SPECS: readonly ModelSpec[] = [
  // 空调 — 1匹≈2600 W (26), 1.5匹≈3500 W (35), 2匹≈5000 W, 3匹≈7200 W; GW 壁挂, LW 立柜.
  [
    'KFR-26GW/GY-N1A1',
    'K26A',
    BRAND_MAIN,
    '空调',
    '清风 大1匹 新一级能效 变频冷暖 壁挂式空调',
    9,
    { partsMonths: 120, labourMonths: 72 },
  ],
  [
    'KFR-35GW/GY-N1A1',
    'K35A',
    BRAND_MAIN,
    '空调',
    '清风 1.5匹 新一级能效 变频冷暖 壁挂式空调',
    14,
    { partsMonths: 120, labourMonths: 72 },
  ],
  ['KFR-26GW/GY-N3B2', 'K26B', BRAND_MAIN, '空调', '悦享 大1匹 新三级能效 变频冷暖 壁挂式空调', 8],
  ['KFR-35GW/GY-N3B2', 'K35B', BRAND_MAIN, '空调', '悦享 1.5匹 新三级能效 变频冷暖 壁挂式空调', 10],
  [
    'KF-26GW/GY-C3',
    'KF26',
    BRAND_MAIN,
    '空调',
    '凉夏 大1匹 定频单冷 壁挂式空调',
    5,
    { partsMonths: 36, labourMonths: 12 },
  ],
  [
    'KFR-50GW/GY-N1C1',
    'K50G',
    BRAND_MAIN,
    '空调',
    '清风 2匹 新一级能效 变频冷暖 壁挂式空调',
    4,
    { partsMonths: 120, labourMonths: 72 },
  ],
  [
    'KFR-51LW/GY-N1D1',
    'K51L',
    BRAND_MAIN,
    '空调',
    '云锦 2匹 新一级能效 变频冷暖 立柜式空调',
    5,
    { partsMonths: 120, labourMonths: 72 },
  ],
  [
    'KFR-72LW/GY-N1D1',
    'K72L',
    BRAND_MAIN,
    '空调',
    '云锦 3匹 新一级能效 变频冷暖 立柜式空调',
    4,
    { partsMonths: 120, labourMonths: 72 },
  ],
  [
    'KFR-35GW/GY-W1E1',
    'K35W',
    BRAND_MAIN,
    '空调',
    '鲜氧 1.5匹 新风 新一级能效 变频冷暖 壁挂式空调',
    2,
    { partsMonths: 120, labourMonths: 120 },
  ],
  [
    'RFC-120MW/GY-N1',
    'R120',
    BRAND_MAIN,
    '空调',
    '御府 5匹 一拖四 家用中央空调（多联机）',
    1,
    { partsMonths: 72, labourMonths: 72 },
  ],
  // 冰箱
  ['BCD-172', 'B172', BRAND_MAIN, '冰箱', '小鲜 172升 双门 直冷冰箱', 3],
  ['BCD-218WTM', 'B218', BRAND_MAIN, '冰箱', '鲜享 218升 三门 风冷无霜冰箱', 5],
  ['BCD-321WPT', 'B321', BRAND_MAIN, '冰箱', '鲜享 321升 法式多门 变频风冷冰箱', 4, { partsMonths: 120 }],
  [
    'BCD-455WDPV',
    'B455',
    BRAND_MAIN,
    '冰箱',
    '臻鲜 455升 十字对开门 一级能效 变频冰箱',
    4,
    { partsMonths: 120 },
  ],
  [
    'BCD-618WKPZM',
    'B618',
    BRAND_MAIN,
    '冰箱',
    '臻鲜 618升 对开门 一级能效 变频冰箱',
    2,
    { partsMonths: 120 },
  ],
  // 洗衣机 — XQB 波轮, XQG 滚筒, HBD 洗烘一体, DD 直驱电机.
  ['XQB80-36SP', 'X080', BRAND_MAIN, '洗衣机', '净净 8公斤 波轮洗衣机', 5],
  ['XQB100-DD86', 'X100', BRAND_MAIN, '洗衣机', '净净 10公斤 直驱变频 波轮洗衣机', 4, { partsMonths: 120 }],
  ['XQG100-B14276', 'G100', BRAND_MAIN, '洗衣机', '柔净 10公斤 变频 滚筒洗衣机', 6, { partsMonths: 120 }],
  [
    'XQG100-HBD14126L',
    'H100',
    BRAND_MAIN,
    '洗衣机',
    '柔净 10公斤 洗烘一体 滚筒洗衣机',
    4,
    { partsMonths: 120, labourMonths: 24 },
  ],
  [
    'XQG120-DD14',
    'G120',
    BRAND_MAIN,
    '洗衣机',
    '柔净 12公斤 直驱 滚筒洗衣机',
    2,
    { partsMonths: 120, labourMonths: 24 },
  ],
  // 燃气热水器 — JSQ + 热负荷 (kW) + 升数; 12T = 天然气.
  ['JSQ22-12GY0', 'J12A', BRAND_KITCHEN, '燃气热水器', '暖流 12升 恒温 燃气热水器（天然气）', 4],
  ['JSQ25-13GY1', 'J13A', BRAND_KITCHEN, '燃气热水器', '暖流 13升 恒温 燃气热水器（天然气）', 5],
  [
    'JSQ30-16GY2',
    'J16Z',
    BRAND_KITCHEN,
    '燃气热水器',
    '暖流 16升 零冷水 燃气热水器（天然气）',
    4,
    { partsMonths: 60, labourMonths: 60 },
  ],
  [
    'JSQ32-18GY3',
    'J18A',
    BRAND_KITCHEN,
    '燃气热水器',
    '暖流 18升 零冷水 增压 燃气热水器（天然气）',
    2,
    { partsMonths: 60, labourMonths: 60 },
  ],
  // 电热水器 — 内胆 8 年.
  ['F50-15GC', 'E50C', BRAND_WATER, '电热水器', '漓畅 50升 储水式 电热水器', 4],
  ['F60-21WA1', 'E60A', BRAND_WATER, '电热水器', '漓畅 60升 速热 一级能效 电热水器', 5],
  ['F80-32WB3', 'E80B', BRAND_WATER, '电热水器', '漓畅 80升 双胆速热 电热水器', 3, { partsMonths: 120 }],
  ['RSJ-15/150RDN3', 'A150', BRAND_WATER, '空气能热水器', '漓暖 150升 空气能热水器', 1],
  // 油烟机
  ['CXW-218-S1', 'C218', BRAND_KITCHEN, '油烟机', '风擎 侧吸式 吸油烟机 18m³/min', 4],
  ['CXW-230-T8', 'C230', BRAND_KITCHEN, '油烟机', '风擎 顶吸欧式 吸油烟机 20m³/min', 3],
  [
    'CXW-258-J05',
    'C258',
    BRAND_KITCHEN,
    '油烟机',
    '风擎 侧吸 变频 吸油烟机 22m³/min',
    4,
    { partsMonths: 60, labourMonths: 60 },
  ],
  [
    'CXW-260-JE9',
    'C260',
    BRAND_KITCHEN,
    '油烟机',
    '风擎 近吸式 挥手智控 吸油烟机 25m³/min',
    2,
    { partsMonths: 60, labourMonths: 60 },
  ],
  // 燃气灶 — JZT 天然气, JZY 液化石油气 (many rural homes in Guangxi cook on bottled LPG).
  ['JZT-Q230B', 'Z230', BRAND_KITCHEN, '燃气灶', '炎焰 4.5kW 嵌入式 双眼燃气灶（天然气）', 5],
  ['JZY-Q230B', 'Y230', BRAND_KITCHEN, '燃气灶', '炎焰 4.5kW 嵌入式 双眼燃气灶（液化气）', 4],
  [
    'JZT-Q560',
    'Z560',
    BRAND_KITCHEN,
    '燃气灶',
    '炎焰 5.2kW 定时 嵌入式燃气灶（天然气）',
    2,
    { partsMonths: 60, labourMonths: 60 },
  ],
  ['WQP13-7706', 'W13A', BRAND_KITCHEN, '洗碗机', '净澈 13套 嵌入式 洗碗机', 1],
  // 净水器 — filters are consumables, outside warranty.
  ['UF-2000L', 'U200', BRAND_WATER, '净水器', '清源 超滤 厨下式 净水器 2000L/h', 2],
  ['RO-600G-A2', 'R600', BRAND_WATER, '净水器', '清源 600G 反渗透 厨下式 净水器', 4],
  [
    'RO-1000G-P1',
    'R1K0',
    BRAND_WATER,
    '净水器',
    '清源 1000G 反渗透 厨下式 净水器',
    2,
    { partsMonths: 36, labourMonths: 24 },
  ],
  // 电视
  ['43V3', 'T43A', BRAND_MAIN, '电视', '视界 43英寸 全高清 智能电视', 3],
  ['55V5', 'T55A', BRAND_MAIN, '电视', '视界 55英寸 4K 智能电视', 5],
  ['65V5', 'T65A', BRAND_MAIN, '电视', '视界 65英寸 4K 智能电视', 4],
  ['75Q8', 'T75Q', BRAND_MAIN, '电视', '视界 75英寸 Mini LED 4K 智能电视', 1, { labourMonths: 36 }],
  // 扫地机器人
  ['SWR-T10', 'S10A', BRAND_SMART, '扫地机器人', '小象 T10 扫地机器人', 3],
  [
    'SWR-X20',
    'S20X',
    BRAND_SMART,
    '扫地机器人',
    '小象 X20 扫拖一体 自清洁 扫地机器人',
    2,
    { partsMonths: 24 },
  ],
];

/** The demo enterprise's categories and 45 product models. */
export const PRODUCT_CATALOG: ProductCatalog = {
  categories: CATEGORIES,
  models: SPECS.map(([code, serialPrefix, brand, category, name, popularity, override]) => ({
    code,
    name: `${brand} ${name}`,
    brand,
    category,
    serialPrefix,
    popularity,
    warranty: { ...warrantyOf(category), ...override },
  })),
};
