import { squaredDistance } from './retrieve.js';

/**
 * The escape time of a trajectory from the ball `‖x − ξ‖² < threshold`: the first crossing of the
 * distance `√threshold`, interpolated linearly between the two states around it (`NaN` while no
 * state has left the ball). Feed it `x_0`, then every new state in order. A diagnostic of the
 * trajectory that steers the critical-λ search (`criticalLambda`), never an outcome.
 */
export class EscapeClock {
  private readonly radius: number;
  private readonly threshold: number;
  private steps = 0;
  private previous = 0;
  /** The escape time found so far (`NaN` if none). */
  time = Number.NaN;

  constructor(threshold: number) {
    this.threshold = threshold;
    this.radius = Math.sqrt(threshold);
  }

  /** Restarts the clock at `x_0`. */
  start(x0: Float32Array, xi: Float32Array): void {
    this.steps = 0;
    this.time = Number.NaN;
    this.previous = Math.sqrt(squaredDistance(x0, xi));
    if (this.previous * this.previous >= this.threshold) this.time = 0;
  }

  /** The next state of the trajectory, by its distance `‖x − ξ‖` (`Math.sqrt` of `squaredDistance`). */
  observeDistance(d: number): void {
    this.steps += 1;
    if (!Number.isNaN(this.time)) return;
    if (d * d >= this.threshold) {
      const before = this.previous;
      const fraction = d > before ? Math.min(1, Math.max(0, (this.radius - before) / (d - before))) : 1;
      this.time = this.steps - 1 + fraction;
    }
    this.previous = d;
  }
}
