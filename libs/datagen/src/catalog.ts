/**
 * The connected-home catalogue: a fixed list, so product ids are stable across runs and seeds.
 * Base products stand alone; accessories list the base products they need in `compatibleWith`,
 * which is what the generator enforces (no chime before a doorbell) and what products.csv exports.
 */
import type { ProductCategory } from '@graphrec/graph-model';

export type Power = 'wired' | 'battery' | 'none';

export interface CatalogProduct {
  readonly id: string;
  readonly name: string;
  readonly category: ProductCategory;
  readonly price: number;
  /** Price as written to CSV and event values: always two decimals. */
  readonly priceText: string;
  readonly power: Power;
  /** Base products this accessory works with; empty for base products. */
  readonly compatibleWith: readonly string[];
  /** False for subscriptions: they produce no devices.csv row. */
  readonly physical: boolean;
  /** Cameras and doorbells stream video: they get live_view and motion_alert events. */
  readonly streams: boolean;
  /** Produces motion_alert events (cameras, doorbells, motion detectors). */
  readonly alerts: boolean;
}

type Spec = [id: string, name: string, category: ProductCategory, price: number, power: Power];

// Base products, grouped so accessory compatibility can be written in terms of groups.
const DOORBELLS: Spec[] = [
  ['P-DOORBELL-WIRED', 'Video Doorbell Wired', 'video_doorbell', 64.99, 'wired'],
  ['P-DOORBELL-BATTERY', 'Battery Video Doorbell', 'video_doorbell', 99.99, 'battery'],
  ['P-DOORBELL-PLUS', 'Battery Video Doorbell Plus', 'video_doorbell', 149.99, 'battery'],
  ['P-DOORBELL-PRO', 'Video Doorbell Pro 2', 'video_doorbell', 249.99, 'wired'],
  ['P-PEEPHOLE-CAM', 'Peephole Cam', 'video_doorbell', 129.99, 'battery'],
];
const CAMERAS: Spec[] = [
  ['P-INDOOR-CAM-MINI', 'Indoor Cam Mini', 'indoor_camera', 34.99, 'wired'],
  ['P-INDOOR-CAM', 'Indoor Cam (2nd Gen)', 'indoor_camera', 59.99, 'wired'],
  ['P-INDOOR-CAM-PAN', 'Pan-Tilt Indoor Cam', 'indoor_camera', 79.99, 'wired'],
  ['P-OUTDOOR-CAM-BATTERY', 'Outdoor Cam, Battery', 'outdoor_camera', 99.99, 'battery'],
  ['P-OUTDOOR-CAM-PRO', 'Outdoor Cam Pro (Plug-In)', 'outdoor_camera', 149.99, 'wired'],
  ['P-FLOODLIGHT-CAM', 'Floodlight Cam Wired Plus', 'floodlight_camera', 199.99, 'wired'],
  ['P-FLOODLIGHT-CAM-PRO', 'Floodlight Cam Wired Pro', 'floodlight_camera', 249.99, 'wired'],
  // Name deliberately carries a quote and a comma: it exercises CSV escaping end to end.
  ['P-SPOTLIGHT-CAM-BATTERY', 'Spotlight Cam "Plus", Battery', 'spotlight_camera', 199.99, 'battery'],
  ['P-SPOTLIGHT-CAM-WIRED', 'Spotlight Cam Pro, Wired', 'spotlight_camera', 229.99, 'wired'],
];
const ALARM_BASES: Spec[] = [
  ['P-ALARM-BASE', 'Alarm Base Station (2nd Gen)', 'alarm_base_station', 199.99, 'wired'],
  ['P-ALARM-PRO-BASE', 'Alarm Pro Base Station with Wi-Fi Router', 'alarm_base_station', 299.99, 'wired'],
];

const ids = (specs: Spec[]): string[] => specs.map((s) => s[0]);
const batteryIds = (specs: Spec[]): string[] => specs.filter((s) => s[4] === 'battery').map((s) => s[0]);

