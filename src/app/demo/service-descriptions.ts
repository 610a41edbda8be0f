// Chinese descriptions of service requests and complaints for the demo history, as customers write them
// in the app and as agents note them on the phone: templates × symptoms × context, so that the triage
// classifier has real variety to learn from. Hazard texts always trip a safety rule; the others never do
// (the generator's tests check both).

import type { RequestType } from '../../domain/requests/request-lifecycle';
import type { ProductCategory, ProductModel } from './product-catalog';
import type { SeededRandom } from './seeded-random';

export interface DescribeContext {
  category: ProductCategory;
  model: ProductModel;
  /** Whole years since purchase. */
  ageYears: number;
  /** Days since purchase. */
  ageDays: number;
  city: string;
  /** Agent's note (hotline, outlet) rather than the customer's own words. */
  agentVoice: boolean;
}

type Bank = readonly string[];

const ROOMS: Partial<Record<ProductCategory, Bank>> = {
  空调: ['客厅', '主卧', '次卧', '书房', '儿童房', '老人房'],
  冰箱: ['厨房', '餐厅'],
  洗衣机: ['阳台', '卫生间'],
  燃气热水器: ['厨房', '阳台'],
  电热水器: ['卫生间', '浴室', '主卫'],
  空气能热水器: ['阳台', '楼顶'],
  电视: ['客厅', '卧室'],
};

const ERROR_CODES: Record<ProductCategory, Bank> = {
  空调: ['E1', 'E4', 'E6', 'F0', 'P4', 'H6', 'E5'],
  冰箱: ['F1', 'E6', 'E2'],
  洗衣机: ['E21', 'E30', 'F9', 'UNB', 'E3'],
  燃气热水器: ['E1', 'E2', 'E6', 'E7'],
  电热水器: ['E2', 'E3', 'E4'],
  空气能热水器: ['P1', 'E5', 'E9'],
  油烟机: ['E1', 'E3'],
  燃气灶: ['E1'],
  洗碗机: ['E1', 'E4', 'E9'],
  净水器: ['E1', 'E3'],
  电视: ['E01'],
  扫地机器人: ['E10', 'E13', 'E21'],
};

// What goes wrong, per category. None of these may trip a safety rule (no 冒烟, 漏电, 燃气…味, 漏水严重 …).
const SYMPTOMS: Record<ProductCategory, Bank> = {
  空调: [
    '不制冷',
    '制冷效果很差',
    '不制热',
    '开机没反应',
    '遥控器按了没反应',
    '外机不转',
    '内机滴水',
    '室内机往下滴水',
    '噪音很大',
    '有咔咔的异响',
    '出风有霉味',
    '启动几分钟就停机',
    '风很小',
    '自动关机',
    '外机结霜',
    '室内机嗡嗡响',
    '导风板不动',
    '吹出来是热风',
    '温度降不下来',
    '压缩机不启动',
    '一直显示除霜',
  ],
  冰箱: [
    '不制冷',
    '冷藏室不冷',
    '冷冻室不结冰',
    '冷藏室结冰',
    '压缩机一直响',
    '噪音特别大',
    '门关不严',
    '显示屏不亮',
    '底部有积水',
    '停机不启动',
    '里面的灯不亮',
    '温度降不下来',
    '食物放两天就坏',
    '制冰机不出冰',
  ],
  洗衣机: [
    '不脱水',
    '不进水',
    '不排水',
    '脱水时晃动厉害',
    '门打不开',
    '滚筒不转',
    '噪音很大',
    '底下渗水',
    '程序走一半停了',
    '甩干有异响',
    '按键没反应',
    '洗完衣服还是湿的',
    '一直在进水停不下来',
    '烘干功能不热',
  ],
  燃气热水器: [
    '打不着火',
    '点火后一会儿就熄火',
    '水温忽冷忽热',
    '不出热水',
    '风机声音很大',
    '出水量很小',
    '打开热水要等很久',
    '水温调不高',
    '显示屏不亮',
    '开热水时响一声就停',
    '冬天水不够热',
  ],
  电热水器: [
    '不加热',
    '加热很慢',
    '出水不热',
    '指示灯不亮',
    '底部渗水',
    '温控失灵',
    '水温达不到设定温度',
    '加热时有异响',
    '出水有异味',
    '洗一会儿就没热水了',
    '显示屏乱码',
  ],
  空气能热水器: ['不制热', '主机不启动', '噪音大', '水温很低', '主机一直结霜', '水压很小'],
  油烟机: [
    '吸力很小',
    '不转',
    '噪音很大',
    '漏油',
    '按键失灵',
    '有异响',
    '照明灯不亮',
    '挥手感应没反应',
    '开机就停',
    '油杯满了也不提示',
  ],
  燃气灶: [
    '打不着火',
    '点火后松手就熄',
    '火力很小',
    '一边打不着',
    '打火针不打火',
    '旋钮坏了',
    '熄火保护失灵',
    '火焰发红',
    '定时功能不好用',
  ],
  洗碗机: ['不进水', '不排水', '洗不干净', '不烘干', '门关不上', '洗到一半停了', '底部有积水'],
  净水器: [
    '不出水',
    '出水很慢',
    '一直排废水',
    '机器下面滴水',
    '显示缺水',
    '出水有异味',
    '制水停不下来',
    '水龙头关不紧',
    '出来的水有杂质',
  ],
  电视: [
    '黑屏',
    '有声音没图像',
    '屏幕有竖线',
    '不开机',
    '遥控失灵',
    '自动重启',
    '连不上网',
    '卡在开机画面',
    '画面一直闪',
    '显示无信号',
    '声音时有时无',
  ],
  扫地机器人: [
    '不回充',
    '充不进电',
    '轮子不转',
    '主刷不转',
    '连不上WiFi',
    '一直原地转圈',
    '报错请清理传感器',
    '拖布不出水',
    '吸力变小',
    '地图丢了',
  ],
};

