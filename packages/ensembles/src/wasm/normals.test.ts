import { readFileSync } from 'node:fs';
import { createMatrix } from '@dam/core';
import { describe, expect, it } from 'vitest';
import { fillRowsPortable, sampleRows } from '../sampler.js';
import { assembleNormals, GENERATED_PATH, generatedSource, WAT_PATH } from './build-normals.mjs';
import { NORMALS_WASM_BASE64 } from './normals.generated.js';
import { fillNormalRows, wasmNormalsAvailable } from './normals.js';

/** The WebAssembly JS API (not declared by the package's type libraries). */
const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

/** The JavaScript sampler's rows, the reference of the WebAssembly path. */
function portable(ensemble: 'spherical' | 'gaussian', seed: number, firstRow: number, count: number, n: number): Float32Array {
  const matrix = createMatrix(count, n);
  fillRowsPortable(ensemble, seed, firstRow, matrix);
  return matrix.data;
}

/** Bit-level equality of two float32 arrays, reporting the first difference. */
function expectSameBits(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) expect({ index: i, bits: a[i] }).toEqual({ index: i, bits: b[i] });
  }
}

describe('normals.wat', () => {
  it('normals.generated.ts is up to date with normals.wat (else run `pnpm --filter @dam/ensembles build:wasm`)', async () => {
    const bytes = await assembleNormals(readFileSync(WAT_PATH, 'utf8'));
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generatedSource(bytes));
    expect(wasm.validate(bytes)).toBe(true);
    expect(Buffer.from(NORMALS_WASM_BASE64, 'base64').length).toBe(bytes.length);
  });

  it('is available in Node 20 (WebAssembly SIMD)', () => {
    expect(wasmNormalsAvailable()).toBe(true);
  });

  it('reproduces the JavaScript samplers bit for bit (sizes, row offsets past 2^32, extreme seeds, odd counts)', () => {
    const cases: [number, number, number, number][] = [
      // [seed, firstRow, count, n]
      [2024, 0, 16, 8],
      [42, 0, 1, 1],
      [42, 0, 5, 1],
      [7, 3, 2, 2],
      [7, 0, 3, 3],
      [1, 0, 13, 7],
      [0, 0, 203, 45],
      [2 ** 53 - 1, 17, 64, 20],
      [123_456_789, 2 ** 32 - 2, 9, 30],
      [99, 2 ** 40 + 3, 6, 64],
      [5, 11, 1001, 300], // more rows than one block (872 rows of 300): the blocks join exactly
    ];
    for (const [seed, firstRow, count, n] of cases) {
      for (const ensemble of ['spherical', 'gaussian'] as const) {
        const out = new Float32Array(count * n);
        expect(fillNormalRows(seed, firstRow, count, n, out, ensemble === 'spherical')).toBe(true);
        expectSameBits(out, portable(ensemble, seed, firstRow, count, n));
      }
    }
  });

  it('is what sampleRows uses for the normal ensembles', () => {
    for (const ensemble of ['spherical', 'gaussian'] as const) {
      expectSameBits(sampleRows({ ensemble, dimension: 33, seed: 11 }, 5, 77).data, portable(ensemble, 11, 5, 77, 33));
    }
  });
});
