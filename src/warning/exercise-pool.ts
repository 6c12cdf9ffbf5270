import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InstantExerciseInput, InstantExerciseResult } from './exercise-play.js';

interface Task {
  id: number;
  outputs: InstantExerciseResult['outputs'];
  input: InstantExerciseInput;
  resolve: (r: InstantExerciseResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

/** Under tsx or vitest this module is TypeScript: its worker is then started through tsx. */
function startWorker(): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const entry = new URL(`./exercise-worker.${ts ? 'ts' : 'js'}`, import.meta.url);
  if (!ts) return new Worker(entry);
  // Node 20 loads a worker's entry before `--import tsx` hooks apply: a tiny JS bootstrap registers
  // tsx, then imports the TypeScript worker (as bench/warning-recall.bench.ts does).
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`,
    { eval: true },
  );
}

/**
 * A small pool of worker threads for instant exercises (#16.4: one regional salvo held the event loop
 * for 4.6 s). At most `size` play at once, the rest wait in order; the caller bounds the queue. Workers
 * start on first use, stay for the next exercise, and never keep the process alive.
 */
export class ExercisePool {
  private slots: Slot[] = [];
  private queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(2, availableParallelism() - 1))) {}

  /** Exercises playing or waiting. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.task).length;
  }

  run(input: InstantExerciseInput): Promise<InstantExerciseResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, outputs: [], input, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ task: task.id, input: task.input });
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), task: null };
    const done = () => {
      slot.task = null;
      slot.worker.unref();
      this.dispatch();
    };
    slot.worker.on(
      'message',
      (m: {
        task: number;
        outputs?: InstantExerciseResult['outputs'];
        result?: InstantExerciseResult;
        error?: string;
      }) => {
        const task = slot.task;
        if (!task || task.id !== m.task) return;
        if (m.outputs) {
          for (const o of m.outputs) task.outputs.push(o);
          return;
        }
        if (m.error !== undefined) task.reject(new Error(m.error));
        else task.resolve({ ...m.result!, outputs: task.outputs });
        done();
      },
    );
    const lost = (err: Error) => {
      this.slots = this.slots.filter((s) => s !== slot);
      slot.task?.reject(err);
      slot.task = null;
      if (!this.closed) this.dispatch();
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', (code) => lost(new Error(`exercise worker exited (${code})`)));
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** Stops the workers (exercises playing or waiting fail); a later `run` starts new ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('exercise pool closed'));
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
    this.closed = false;
  }
}