const OPENERS: Bank = ['', '', '', '', '你好，', '您好，', '师傅你好，', '客服你好，', '你好 '];
const WHEN: Bank = [
  '',
  '',
  '',
  '昨天开始',
  '这两天',
  '今天早上',
  '最近一周',
  '刚才',
  '从上周开始',
  '前天晚上',
  '这几天一直',
  '最近老是',
];
const DETAILS_COMMON: Bank = [
  '重启也没用',
  '断电重开还是一样',
  '拔了插头再插上也不行',
  '按说明书试过了还是不行',
  '家里有老人小孩',
  '已经好几天了',
  '之前没出过问题',
  '没有乱动过',
];
const DETAILS: Partial<Record<ProductCategory, Bank>> = {
  空调: ['天气热得受不了', '晚上根本睡不着', '滤网刚洗过'],
  燃气热水器: ['洗澡没法洗', '家里老人要洗澡', '燃气表有气'],
  电热水器: ['洗澡没法洗', '家里老人要洗澡'],
  冰箱: ['里面的菜都坏了', '刚买了很多菜'],
  洗衣机: ['衣服都泡在里面', '衣服洗不了'],
  电视: ['小孩要看动画片', '机顶盒是好的'],
};
const CLOSERS: Bank = [
  '',
  '',
  '麻烦尽快派师傅上门',
  '请安排师傅来看看',
  '帮忙处理一下',
  '什么时候能来修',
  '请尽快联系我',
  '明天上午家里有人',
  '下午在家，可以上门',
  '要上门维修',
  '麻烦过来修一下',
  '谢谢',
  '急用',
];
const NOTE_PREFIX: Bank = ['客户来电反映', '客户来电：', '用户反映', '客户称', '来电报修，', '客户反映'];
const OUTLET_PREFIX: Bank = ['客户到店反映', '门店登记：', '客户到店报修，'];
const NOTE_SUFFIX: Bank = ['', '', '，已约上门', '，要求尽快处理', '，客户白天在家', '，已告知上门费用标准'];

const sep = (r: SeededRandom) => r.pick(['，', '，', '，', ' ', '。']);

// Politeness and urgency that any kind of request may carry (so they teach the classifier nothing).
const POLITE: Bank = ['谢谢', '麻烦尽快', '请尽快联系我', '麻烦了', '尽快安排一下', '麻烦师傅上门', '请回电'];
const polite = (r: SeededRandom, p: number) => (r.chance(p) ? `${sep(r)}${r.pick(POLITE)}` : '');

