// Every detector, registered in one place. Adding one: a folder under detectors/ and a line here.

import type { DetectorDefinition } from './detector.js';
import { firstSeen } from './detectors/first-seen/index.js';
import { threshold } from './detectors/threshold/index.js';

export const DETECTORS: ReadonlyMap<string, DetectorDefinition<any>> = new Map<string, DetectorDefinition<any>>([
  [firstSeen.name, firstSeen],
  [threshold.name, threshold],
]);
