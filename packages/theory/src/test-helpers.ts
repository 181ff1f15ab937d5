import { binaryLaw, type EnsembleLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';

/** The three built-in laws, for table-driven tests. */
export const LAWS: readonly EnsembleLaw[] = [sphericalLaw, gaussianLaw, binaryLaw];

/** |a − b| ≤ tol·max(1, |b|): absolute near zero, relative for large values. */
export function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}