/** How the request names the product: 家里的空调, 主卧的空调, 桂韵空调, 型号 KFR-… 的空调 … */
function objectRef(r: SeededRandom, c: DescribeContext): string {
  const cat = c.category;
  const rooms = ROOMS[cat];
  const roll = r.next();
  if (roll < 0.25) return cat;
  if (roll < 0.4) return `家里的${cat}`;
  if (roll < 0.5) return `我家${cat}`;
  if (roll < 0.62 && rooms) return `${r.pick(rooms)}的${cat}`;
  if (roll < 0.7) return `${c.model.brand}${cat}`;
  if (roll < 0.78 && c.ageYears >= 1) return `${c.ageYears > 1 ? `${c.ageYears}年前` : '去年'}买的${cat}`;
  if (roll < 0.84) return `型号${c.model.code}的${cat}`;
  if (roll < 0.92) return `家里那台${cat}`;
  return `${cat}`;
}

function symptomPhrase(r: SeededRandom, cat: ProductCategory): string {
  if (r.chance(0.12)) {
    const code = r.pick(ERROR_CODES[cat]);
    return r.pick([
      `显示${code}故障码`,
      `屏幕显示${code}`,
      `报${code}`,
      `一开机就报${code}`,
      `面板上显示${code}`,
    ]);
  }
  return r.pick(SYMPTOMS[cat]);
}

function join(parts: readonly string[], r: SeededRandom): string {
  const kept = parts.filter(Boolean);
  let out = '';
  for (const [i, p] of kept.entries()) out += i === 0 ? p : `${sep(r)}${p}`;
  return out;
}

/** A fault description (repair). */
export function repairText(r: SeededRandom, c: DescribeContext): string {
  const s1 = symptomPhrase(r, c.category);
  let s2 = r.chance(0.3) ? symptomPhrase(r, c.category) : '';
  if (s2 === s1) s2 = '';
  const details = [...DETAILS_COMMON, ...(DETAILS[c.category] ?? [])];
  const detail = r.chance(0.35) ? r.pick(details) : '';
  const when = r.pick(WHEN);
  if (c.agentVoice) {
    const head = r.pick(c.category === '燃气灶' && r.chance(0.3) ? OUTLET_PREFIX : NOTE_PREFIX);
    return `${head}${objectRef(r, c)}${when}${join([s1, s2, detail], r)}${r.pick(NOTE_SUFFIX)}`;
  }
  // Some customers mention an earlier installation or ask "what to do" — words the keyword rules misread.
  const twist = r.next();
  if (twist < 0.05) return `${objectRef(r, c)}安装好以后一直${s1}${sep(r)}${r.pick(CLOSERS) || '请派人来修'}`;
  if (twist < 0.08) return `${objectRef(r, c)}${s1}怎么办${sep(r)}要上门修吗`;
  return `${r.pick(OPENERS)}${objectRef(r, c)}${when}${join([s1, s2, detail, r.pick(CLOSERS)], r)}`;
}

/** A fault the unit reported itself (IoT channel). */
export function iotRepairText(r: SeededRandom, c: DescribeContext): string {
  const code = r.pick(ERROR_CODES[c.category]);
  return r.pick([
    `【设备自动报修】${c.category}上报故障码${code}，${r.pick(SYMPTOMS[c.category])}`,
    `【IoT告警】${c.model.code} 故障代码${code}，设备运行异常`,
    `设备上报故障${code}：${r.pick(SYMPTOMS[c.category])}`,
    `【设备自动报修】故障码${code}，已连续上报${r.int(2, 9)}次`,
  ]);
}

