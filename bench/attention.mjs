// Attention step of Eq. (2) at P = 22026, N = 50, λ = 1: reference, js and wasm-simd backends of
// @dam/kernels against 'js' and against NumPy float32 in the same run. The benchmark itself lives
// with the package (packages/kernels/bench/attention.mjs, which also runs on its own).
export { notes, run, title } from '../packages/kernels/bench/attention.mjs';
