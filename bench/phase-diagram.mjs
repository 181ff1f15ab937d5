// Phase diagram speed: `phaseDiagram(law, logGrid(0.01, 100, 200))` from the built @dam/theory,
// against a baseline measured in the same run: α_c^lb by the slow, direct evaluation of
// Eqs. (11)–(12) — the rate A(α, λ) minimised over a dense grid of norms r (`rateA`), and
// bisection on α of A(α, λ) − α over [0, α_1(λ)] to 1e-6. The baseline runs on fewer λ points,
// so both sides are reported per λ point; the ratio is baseline / fast.
import { binaryLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { alpha1, logGrid, phaseDiagram, rateA } from '@dam/theory';
import { medianMs } from './measure.mjs';

export const title = 'Phase diagram: phaseDiagram(law, logGrid(0.01, 100, 200)) vs direct Eqs. (11)-(12)';

const LAWS = [sphericalLaw, gaussianLaw, binaryLaw];
const FAST_POINTS = 200;
const BASELINE_POINTS = 20;
const TOLERANCE = 1e-6;
const FAST_RUNS = 15;
const BASELINE_RUNS = 3;
const NORMS = { count: 2000, from: 0.05, to: 3 };

export const notes = [
  `fast: the whole diagram (α_1, α_c^lb, α_*, and Ramsauer for spherical), median of ${FAST_RUNS} samples over ${FAST_POINTS} λ;`,
  `baseline: α_c^lb alone by bisection on rateA over a grid of norms (${NORMS.count} r on [${NORMS.from}, ${NORMS.to}] for gaussian),`,
  `  median of ${BASELINE_RUNS} samples over ${BASELINE_POINTS} λ; speedup = baseline / fast per λ point.`,
  'max |Δα_c^lb|: fast vs baseline on the baseline λ (bisection tolerance plus the r-grid resolution).',
];

/** Candidate norms for the infimum over r in Eq. (11): the one norm of a fixed-norm ensemble, else a dense grid. */
function normGrid(law) {
  const [low, high] = law.normSupport;
  if (low === high) return [low];
  const { count, from, to } = NORMS;
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

/** α_c^lb(λ) = sup{α : A(α, λ) − α > 0} by bisection (A − α decreases in α). */
function alphaCDirect(law, lambda, rs) {
  let good = 0;
  let bad = alpha1(law, lambda);
  while (bad - good > TOLERANCE) {
    const mid = 0.5 * (good + bad);
    if (rateA(law, mid, lambda, rs) - mid > 0) good = mid;
    else bad = mid;
  }
  return 0.5 * (good + bad);
}

export function run() {
  const fastGrid = logGrid(0.01, 100, FAST_POINTS);
  const baselineGrid = logGrid(0.01, 100, BASELINE_POINTS);
  return LAWS.map((law) => {
    const rs = normGrid(law);
    const fast = medianMs(() => phaseDiagram(law, fastGrid), { warmup: 2, runs: FAST_RUNS });
    const baseline = medianMs(() => baselineGrid.map((lambda) => alphaCDirect(law, lambda, rs)), {
      warmup: 1,
      runs: BASELINE_RUNS,
    });
    // Not an assertion: shows that both sides compute the same curve (to the bisection tolerance
    // and the resolution of the r grid).
    const check = phaseDiagram(law, baselineGrid).alphaCLowerBound;
    const maxDiff = Math.max(...check.map((a, i) => Math.abs(a - baseline.result[i])));
    const fastPerPoint = (1000 * fast.ms) / FAST_POINTS;
    const baselinePerPoint = (1000 * baseline.ms) / BASELINE_POINTS;
    return {
      ensemble: law.name,
      [`ms / diagram (${FAST_POINTS} λ)`]: fast.ms.toFixed(2),
      'µs / λ fast': fastPerPoint.toFixed(1),
      'µs / λ baseline': baselinePerPoint.toFixed(1),
      speedup: `${(baselinePerPoint / fastPerPoint).toFixed(1)}×`,
      'max |Δα_c^lb|': maxDiff.toExponential(1),
    };
  });
}
