import type { TahalufModule } from '../runtime/deps.js';

/** Every domain module the node composes, in start order. */
export const modules: TahalufModule[] = [];
