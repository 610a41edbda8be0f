// A deterministic, pure generator of the demo enterprise's installed base: customers across Guangxi with
// their addresses, locations, contacts and the appliances they bought (serials, purchase and installation).
// Same options → identical output; nothing is read from the clock or the outside world.
// Prefix-stable: the first N customers do not depend on how many are asked for.

import { createPersonGenerator, type Gender, type PersonGenerator } from './chinese-names';
import { epochDays } from './epoch-days';
import { type AreaClass, type City, type District, GUANGXI_GEOGRAPHY } from './guangxi-geography';
import { type CategoryProfile, PRODUCT_CATALOG, type ProductModel } from './product-catalog';
import { SeededRandom } from './seeded-random';

export interface GenerateInstalledBaseOptions {
  seed: number | string;
  /** How many customers (0 … 1,000,000). */
  customers: number;
  /** `YYYY-MM-DD`: the day the demo starts; every purchase and installation happened before it. */
  asOf: string;
}

export interface DemoUnit {
  serial: string;
  modelCode: string;
  /** `YYYY-MM-DD`, before `asOf`. */
  purchasedAt: string;
  /** `YYYY-MM-DD`; null when the model needs no installation, or its installation is still pending at `asOf`. */
  installedAt: string | null;
}

export type ContactRelation = '配偶' | '子女' | '父母' | '物业';

export interface DemoContact {
  name: string;
  phone: string;
  relation: ContactRelation;
}

export interface DemoCustomer {
  /** Stable key within one generated set: `C000001`, `C000002`, … */
  key: string;
  name: string;
  phone: string;
  address: string;
  city: string;
  district: string;
  areaClass: AreaClass;
  location: { lat: number; lng: number };
  contacts: DemoContact[];
  units: DemoUnit[];
}

export interface DemoInstalledBase {
  seed: number | string;
  asOf: string;
  productCategories: CategoryProfile[];
  productModels: ProductModel[];
  customers: DemoCustomer[];
}

const PURCHASE_WINDOW_DAYS = 6 * 365;
const UNITS_PER_CUSTOMER = [1, 2, 3, 4] as const;
const UNITS_WEIGHTS = [55, 25, 13, 7];
const INSTALL_DELAY_WEIGHTS = [12, 28, 20, 13, 8, 6, 4, 3, 2, 2, 2]; // days 0 … 10
const INSTALL_DELAYS = INSTALL_DELAY_WEIGHTS.map((_, i) => i);
const AREA_FACTOR: Record<AreaClass, number> = { urban: 1.6, suburban: 1.0, rural: 0.55 };
const DEFAULT_SPREAD_KM: Record<AreaClass, number> = { urban: 2.5, suburban: 3.5, rural: 9 };
const KM_PER_DEGREE_LAT = 111.2;
const CONTACT_RELATIONS: readonly ContactRelation[] = ['配偶', '子女', '父母', '物业'];
const CONTACT_WEIGHTS = [45, 30, 10, 15];

interface Place {
  city: City;
  district: District;
}

interface Compound {
  uid: number;
  name: string;
  /** Road, number and (in a county) the seat town: everything of the address before the compound name. */
  street: string;
  buildings: number;
  entrances: number;
  floors: number;
  roomsPerFloor: number;
  managed: boolean;
  lat: number;
  lng: number;
}

interface Village {
  uid: number;
  /** `<town><village>村` */
  name: string;
  tuns: string[];
  lat: number;
  lng: number;
}

interface DistrictPlaces {
  streetsUid: number;
  compounds: Compound[];
  villages: Village[];
}

