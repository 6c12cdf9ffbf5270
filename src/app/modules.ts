import type { TahalufModule } from '../runtime/deps.js';
import { forcesModule } from '../forces/module.js';
import { councilModule } from '../council/module.js';
import { treatiesModule } from '../treaties/module.js';
import { warningModule } from '../warning/module.js';
import { intelModule } from '../intel/module.js';
import { programmesModule } from '../programmes/module.js';

/** Every domain module the node composes, in start order. */
export const modules: TahalufModule[] = [
  forcesModule,
  councilModule,
  treatiesModule,
  warningModule,
  intelModule,
  programmesModule,
];