const INSTALL_CUSTOMER: Bank = [
  '新买的{cat}需要安装',
  '{cat}刚送到，麻烦安排师傅上门安装',
  '预约安装{cat}',
  '{cat}到货了，约个时间装一下',
  '买了{brand}{cat}，什么时候能来装',
  '新房装修好了，{cat}要装',
  '{cat}已经签收，请派人上门调试',
  '刚买的{cat}，想约师傅上门',
  '{cat}送到家了还没装，约明天上门',
  '在{city}店里买的{cat}，需要上门装',
  '{cat}到了，麻烦约一下上门时间',
  '下单的{cat}已经到了，请安排安装师傅',
  '{cat}要装在{room}，墙是砖墙',
  '新{cat}到了，请师傅上门装机',
  '预约上门安装，{cat}一台',
  '买的{cat}到了，约师傅上门调试',
];
const INSTALL_MOVE: Bank = [
  '{cat}要移机，从客厅移到卧室',
  '搬家了，{cat}需要拆了重新装',
  '{cat}想换个位置装',
  '装修要把{cat}拆下来，装修完再装回去',
];
const INSTALL_EXTRA: Bank = [
  '',
  '',
  '',
  '需要带支架',
  '周末在家',
  '旧机需要拆掉',
  '要不要另外收费',
  '下午两点以后有人',
  '小区要提前登记',
  '需要打孔',
];
const INSTALL_AGENT: Bank = [
  '客户购买{cat}，预约安装',
  '新机安装：{cat}',
  '来电预约{cat}安装',
  '门店开单，{cat}送装',
  '客户新购{brand}{cat}一台，约装',
];

function fill(template: string, r: SeededRandom, c: DescribeContext): string {
  const rooms = ROOMS[c.category] ?? ['家里'];
  return template
    .replaceAll('{cat}', c.category)
    .replaceAll('{brand}', c.model.brand)
    .replaceAll('{city}', c.city)
    .replaceAll('{room}', r.pick(rooms))
    .replaceAll('{code}', r.pick(ERROR_CODES[c.category]))
    .replaceAll('{n}', String(Math.max(1, c.ageDays)));
}

/** An installation (or relocation) request. */
export function installationText(r: SeededRandom, c: DescribeContext, move = false): string {
  if (move) return fill(r.pick(INSTALL_MOVE), r, c);
  if (c.agentVoice)
    return (
      fill(r.pick(INSTALL_AGENT), r, c) + (r.chance(0.4) ? `，${r.pick(INSTALL_EXTRA.filter(Boolean))}` : '')
    );
  const extra = r.pick(INSTALL_EXTRA);
  return `${r.pick(OPENERS)}${fill(r.pick(INSTALL_CUSTOMER), r, c)}${extra ? `${sep(r)}${extra}` : ''}${polite(r, 0.3)}`;
}

const MAINTENANCE: Partial<Record<ProductCategory, Bank>> = {
  空调: [
    '{cat}想清洗一下',
    '{cat}用了两年了想洗洗',
    '夏天快到了，{cat}想做个保养',
    '{cat}滤网脏了，想上门深度清洁',
    '{cat}出风有味道，想清洗',
    '{cat}要加氟',
    '{cat}外机想清理一下灰尘',
    '预约{cat}清洗服务',
    '{cat}该做保养了',
    '{cat}好久没洗了，约个师傅来洗',
    '{cat}想做一次内机拆洗',
  ],
  净水器: [
    '净水器提示更换滤芯',
    '滤芯到期了，需要换',
    '净水器该换芯了',
    '净水器红灯亮，提示换滤芯',
    '想预约上门换滤芯',
    '滤芯用了一年了，约师傅来换',
    '净水器滤芯快到期了',
  ],
  油烟机: [
    '油烟机油太多了想拆洗',
    '油烟机想做个清洗',
    '油烟机油网很脏，想上门清洗',
    '油烟机该保养了',
    '油烟机想深度清洁一下',
  ],
  燃气热水器: ['热水器用了三年想保养一下', '燃气热水器想做个年度保养', '热水器想除垢', '燃气热水器年检'],
  电热水器: [
    '热水器该除垢了',
    '电热水器想换个镁棒',
    '热水器内胆想清洗',
    '电热水器用了几年了想保养',
    '热水器镁棒该换了',
  ],
  空气能热水器: ['空气能热水器想保养一下', '空气能水箱想清洗'],
  洗衣机: ['洗衣机有点臭想做个桶清洁', '洗衣机想清洗一下内筒', '洗衣机用了几年想保养', '洗衣机想拆洗一下'],
  洗碗机: ['洗碗机想保养一下', '洗碗机滤网想请师傅清洗'],
  冰箱: ['冰箱想做个清洁保养'],
};
const MAINTENANCE_ANY: Bank = ['{cat}想做个保养', '{cat}想预约上门检查保养', '{cat}用久了想请师傅来维护一下'];
const MAINTENANCE_AGENT: Bank = ['客户预约{cat}清洗', '来电预约保养：{cat}', '客户要求{cat}上门保养'];

