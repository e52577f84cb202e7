/** Closed sets of values that files and the API must use. */

export const PRODUCT_CATEGORIES = [
  'video_doorbell',
  'indoor_camera',
  'outdoor_camera',
  'floodlight_camera',
  'spotlight_camera',
  'alarm_base_station',
  'contact_sensor',
  'motion_sensor',
  'keypad',
  'chime',
  'solar_panel',
  'battery',
  'protection_plan',
  // Categories used by the public-data adapters (MovieLens, generic interaction logs).
  'movie',
  'item',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const HOME_TYPES = ['house', 'apartment', 'townhouse', 'condo', 'other'] as const;
export type HomeType = (typeof HOME_TYPES)[number];

export const EVENT_TYPES = [
  'product_view',
  'add_to_cart',
  'purchase',
  'install',
  'motion_alert',
  'live_view',
  'subscription_start',
  'subscription_cancel',
  'rating',
  'interaction',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Events that happen on a device and therefore must name it. */
export const DEVICE_EVENT_TYPES: readonly EventType[] = ['install', 'motion_alert', 'live_view'];

export const DEVICE_STATUSES = ['active', 'inactive', 'returned'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
