import { describe, expect, it } from 'vitest';
import { chooseAutoBackend, probeBackends } from './auto.js';
import { BACKEND_NAMES, createBackend } from './registry.js';

describe('backend registry', () => {
  it('creates every CPU backend by name and rejects unknown names with the list', async () => {
    for (const name of ['wasm-simd', 'js', 'reference']) {
      const backend = await createBackend(name);
      expect(backend.name).toBe(name);
      backend.dispose();
    }
    await expect(createBackend('cuda')).rejects.toThrow(/backend must be auto or one of wasm-simd, js, reference, gpu\.js\/gpu/);
  });
});

describe('auto', () => {
  it('probes every backend, says why the unavailable ones are, and picks the fastest available', async () => {
    const probes = await probeBackends({ P: 512, N: 16, repeats: 3 });
    expect(probes.map((p) => p.name)).toEqual(BACKEND_NAMES);
    for (const probe of probes) {
      expect(probe.reason.length).toBeGreaterThan(0);
      if (probe.available) expect(probe.msPerStep).toBeGreaterThan(0);
    }
    const choice = await chooseAutoBackend();
    const chosen = choice.probes.find((p) => p.name === choice.name);
    expect(chosen?.available).toBe(true);
    for (const p of choice.probes) if (p.msPerStep !== undefined) expect(chosen?.msPerStep).toBeLessThanOrEqual(p.msPerStep);
    expect(choice.probes.some((p) => p.name === 'gpu.js/cpu')).toBe(false);
    // Every candidate is listed; the float64 reference is timed only when no tuned CPU backend works.
    expect(choice.probes.map((p) => p.name)).toEqual(BACKEND_NAMES.filter((name) => name !== 'gpu.js/cpu'));
    const reference = choice.probes.find((p) => p.name === 'reference');
    if (choice.probes.some((p) => (p.name === 'wasm-simd' || p.name === 'js') && p.available)) {
      expect(reference).toEqual({ name: 'reference', available: true, reason: expect.stringMatching(/not timed/) });
    }
    // The js backend (wasm-simd's algorithm without SIMD) is timed only when wasm-simd does not work.
    const js = choice.probes.find((p) => p.name === 'js');
    if (choice.probes.find((p) => p.name === 'wasm-simd')?.available) {
      expect(js).toEqual({ name: 'js', available: true, reason: expect.stringMatching(/not timed/) });
    } else {
      expect(js?.msPerStep).toBeGreaterThan(0);
    }
    for (const p of choice.probes) if (!p.available) expect(p.reason).toMatch(/not available|unavailable|could not|needs|no /);
    expect(choice.reason).toMatch(/^fastest available/);
    expect((await createBackend('auto')).name).toBe(choice.name);
    expect(await chooseAutoBackend()).toBe(choice);
  });
});
