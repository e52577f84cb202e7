/**
 * The high-value actions whose 30-day propensity is scored (configuration: one list, the CLI's
 * `--action` names one of them). An action is taken when the user buys any product of its categories.
 */
import type { HighValueAction } from '@graphrec/datagen';

export const HIGH_VALUE_ACTIONS: readonly HighValueAction[] = [
  { name: 'alarm-kit', categories: ['alarm_base_station'] },
  { name: 'protection-plan', categories: ['protection_plan'] },
  { name: 'outdoor-camera', categories: ['outdoor_camera', 'floodlight_camera', 'spotlight_camera'] },
];

export function actionByName(name: string): HighValueAction | undefined {
  return HIGH_VALUE_ACTIONS.find((a) => a.name === name);
}
