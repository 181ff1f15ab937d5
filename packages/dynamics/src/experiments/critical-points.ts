import type { TaskPool } from '../runtime/pool.js';
import type { Task, TaskResult } from '../runtime/tasks.js';

/** The critical λs of one point's realisations (in task order) and the updates they took. */
export interface CriticalPointResult {
  readonly criticalLambdas: number[];
  readonly updates: number;
}

/** A finished critical-λ task: its point, its index among the point's tasks, its result. */
export interface FinishedTask {
  readonly point: number;
  readonly index: number;
  readonly critical: number;
  readonly updates: number;
}

/** Options of {@link runCriticalPoints}. */
export interface CriticalPointsOptions {
  /** `done` of `total` tasks, and `work`: the fraction of the expected cost done (see {@link runCriticalPoints}). */
  readonly progress: (done: number, total: number, work: number) => void;
  /** Called with a point's index and results as soon as all its tasks are done. */
  readonly onPoint?: ((index: number, result: CriticalPointResult) => void) | undefined;
  /** Called on the calling thread as each task finishes (not for the `known` ones). */
  readonly onTask?: ((task: FinishedTask) => void) | undefined;
  /** Results already known (e.g. from a journal), by point and index: those tasks are not run. */
  readonly known?: ((point: number, index: number) => { critical: number; updates: number } | undefined) | undefined;
}

/** Updates per realisation assumed before any has finished (the search's order of magnitude). */
const PRIOR_UPDATES = 100;
/** Per-realisation fixed costs (drawing the patterns, the target geometry), in updates. */
const FIXED_UPDATES = 4;

/**
 * Runs the critical-λ tasks of several points in one pool (results in point order).
 *
 * Progress is weighted by cost: a task costs `P·N` per update times its updates (plus
 * {@link FIXED_UPDATES}); a finished task counts what it took, an unfinished one the mean updates per
 * realisation measured so far at its size (at any size before that, {@link PRIOR_UPDATES} before
 * any), so `work` is the fraction of this run's expected cost done and `elapsed·(1 − work)/work`
 * estimates the time left. Known tasks cost nothing here and count in neither.
 */
export async function runCriticalPoints(
  pool: TaskPool,
  points: readonly Task[][],
  options: CriticalPointsOptions,
): Promise<CriticalPointResult[]> {
  const all = points.flat();
  const pointOf = points.flatMap((tasks, p) => tasks.map(() => p));
  const starts = points.map((_, p) => pointOf.indexOf(p));
  const results = new Array<TaskResult | undefined>(all.length);
  for (let i = 0; i < all.length; i++) {
    const p = pointOf[i] as number;
    const known = options.known?.(p, i - (starts[p] as number));
    if (known !== undefined) results[i] = { critical: known.critical, updates: known.updates, runs: 0 };
  }
  const remaining = points.map((tasks, p) => tasks.filter((_, k) => results[(starts[p] as number) + k] === undefined).length);
  const pointResult = (p: number): CriticalPointResult => {
    const slice = results.slice(starts[p] as number, (starts[p] as number) + (points[p] as Task[]).length);
    return {
      criticalLambdas: slice.map((result) => result?.critical ?? Number.NaN),
      updates: slice.reduce((sum, result) => sum + (result?.updates ?? 0), 0),
    };
  };
  const size = (i: number): number => {
    const { N, P } = (all[i] as Task).patterns;
    return N * P;
  };
  const todo = all.map((_, i) => i).filter((i) => results[i] === undefined);
  const unfinished = points.map(() => 0);
  for (const i of todo) unfinished[pointOf[i] as number] = (unfinished[pointOf[i] as number] as number) + size(i);
  const cost = new CostModel(unfinished);
  let done = all.length - todo.length;
  if (done > 0) options.progress(done, all.length, 0); // resumed: where it starts
  for (let p = 0; p < points.length; p++) if (remaining[p] === 0) options.onPoint?.(p, pointResult(p));
  const order = taskOrder(todo, size);
  await pool.run(
    order.map((i) => all[i] as Task),
    (k, result) => {
      const i = order[k] as number;
      const p = pointOf[i] as number;
      results[i] = result;
      cost.finished(p, size(i), result.updates);
      options.onTask?.({ point: p, index: i - (starts[p] as number), critical: result.critical ?? Number.NaN, updates: result.updates });
      options.progress(++done, all.length, cost.fraction());
      remaining[p] = (remaining[p] as number) - 1;
      if (remaining[p] === 0) options.onPoint?.(p, pointResult(p));
    },
  );
  return points.map((_, p) => pointResult(p));
}

/**
 * Largest realisations first (work ∝ P·N), so that the workers finish together: the last tasks
 * handed out are the shortest. Except that the second-largest size goes first: a worker's first
 * ~0.1 s runs slowly whatever it runs, and those realisations take the same code paths at a
 * fraction of the cost (bench/NOTES.md). Ties keep task order.
 */
function taskOrder(tasks: number[], size: (i: number) => number): number[] {
  const sizes = [...new Set(tasks.map(size))].sort((a, b) => b - a);
  if (sizes.length > 1) sizes.splice(0, 2, sizes[1] as number, sizes[0] as number);
  const rank = new Map(sizes.map((w, k) => [w, k]));
  return [...tasks].sort((a, b) => (rank.get(size(a)) as number) - (rank.get(size(b)) as number) || a - b);
}

/** The measured cost of finished tasks and the expected cost of the others (see {@link runCriticalPoints}). */
class CostModel {
  private spent = 0;
  private readonly updates: number[];
  private readonly counts: number[];

  /** `unfinished[p]`: the summed `P·N` of point `p`'s tasks still to run. */
  constructor(private readonly unfinished: number[]) {
    this.updates = unfinished.map(() => 0);
    this.counts = unfinished.map(() => 0);
  }

  finished(point: number, size: number, updates: number): void {
    this.spent += size * (updates + FIXED_UPDATES);
    this.unfinished[point] = (this.unfinished[point] as number) - size;
    this.updates[point] = (this.updates[point] as number) + updates;
    this.counts[point] = (this.counts[point] as number) + 1;
  }

  /** The fraction of the expected cost done. */
  fraction(): number {
    const totalCount = this.counts.reduce((a, b) => a + b, 0);
    const overall = totalCount > 0 ? this.updates.reduce((a, b) => a + b, 0) / totalCount : PRIOR_UPDATES;
    let left = 0;
    for (let p = 0; p < this.unfinished.length; p++) {
      const count = this.counts[p] as number;
      const mean = count > 0 ? (this.updates[p] as number) / count : overall;
      left += (this.unfinished[p] as number) * (mean + FIXED_UPDATES);
    }
    return this.spent + left > 0 ? this.spent / (this.spent + left) : 1;
  }
}
