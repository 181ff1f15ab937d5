import { describe, expect, it, vi } from 'vitest';
import { bufferedIo } from '../io.js';
import { main } from '../program.js';
import { thresholdRows } from './thresholds.js';

// A theory whose alpha1 fails at two marked λ values, to check that failures never pass silently.
vi.mock('@dam/theory', async (importOriginal) => {
  const theory = await importOriginal<typeof import('@dam/theory')>();
  return {
    ...theory,
    alpha1: (law: Parameters<typeof theory.alpha1>[0], lambda: number): number => {
      if (lambda === 13) return Number.NaN;
      if (lambda === 17) throw new Error('brentRoot: no bracket\nsecond line');
      return theory.alpha1(law, lambda);
    },
  };
});

describe('failures of the theory', () => {
  it('thresholdRows turns a NaN into a RangeError saying what and where', () => {
    expect(() => thresholdRows({ ensembles: ['gaussian'], lambdas: [1, 13] })).toThrow(
      /^cannot compute alpha1 at ensemble gaussian, lambda 13: the result is NaN$/,
    );
  });

  it('thresholdRows wraps a thrown error with what and where', () => {
    expect(() => thresholdRows({ ensembles: ['binary'], lambdas: [17], alphas: [0.1] })).toThrow(
      /^cannot compute alpha1 at ensemble binary, lambda 17, alpha 0\.1: brentRoot: no bracket/,
    );
  });

  it.each([
    ['13', 'dam: cannot compute alpha1 at ensemble spherical, lambda 13: the result is NaN\n'],
    ['17', 'dam: cannot compute alpha1 at ensemble spherical, lambda 17: brentRoot: no bracket second line\n'],
  ])('dam exits 1 with one line on stderr and nothing on stdout (λ = %s)', async (lambda, message) => {
    const captured = bufferedIo();
    const code = await main(['node', 'dam', 'thresholds', '--ensemble', 'spherical', '--lambda', `1,${lambda}`], captured.io);
    expect({ code, stdout: captured.stdout(), stderr: captured.stderr() }).toEqual({ code: 1, stdout: '', stderr: message });
  });
});
