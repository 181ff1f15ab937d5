import { checkInteger, checkPositive } from '../validate.js';

/** The retrieval protocol of the paper's simulations (Fig. 1 bottom). */
export interface ProtocolSettings {
  /** Number of attention updates (Eq. 2) per run: the paper's 100. */
  readonly maxSteps: number;
  /** Success iff `‖x − ξ^t‖²/N < epsilon` after the run: the paper's 0.01. */
  readonly epsilon: number;
  /**
   * Stop a run as soon as its outcome is certain (retrieval or failure certificate, or an exact
   * fixed point / cycle of the float32 state): the outcome is then exactly that of the full run.
   */
  readonly earlyStop: boolean;
}

/** The paper's protocol: at most 100 updates, `ε = 0.01`, with the (outcome-preserving) early stop. */
export const PAPER_PROTOCOL: ProtocolSettings = Object.freeze({ maxSteps: 100, epsilon: 0.01, earlyStop: true });

/** Validates and completes protocol options. */
export function protocolSettings(options: {
  readonly maxSteps?: number | undefined;
  readonly epsilon?: number | undefined;
  readonly earlyStop?: boolean | undefined;
}): ProtocolSettings {
  return {
    maxSteps: checkInteger('maxSteps', options.maxSteps ?? PAPER_PROTOCOL.maxSteps, 0, 1_000_000),
    epsilon: checkPositive('epsilon', options.epsilon ?? PAPER_PROTOCOL.epsilon),
    earlyStop: options.earlyStop ?? PAPER_PROTOCOL.earlyStop,
  };
}

/** How a run ended. */
export type StopReason = 'steps' | 'retrieval-certificate' | 'contraction-certificate' | 'failure-certificate' | 'cycle';

/** Outcome of one run of the protocol. */
export interface RunOutcome {
  /** `‖x_T − ξ^t‖²/N < ε` for the state after `maxSteps` updates (certified when stopped early). */
  readonly success: boolean;
  /** Attention updates actually computed. */
  readonly updates: number;
  /** Why the run ended. */
  readonly stop: StopReason;
}
