// Worker thread of exercise-pool.ts: plays instant exercises, one message at a time.
import { messageOf } from '../core/errors.js';
import { parentPort } from 'node:worker_threads';
import { playInstantExercise, type InstantExerciseInput } from './exercise-play.js';

const OUTPUTS_PER_MESSAGE = 50;

parentPort!.on('message', (msg: { task: number; input: InstantExerciseInput }) => {
  try {
    const result = playInstantExercise(msg.input);
    // In slices: the parent deserialises each message in its own turn of the event loop.
    for (let i = 0; i < result.outputs.length; i += OUTPUTS_PER_MESSAGE)
      parentPort!.postMessage({
        task: msg.task,
        outputs: result.outputs.slice(i, i + OUTPUTS_PER_MESSAGE),
      });
    parentPort!.postMessage({ task: msg.task, result: { ...result, outputs: [] } });
  } catch (err) {
    parentPort!.postMessage({ task: msg.task, error: messageOf(err) });
  }
});