/** A maintenance request (cleaning, filters, descaling, refrigerant). */
export function maintenanceText(r: SeededRandom, c: DescribeContext): string {
  if (c.agentVoice && r.chance(0.5)) return fill(r.pick(MAINTENANCE_AGENT), r, c);
  const own = MAINTENANCE[c.category];
  const t = own && r.chance(0.85) ? r.pick(own) : r.pick(MAINTENANCE_ANY);
  const extra = r.chance(0.3) ? r.pick(['周末有空', '请约个时间', '多少钱', '上午在家', '顺便检查一下']) : '';
  return `${r.pick(OPENERS)}${fill(t, r, c)}${extra ? `${sep(r)}${extra}` : ''}${polite(r, 0.3)}`;
}

/** A filter or cleaning reminder sent by the unit (IoT channel). */
export function iotMaintenanceText(r: SeededRandom, c: DescribeContext): string {
  if (c.category === '净水器') return `【设备提醒】滤芯剩余寿命${r.int(1, 9)}%，请及时更换`;
  return `【设备提醒】${c.category}运行${r.int(800, 3000)}小时，建议清洗保养`;
}

const FEATURES: Partial<Record<ProductCategory, Bank>> = {
  空调: ['睡眠模式', '自清洁', '除湿模式', '定时关机', '省电模式'],
  洗衣机: ['童锁', '筒自洁', '预约洗涤', '烘干'],
  燃气热水器: ['预约加热', '节能模式', '零冷水'],
  电热水器: ['预约加热', '节能模式', '速热'],
  电视: ['投屏', '儿童模式', '开机广告'],
  扫地机器人: ['定时清扫', '禁区设置', '拖地模式'],
  冰箱: ['速冻', '假日模式'],
  净水器: ['滤芯复位'],
};
const CONSULT: Bank = [
  '请问{cat}的保修期是多久',
  '{cat}保修几年',
  '{cat}显示{code}是什么意思',
  '{cat}延保怎么买',
  '发票丢了{cat}还能保修吗',
  '{cat}移机收费标准是什么',
  '清洗{cat}多少钱',
  '{cat}配件在哪里买',
  '{cat}耗电大不大',
  '{cat}需不需要定期保养',
  '{cat}的说明书找不到了，有电子版吗',
  '{cat}怎么连手机APP',
  '以旧换新有什么活动',
  '{cat}能不能自己装',
  '上次的维修单据怎么查',
  '想查一下维修进度',
  '你们在{city}的网点在哪里',
  '保修期过了维修怎么收费',
  '{cat}需要预留多大的位置',
  '{cat}的滤网多久洗一次',
  '{cat}的电子保修卡在哪里看',
  '问一下{cat}的安装收费标准',
  '{cat}冬天用什么模式比较省电',
];
const CONSULT_AGENT: Bank = ['客户咨询{topic}，已解答', '来电咨询：{topic}', '客户询问{topic}'];
const TOPICS: Bank = [
  '保修政策',
  '延保服务',
  '收费标准',
  '网点地址',
  '维修进度',
  '使用方法',
  '以旧换新活动',
  '配件价格',
];

/** A question (consultation). */
export function consultationText(r: SeededRandom, c: DescribeContext): string {
  if (c.agentVoice && r.chance(0.45)) {
    const topic = r.chance(0.5) ? `${c.category}${r.pick(TOPICS)}` : r.pick(TOPICS);
    return r.pick(CONSULT_AGENT).replace('{topic}', topic);
  }
  const features = FEATURES[c.category];
  if (features && r.chance(0.3)) {
    const f = r.pick(features);
    return `${r.pick(OPENERS)}${c.category}的${f}${r.pick(['怎么用', '怎么开', '在哪里设置', '是干什么的', '要怎么关掉'])}`;
  }
  return `${r.pick(OPENERS)}${fill(r.pick(CONSULT), r, c)}${polite(r, 0.15)}`;
}

