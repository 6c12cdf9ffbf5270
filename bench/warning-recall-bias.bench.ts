// The 1,002-launch recall run of bench/warning-recall.bench.ts with the live engine's tracker: the
// default plus sensor-bias estimation (`sensorBias`, as warning-service.ts runs it). Its own section,
// so the exercises' default and the live engine's figures stand side by side.
// `npm run bench -- warning-recall-bias` (WARNING_RECALL_LAUNCHES=N changes the count).
import { recallReport } from './warning-recall.bench.js';

export default function run(): Promise<string> {
  return recallReport(true);
}