const DOORBELL_IDS = ids(DOORBELLS);
const ALARM_IDS = ids(ALARM_BASES);
const VIDEO_IDS = [...DOORBELL_IDS, ...ids(CAMERAS)];
const BATTERY_CAM_IDS = batteryIds(CAMERAS);
const BATTERY_DOORBELL_IDS = batteryIds(DOORBELLS).filter((id) => id !== 'P-PEEPHOLE-CAM'); // fits in a door, no solar
const ALL_BATTERY_IDS = [...batteryIds(DOORBELLS), ...BATTERY_CAM_IDS];

type AccessorySpec = [...Spec, compatibleWith: string[]];
const ACCESSORIES: AccessorySpec[] = [
  ['P-CONTACT-SENSOR', 'Alarm Contact Sensor', 'contact_sensor', 19.99, 'battery', ALARM_IDS],
  ['P-CONTACT-SENSOR-OUTDOOR', 'Alarm Outdoor Contact Sensor', 'contact_sensor', 29.99, 'battery', ALARM_IDS],
  ['P-MOTION-SENSOR', 'Alarm Motion Detector', 'motion_sensor', 29.99, 'battery', ALARM_IDS],
  ['P-MOTION-SENSOR-PET', 'Alarm Pet-Friendly Motion Detector', 'motion_sensor', 34.99, 'battery', ALARM_IDS],
  ['P-KEYPAD', 'Alarm Keypad', 'keypad', 49.99, 'battery', ALARM_IDS],
  ['P-CHIME', 'Chime', 'chime', 29.99, 'wired', DOORBELL_IDS],
  ['P-CHIME-PRO', 'Chime Pro (Wi-Fi Extender)', 'chime', 49.99, 'wired', DOORBELL_IDS],
  ['P-SOLAR-PANEL', 'Solar Panel for Battery Cams', 'solar_panel', 49.99, 'none', BATTERY_CAM_IDS],
  ['P-SOLAR-CHARGER-DOORBELL', 'Solar Charger for Battery Doorbells', 'solar_panel', 39.99, 'none', BATTERY_DOORBELL_IDS],
  ['P-BATTERY-PACK', 'Quick Release Battery Pack', 'battery', 34.99, 'none', ALL_BATTERY_IDS],
  ['P-BATTERY-PACK-2', 'Quick Release Battery Pack, 2-Pack', 'battery', 59.99, 'none', ALL_BATTERY_IDS],
  ['P-PLAN-BASIC', 'Protection Plan Basic (monthly)', 'protection_plan', 4.99, 'none', VIDEO_IDS],
  ['P-PLAN-PLUS', 'Protection Plan Plus (monthly)', 'protection_plan', 10, 'none', VIDEO_IDS],
  // Professional monitoring is about the alarm, so it needs the base station rather than a camera.
  ['P-PLAN-PRO', 'Protection Plan Pro with Monitoring (monthly)', 'protection_plan', 20, 'none', ALARM_IDS],
];

function build(spec: Spec, compatibleWith: readonly string[]): CatalogProduct {
  const [id, name, category, price, power] = spec;
  const streams = VIDEO_IDS.includes(id);
  return {
    id,
    name,
    category,
    price,
    priceText: price.toFixed(2),
    power,
    compatibleWith,
    physical: category !== 'protection_plan',
    streams,
    alerts: streams || category === 'motion_sensor',
  };
}

export const CATALOG: readonly CatalogProduct[] = [
  ...[...DOORBELLS, ...CAMERAS, ...ALARM_BASES].map((s) => build(s, [])),
  ...ACCESSORIES.map(([id, name, category, price, power, compat]) => build([id, name, category, price, power], compat)),
];

const BY_ID = new Map(CATALOG.map((p) => [p.id, p]));

export function product(id: string): CatalogProduct {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown catalogue product ${id}`);
  return found;
}

export function isAccessory(p: CatalogProduct): boolean {
  return p.compatibleWith.length > 0;
}

/** Whether a user who already bought `ownedIds` may buy `p` (accessories need a compatible base). */
export function canBuy(p: CatalogProduct, owned: ReadonlySet<string>): boolean {
  if (!isAccessory(p)) return true;
  for (const id of p.compatibleWith) if (owned.has(id)) return true;
  return false;
}

export const BASE_PRODUCTS: readonly CatalogProduct[] = CATALOG.filter((p) => !isAccessory(p));