const RETURN_REASONS: Bank = [
  '外观有划痕',
  '型号发错了',
  '尺寸不合适',
  '颜色不对',
  '买贵了',
  '家里人不喜欢',
  '和描述的不一样',
];

/** A return or exchange within the 7-day period. */
export function returnText(r: SeededRandom, c: DescribeContext): string {
  const days = Math.max(1, c.ageDays);
  const s = r.pick(SYMPTOMS[c.category]);
  const reason = r.pick(RETURN_REASONS);
  if (c.agentVoice && r.chance(0.5))
    return r.pick([
      `客户要求退机：${reason}`,
      `购买${days}天，${s}，申请退货`,
      `客户申请退换${c.category}，${reason}`,
    ]);
  return `${r.pick([
    `刚买${days}天就${s}，要求退货`,
    `买了不到一周，${s}，想退`,
    `七天无理由退货，${c.category}${reason}`,
    `${c.category}${reason}，要换新的`,
    `收到的${c.category}${reason}，要退掉`,
    `${c.category}不想要了，能退吗`,
    `${c.category}${reason}，申请退款`,
    `新买的${c.category}${s}，申请换货`,
    `${c.category}送来就是坏的，要求退换`,
    `${days}天前买的${c.category}，${reason}，怎么退`,
    `${c.category}收到${days}天，${s}，给我换一台`,
  ])}${polite(r, 0.3)}`;
}

const GAS_HAZARDS: Bank = [
  '厨房有很重的煤气味',
  '{cat}那里闻到天然气味道',
  '{cat}关了还有燃气味',
  '{cat}漏气，闻到煤气味',
  '液化气罐接口漏气，嘶嘶响',
  '燃气报警器一直响，闻到煤气味',
  '{cat}旁边有股燃气臭味',
  '开{cat}的时候闻到很浓的天然气味',
  '洗澡时头晕，怀疑{cat}一氧化碳',
  '{cat}接口处漏气',
];
const ELECTRIC_HAZARDS: Bank = [
  '{cat}漏电，手碰到发麻',
  '{cat}外壳带电',
  '{cat}插头烧焦了',
  '{cat}插座冒火花',
  '开{cat}跳闸还冒烟',
  '{cat}漏电，洗澡时被电了一下',
];
const FIRE_HAZARDS: Bank = [
  '{cat}冒烟了',
  '{cat}有焦糊味',
  '{cat}后面冒烟，有烧焦的味道',
  '{cat}电源线烧焦了',
  '{cat}里面有火花',
  '{cat}突然起火了',
  '{cat}出风有股烧焦味',
];
const WATER_HAZARDS: Bank = [
  '{cat}爆管喷水',
  '{cat}进水管爆了，水淹厨房',
  '{cat}漏水不停，已经淹到楼下了',
  '{cat}接头喷水，关不住',
  '{cat}管子脱落漏水不停',
  '{cat}漏水严重，满地都是水',
];
const BURST_HAZARDS: Partial<Record<ProductCategory, Bank>> = {
  扫地机器人: ['扫地机器人电池鼓包了', '扫地机器人充电时电池鼓包'],
  燃气灶: ['燃气灶玻璃面板突然炸裂'],
  冰箱: ['冰箱后面冒烟，有焦糊味'],
};
const HAZARD_EXTRA: Bank = [
  '',
  '',
  '家里有老人小孩，请马上派人',
  '已经关了总阀',
  '已经拉了电闸',
  '很着急',
  '请尽快',
  '人已经离开屋子了',
];

/** The kinds of hazard a category can present. */
function hazardBanks(cat: ProductCategory): Bank[] {
  switch (cat) {
    case '燃气热水器':
      return [GAS_HAZARDS, GAS_HAZARDS, GAS_HAZARDS, WATER_HAZARDS];
    case '燃气灶':
      return [GAS_HAZARDS, GAS_HAZARDS, GAS_HAZARDS, BURST_HAZARDS.燃气灶 as Bank];
    case '电热水器':
      return [ELECTRIC_HAZARDS, ELECTRIC_HAZARDS, WATER_HAZARDS, FIRE_HAZARDS];
    case '洗衣机':
    case '洗碗机':
      return [ELECTRIC_HAZARDS, WATER_HAZARDS, WATER_HAZARDS];
    case '净水器':
      return [WATER_HAZARDS];
    case '扫地机器人':
      return [BURST_HAZARDS.扫地机器人 as Bank, FIRE_HAZARDS];
    case '冰箱':
      return [BURST_HAZARDS.冰箱 as Bank, ELECTRIC_HAZARDS];
    default:
      return [FIRE_HAZARDS, FIRE_HAZARDS, ELECTRIC_HAZARDS];
  }
}