interface Residence {
  address: string;
  lat: number;
  lng: number;
  compound: Compound | null;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function validate(options: GenerateInstalledBaseOptions): number {
  const { customers, seed } = options;
  if (!Number.isInteger(customers) || customers < 0 || customers > 1_000_000) {
    throw new RangeError(`customers must be an integer between 0 and 1000000, got ${customers}`);
  }
  if (typeof seed === 'number' ? !Number.isFinite(seed) : typeof seed !== 'string') {
    throw new RangeError('seed must be a finite number or a string');
  }
  return epochDays.parse(options.asOf);
}

/** Generates `customers` demo customers with their installed units, reproducibly from `seed`. */
export function generateInstalledBase(options: GenerateInstalledBaseOptions): DemoInstalledBase {
  const asOfDay = validate(options);
  const root = new SeededRandom(options.seed);
  const rng = root.fork('customers');
  const people: PersonGenerator = createPersonGenerator(rng);
  const geo = GUANGXI_GEOGRAPHY;
  const { bounds } = geo;

  // ---- where customers live -------------------------------------------------------------------------
  const places: Place[] = geo.cities.flatMap((city) =>
    city.districts.map((district) => ({ city, district })),
  );
  const pickPlace = rng.weightedPicker(
    places,
    (p) => p.district.population * AREA_FACTOR[p.district.areaClass] * p.city.marketFactor,
  );
  const placePools = new Map<District, DistrictPlaces>();
  let nextUid = 1;

  const jitter = (r: SeededRandom, lat: number, lng: number, sdKm: number): { lat: number; lng: number } => {
    const dLat = r.truncatedNormal(0, sdKm, 2.5) / KM_PER_DEGREE_LAT;
    const dLng = r.truncatedNormal(0, sdKm, 2.5) / (KM_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
    return {
      lat: Math.min(bounds.maxLat - 0.01, Math.max(bounds.minLat + 0.01, lat + dLat)),
      lng: Math.min(bounds.maxLng - 0.01, Math.max(bounds.minLng + 0.01, lng + dLng)),
    };
  };

  const buildPlaces = ({ city, district }: Place): DistrictPlaces => {
    // Each district's compounds and villages depend only on the seed and the district's name.
    const r = root.fork(`places/${city.name}${district.name}`);
    const cls = district.areaClass;
    const spread = district.spreadKm ?? DEFAULT_SPREAD_KM[cls];
    const roads = district.roads && district.roads.length > 0 ? district.roads : geo.commonRoads;
    const employers = [...(city.employers ?? []), ...geo.commonEmployers];
    const compoundCount = Math.max(
      6,
      Math.min(80, Math.round(district.population * (cls === 'urban' ? 0.8 : 0.35))),
    );
    const names = new Set<string>();
    const compounds: Compound[] = [];
    for (const known of district.compounds ?? []) names.add(known);
    const knownNames = [...names];
    for (let i = 0; compounds.length < compoundCount && i < compoundCount * 20; i++) {
      const known = knownNames[compounds.length];
      const dorm = known === undefined && r.chance(cls === 'urban' ? 0.1 : 0.2);
      let name = known;
      if (name === undefined) {
        name = dorm
          ? `${r.pick(employers)}宿舍`
          : (r.chance(0.25) ? r.pick(city.localNames) : r.pick(geo.compoundPrefixes)) +
            r.pick(geo.compoundSuffixes);
        if (names.has(name)) continue;
        names.add(name);
      }
      const road = r.pick(roads);
      const seatPart = cls === 'rural' ? (district.seat ?? '') : '';
      const highRise = !dorm && (cls === 'urban' ? r.chance(0.8) : r.chance(0.35));
      const at = jitter(r, district.lat, district.lng, cls === 'rural' ? Math.min(1.5, spread) : spread);
      compounds.push({
        uid: nextUid++,
        name,
        street: `${seatPart}${road}${r.int(1, 399)}号`,
        buildings: dorm ? r.int(2, 8) : r.int(4, 32),
        entrances: dorm ? r.int(1, 2) : r.int(1, 4),
        floors: dorm ? r.int(5, 7) : highRise ? r.int(18, 33) : r.int(6, 11),
        roomsPerFloor: dorm ? 2 : r.int(2, 4),
        managed: !dorm,
        ...at,
      });
    }
    const villages: Village[] = [];
    if (cls !== 'urban') {
      const villageSpread = cls === 'suburban' ? spread * 2.2 : spread;
      for (const town of district.towns ?? []) {
        const count = r.int(4, 8);
        const used = new Set<string>();
        for (let v = 0; v < count; v++) {
          const stem = toponym(r, geo.villageFirst, geo.villageSecond);
          if (used.has(stem)) continue;
          used.add(stem);
          const tunCount = r.int(2, 6);
          const tuns = new Set<string>();
          for (let t = 0; t < tunCount; t++) tuns.add(toponym(r, geo.villageFirst, geo.villageSecond));
          villages.push({
            uid: nextUid++,
            name: `${town}${stem}村`,
            tuns: [...tuns],
            ...jitter(r, district.lat, district.lng, villageSpread),
          });
        }
      }
    }
    return { streetsUid: nextUid++, compounds, villages };
  };

  const poolOf = (place: Place): DistrictPlaces => {
    let pool = placePools.get(place.district);
    if (!pool) {
      pool = buildPlaces(place);
      placePools.set(place.district, pool);
    }
    return pool;
  };

  // Addresses are kept unique through numeric keys (cheaper than hashing the long address strings).
  const usedAddresses = new Set<number>();
  const ADDRESS_SLOTS = 4_000_000;
  const residenceIn = (place: Place): Residence => {
    const { city, district } = place;
    const pool = poolOf(place);
    const cls = district.areaClass;
    const head = `${geo.province}${city.name}${district.name}`;
    for (let attempt = 0; ; attempt++) {
      const roll = rng.next();
      if (pool.villages.length > 0 && (cls === 'rural' ? roll < 0.6 : cls === 'suburban' && roll < 0.35)) {
        const village = rng.pick(pool.villages);
        const tun = rng.int(0, village.tuns.length - 1);
        const number = rng.int(1, 120);
        const key = village.uid * ADDRESS_SLOTS + tun * 1000 + number;
        if (usedAddresses.has(key) && attempt < 20) continue;
        usedAddresses.add(key);
        const at = jitter(rng, village.lat, village.lng, 0.4);
        return { address: `${head}${village.name}${village.tuns[tun]}屯${number}号`, ...at, compound: null };
      }
      if (cls === 'rural' && roll < 0.8) {
        // A self-built house on a street of the county seat.
        const roads = district.roads ?? geo.commonRoads;
        const road = rng.int(0, roads.length - 1);
        const number = rng.int(1, 399);
        const key = pool.streetsUid * ADDRESS_SLOTS + road * 1000 + number;
        if (usedAddresses.has(key) && attempt < 20) continue;
        usedAddresses.add(key);
        const at = jitter(rng, district.lat, district.lng, Math.min(1.2, district.spreadKm ?? 1.2));
        return { address: `${head}${district.seat ?? ''}${roads[road]}${number}号`, ...at, compound: null };
      }
      const c = rng.pick(pool.compounds);
      const floor = rng.int(c.floors > 7 ? 2 : 1, c.floors);
      const room = floor * 100 + rng.int(1, c.roomsPerFloor);
      const building = rng.int(1, c.buildings);
      const entrance = rng.int(1, c.entrances);
      const key = c.uid * ADDRESS_SLOTS + building * 100_000 + entrance * 10_000 + room;
      if (usedAddresses.has(key) && attempt < 20) continue;
      usedAddresses.add(key);
      const at = jitter(rng, c.lat, c.lng, 0.08);
      return {
        address: `${head}${c.street}${c.name}${building}栋${entrance}单元${room}室`,
        ...at,
        compound: c,
      };
    }
  };

  // ---- what they bought -----------------------------------------------------------------------------
  const catalog = PRODUCT_CATALOG;
  const pickCategory = rng.weightedPicker(catalog.categories, (c) => c.share);
  const modelPickers = {} as Record<AreaClass, Map<CategoryProfile, () => ProductModel>>;
  for (const area of ['urban', 'suburban', 'rural'] as const) {
    modelPickers[area] = new Map();
    for (const category of catalog.categories) {
      const models = catalog.models.filter((m) => m.category === category.category);
      modelPickers[area].set(
        category,
        rng.weightedPicker(models, (m) => m.popularity * areaPreference(m, area)),
      );
    }
  }
  const seasonPeak = new Map(catalog.categories.map((c) => [c, Math.max(...c.seasonality)]));
  const categoryOf = new Map(catalog.categories.map((c) => [c.category, c]));
  const serialCounters = new Map<number, number>();
  const modelIndex = new Map(catalog.models.map((m, i) => [m, i]));

  const purchaseDay = (category: CategoryProfile): number => {
    const season = category.seasonality;
    const peak = seasonPeak.get(category)!;
    for (let attempt = 0; ; attempt++) {
      // Sales grew over the years: a triangular age density (recent = likely) mixed with a uniform fifth.
      const u = rng.next();
      const back = rng.chance(0.2) ? u : 1 - Math.sqrt(u);
      const day = asOfDay - 1 - Math.floor(back * (PURCHASE_WINDOW_DAYS - 1));
      if (attempt >= 30 || rng.next() * peak < season[epochDays.civil(day).month - 1]) return day;
    }
  };

  const serialFor = (model: ProductModel, purchased: number): string => {
    const made = epochDays.civil(purchased);
    let months = made.year * 12 + (made.month - 1) - rng.int(0, 4);
    const year = Math.floor(months / 12);
    months -= year * 12;
    const yymm = `${String(year % 100).padStart(2, '0')}${String(months + 1).padStart(2, '0')}`;
    const key = modelIndex.get(model)! * 100_000 + year * 12 + months;
    const previous = serialCounters.get(key);
    const seq = previous === undefined ? rng.int(1_000, 40_000) : previous + rng.int(1, 60);
    serialCounters.set(key, seq);
    return `${model.serialPrefix}-${yymm}-${String(seq).padStart(7, '0')}`;
  };

  const unitsFor = (area: AreaClass): DemoUnit[] => {
    const count = rng.weightedPick(UNITS_PER_CUSTOMER, UNITS_WEIGHTS);
    const models: ProductModel[] = [];
    const owned = new Set<string>();
    for (let i = 0; i < count; i++) {
      let model: ProductModel;
      for (let attempt = 0; ; attempt++) {
        const category = pickCategory();
        model = modelPickers[area].get(category)!();
        if (!(category.onePerHome && owned.has(category.category)) || attempt >= 8) break;
      }
      owned.add(model.category);
      models.push(model);
    }
    // A new home is often fitted out in one go: every unit bought the same day.
    const bundleDay = count > 1 && rng.chance(0.4) ? purchaseDay(categoryOf.get(models[0].category)!) : null;
    const units = models.map((model) => {
      const category = categoryOf.get(model.category)!;
      const purchased = bundleDay ?? purchaseDay(category);
      let installedAt: string | null = null;
      if (category.requiresInstallation) {
        let delay = rng.weightedPick(INSTALL_DELAYS, INSTALL_DELAY_WEIGHTS);
        const month = epochDays.civil(purchased).month;
        if (category.category === '空调' && month >= 6 && month <= 8)
          delay = Math.min(10, delay + rng.int(0, 2));
        const installed = purchased + delay;
        installedAt = installed < asOfDay ? epochDays.format(installed) : null;
      }
      return {
        serial: serialFor(model, purchased),
        modelCode: model.code,
        purchasedAt: epochDays.format(purchased),
        installedAt,
      };
    });
    return units.sort((a, b) => (a.purchasedAt < b.purchasedAt ? -1 : a.purchasedAt > b.purchasedAt ? 1 : 0));
  };

  // ---- who else to call -----------------------------------------------------------------------------
  const contactFor = (surname: string, gender: Gender, residence: Residence): DemoContact => {
    let relation = rng.weightedPick(CONTACT_RELATIONS, CONTACT_WEIGHTS);
    if (relation === '物业' && !residence.compound?.managed) relation = '子女';
    switch (relation) {
      case '配偶':
        return { relation, name: people.name(gender === 'male' ? 'female' : 'male'), phone: people.mobile() };
      case '子女':
        return {
          relation,
          name: people.name(people.gender(), gender === 'male' || rng.chance(0.2) ? surname : undefined),
          phone: people.mobile(),
        };
      case '父母': {
        const father = rng.chance(0.5);
        return {
          relation,
          name: people.name(father ? 'male' : 'female', father ? surname : undefined),
          phone: people.mobile(),
        };
      }
      case '物业':
        return { relation, name: `${residence.compound?.name ?? ''}物业服务中心`, phone: people.mobile() };
    }
  };

  // ---- customers ------------------------------------------------------------------------------------
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < options.customers; i++) {
    const place = pickPlace();
    const gender = people.gender();
    const surname = people.surname();
    const name = people.name(gender, surname);
    const phone = people.mobile();
    const residence = residenceIn(place);
    const contacts = rng.chance(0.2) ? [contactFor(surname, gender, residence)] : [];
    customers.push({
      key: `C${String(i + 1).padStart(6, '0')}`,
      name,
      phone,
      address: residence.address,
      city: place.city.name,
      district: place.district.name,
      areaClass: place.district.areaClass,
      location: { lat: round6(residence.lat), lng: round6(residence.lng) },
      contacts,
      units: unitsFor(place.district.areaClass),
    });
  }

  return {
    seed: options.seed,
    asOf: options.asOf,
    productCategories: catalog.categories.map((c) => ({
      ...c,
      seasonality: [...c.seasonality],
      warranty: { ...c.warranty },
    })),
    productModels: catalog.models.map((m) => ({ ...m, warranty: { ...m.warranty } })),
    customers,
  };
}

/** Bottled LPG is the rural kitchen fuel; piped natural gas and central air are urban. */
function areaPreference(model: ProductModel, area: AreaClass): number {
  const naturalGas = model.name.includes('天然气');
  const lpg = model.name.includes('液化气');
  if (area === 'rural') return naturalGas ? 0.3 : lpg ? 2.5 : model.code.startsWith('RFC-') ? 0.2 : 1;
  if (area === 'urban') return lpg ? 0.3 : 1;
  return 1;
}

function toponym(r: SeededRandom, first: readonly string[], second: readonly string[]): string {
  const a = r.pick(first);
  let b = r.pick(second);
  while (b === a) b = r.pick(second);
  return a + b;
}
