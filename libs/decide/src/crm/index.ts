export { QTable, Q_PRIOR, stateKey } from './q-table';
export type { QSample } from './q-table';
export { fittedQEvaluation, greedyIndex, greedyPolicy, learnMyopic, learnSequential } from './fitted-q';
export type { CrmLearned, FittedQOptions } from './fitted-q';
export { crmEpsilonPopularity, crmUniform } from './policies';
export { runCrmExperiment } from './experiment';
export type { CrmExperimentOptions, CrmExperimentResult, CrmPolicyReport } from './experiment';
export { crmChart, crmChartSeries, CRM_CHART_TITLE } from './chart';
export type { CrmChartSeries } from './chart';