/** A safety hazard (gas, electricity, smoke or fire, flooding, bursting): always an emergency. */
export function emergencyText(r: SeededRandom, c: DescribeContext): string {
  const text = fill(r.pick(r.pick(hazardBanks(c.category))), r, c);
  const extra = r.pick(HAZARD_EXTRA);
  const head = c.agentVoice ? r.pick(['紧急：客户来电称', '客户来电：', '']) : r.pick(OPENERS);
  return `${head}${text}${extra ? `，${extra}` : ''}`;
}

/** Texts that could honestly be more than one type (~5 %): the final type is one of `types`. */
export function ambiguousText(r: SeededRandom, c: DescribeContext): { text: string; types: RequestType[] } {
  const s = r.pick(SYMPTOMS[c.category]);
  const options: { text: string; types: RequestType[] }[] = [
    { text: `${c.category}有点问题，麻烦来看看`, types: ['repair', 'repair', 'maintenance'] },
    { text: `${c.category}效果不太好，想让师傅上门检查一下`, types: ['repair', 'maintenance'] },
    {
      text: `${c.category}显示${r.pick(ERROR_CODES[c.category])}，请问怎么处理`,
      types: ['consultation', 'repair'],
    },
    { text: `刚装的${c.category}${s}`, types: ['installation', 'repair'] },
    { text: `${c.category}买了没几天${s}，想换一台`, types: ['return', 'repair'] },
    { text: `${c.category}的事情，请回电`, types: ['consultation', 'repair'] },
    { text: `${c.category}不太好用`, types: ['repair', 'consultation'] },
    { text: `想了解一下${c.category}清洗`, types: ['consultation', 'maintenance'] },
  ];
  return r.pick(options);
}

// ---- complaints ---------------------------------------------------------------------------------------

export type ComplaintCause =
  | 'late'
  | 'no-contact'
  | 'repeat'
  | 'parts-wait'
  | 'attitude'
  | 'charge'
  | 'product';

const COMPLAINTS: Record<ComplaintCause, Bank> = {
  late: [
    '师傅约好上门，结果迟到了两个小时也没打电话',
    '约的上午上门，等了一上午没人来',
    '维修人员不守时，让我请假白等',
    '预约时间到了师傅才说来不了',
  ],
  'no-contact': ['报修半天了都没人联系我', '打了几次电话都说会回电，一直没人回', '提交报修后一直没人处理'],
  repeat: [
    '{cat}修了两次还是{s}，要求换机',
    '上次修好的{cat}没几天又坏了',
    '{cat}反复维修，问题一直没解决，要求赔偿',
    '同一个问题修了三次了，非常不满意',
  ],
  'parts-wait': ['等配件等了一周多还没修好', '说要换配件，到现在都没消息', '{cat}坏了这么久配件还没到'],
  attitude: [
    '维修师傅态度很差',
    '客服说话很不耐烦',
    '师傅上门不穿鞋套，弄脏了地板',
    '师傅干完活垃圾都没带走',
  ],
  charge: ['上门收费不透明，换个零件收了{n}元', '在保修期内还收了上门费', '维修报价太高，和官网价格不一样'],
  product: ['刚买的{cat}{s}，售后一直推诿', '{cat}质量太差，用了不到一年就坏了', '{cat}宣传的功能实际没有'],
};

/** A complaint text for its cause. */
export function complaintText(r: SeededRandom, cause: ComplaintCause, category: ProductCategory): string {
  return r
    .pick(COMPLAINTS[cause])
    .replaceAll('{cat}', category)
    .replaceAll('{s}', r.pick(SYMPTOMS[category]))
    .replaceAll('{n}', String(r.int(3, 30) * 10));
}
