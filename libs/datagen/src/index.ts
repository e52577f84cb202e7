export { generateWorld, GENERATOR_VERSION } from './generate';
export type { GenerateCounts, GenerateOptions, GenerateSummary } from './generate';
export { CATALOG } from './catalog';
export type { CatalogProduct } from './catalog';
export { CUSTOMER_TYPES } from './customer-types';
export type { CustomerType } from './customer-types';
export { REGIONS } from './population';
export type { Region } from './population';
export { csvField } from './csv-writer';
export {
  PurchaseModel,
  PURCHASE_STATES,
  REPEATABLE_CATEGORIES,
  SUBSTITUTE_CATEGORIES,
  drawHeldBack,
  purchaseState,
  substitutesOwned,
} from './purchase-model';
export type { PurchaseState, UserPurchaseProbability } from './purchase-model';
export { ClickModel, CLICK_BASE_HAZARD, CLICK_GAIN, clickModelDocument, eligibleArms } from './click-model';
export type { ClickTruth } from './click-model';
export { BanditWorld, segmentOf } from './bandit-world';
export type { BanditContext, BanditUser, BanditWorldOptions } from './bandit-world';
export { propensityWorld } from './propensity-world';
export type { HighValueAction, PropensityUser, PropensityWorld, PropensityWorldOptions } from './propensity-world';
export { CrmWorld, CRM_WEEKS, UNSUBSCRIBE_AFTER_IGNORED } from './crm-world';
export type { CrmObservation, CrmPolicyFn, CrmStep, CrmTruth, CrmWorldOptions } from './crm-world';
