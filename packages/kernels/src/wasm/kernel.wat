;; WebAssembly SIMD (f32x4 / f64x2) kernels of the attention step, Eq. (2):
;;   x' = Ξᵀ softmax(λ Ξ x),   logSumExp = log Σ_μ exp(λ ξ^μ·x).
;; Hand-written; assembled at build time by build-kernel.mjs (wabt) into kernel.generated.ts and
;; driven by wasm-backend.ts, which owns the memory layout described here.
;;
;; Pattern layout ("super-blocks"): the P × N pattern matrix is padded with zeros to n columns
;; (n = N rounded up to even) and to a multiple of 16 rows, and cut into super-blocks of 16
;; consecutive rows. A super-block is stored column by column: for each coordinate j, the 16
;; values ξ^{16s+r}_j (r = 0..15) sit in 64 contiguous bytes (four v128). So a super-block takes
;; n·64 bytes and
;;   byte offset of ξ^μ_j = (μ >> 4)·n·64 + j·64 + (μ & 15)·4.
;; With this layout the score pass computes 16 scores with four f32x4 accumulators and no
;; horizontal sums, and the weighted sum multiplies the same vectors by the 16 weights.
;;
;; Query layout: each coordinate x_j is splatted once into a v128 (n·16 bytes per query; the
;; padding coordinate is 0). Per-query state (f64), in base 2 with β = λ·log2(e) (so that
;; exp(λ·score) = 2^(β·score)): m (⌈running max of β·score⌉, an integer) at st + 16q, s (Σ 2^(β·score − m))
;; at st + 16q + 8 (so logSumExp = m·ln 2 + log s); acc (n f64: Σ 2^(β·score − m) ξ) at acc + 8nq;
;; cacc (n f32x4 partial sums since the last flush into acc) at cacc + 16nq.
;;
;; All pointers are byte offsets into the imported memory, 16-byte aligned (patterns: 64).
;; Callers guarantee n even ≥ 2 and at least one super-block.
;;
;; Size budget: the binary must stay ≤ 4096 bytes, the largest module that every browser still
;; compiles synchronously on its main thread (createWasmSimdBackend is synchronous); so only the
;; entry points are exported (kernel.test.ts checks the size).
(module
  (import "env" "memory" (memory 1 65536))

  ;; xs[j] = (x_j, x_j, x_j, x_j) for j < count: count f32 at $x → count v128 at $xs.
  (func $splat (export "splat") (param $x i32) (param $count i32) (param $xs i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $xs) (v128.load32_splat (local.get $x)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $xs (i32.add (local.get $xs) (i32.const 16)))
        (br $next))))

;; Copies the row-major rows × cols float32 matrix at $src into the super-block layout at $dst
  ;; (n ≥ cols columns, the padding zero; ⌈rows/16⌉ super-blocks, rows past the last zero): every
  ;; float of the layout is written, bits unchanged. Full super-blocks go by 4 × 4 tiles (four rows
  ;; of four coordinates loaded, transposed by shuffles, stored as four column vectors); the
  ;; coordinates past the last multiple of 4, the padding and the partial last super-block go one
  ;; float at a time ($packScalar).
  (func (export "pack") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $n i32)
    (local $full i32) (local $cols4 i32) (local $stride i32) (local $sb i32) (local $r0 i32) (local $j i32)
    (local $s i32) (local $d i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $full (i32.shr_u (local.get $rows) (i32.const 4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (call $packScalar (local.get $src) (local.get $dst) (local.get $rows) (local.get $cols) (local.get $n)
      (i32.const 0) (i32.shr_u (i32.add (local.get $rows) (i32.const 15)) (i32.const 4)) (local.get $cols4) (local.get $n))
    (call $packScalar (local.get $src) (local.get $dst) (local.get $rows) (local.get $cols) (local.get $n)
      (local.get $full) (i32.shr_u (i32.add (local.get $rows) (i32.const 15)) (i32.const 4)) (i32.const 0) (local.get $cols4))
    (block $done
      (loop $sbs
        (br_if $done (i32.ge_u (local.get $sb) (local.get $full)))
        (local.set $r0 (i32.const 0))
        (loop $quads
          ;; $s: row 16·sb + r0, coordinate 0 of the source; $d: row r0, coordinate 0 of the super-block.
          (local.set $s (i32.add (local.get $src)
            (i32.mul (i32.add (i32.shl (local.get $sb) (i32.const 4)) (local.get $r0)) (local.get $stride))))
          (local.set $d (i32.add (local.get $dst)
            (i32.add (i32.shl (i32.mul (local.get $sb) (local.get $n)) (i32.const 6)) (i32.shl (local.get $r0) (i32.const 2)))))
          (local.set $j (i32.const 0))
          (block $tilesDone
            (loop $tiles
              (br_if $tilesDone (i32.ge_u (local.get $j) (local.get $cols4)))
              (local.set $v0 (v128.load (local.get $s)))
              (local.set $v1 (v128.load (i32.add (local.get $s) (local.get $stride))))
              (local.set $v2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $stride) (i32.const 1)))))
              (local.set $v3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $stride) (i32.const 3)))))
              ;; t0 = (v0₀ v1₀ v0₁ v1₁), t1 = (v0₂ v1₂ v0₃ v1₃), t2 and t3 the same for v2, v3.
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
              (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
              (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
              ;; Coordinate j + k of the four rows: (v0_k v1_k v2_k v3_k), 64 bytes apart.
              (v128.store offset=0 (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
              (v128.store offset=64 (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
              (v128.store offset=128 (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
              (v128.store offset=192 (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
              (local.set $s (i32.add (local.get $s) (i32.const 16)))
              (local.set $d (i32.add (local.get $d) (i32.const 256)))
              (local.set $j (i32.add (local.get $j) (i32.const 4)))
              (br $tiles)))
          (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
          (br_if $quads (i32.lt_u (local.get $r0) (i32.const 16))))
        (local.set $sb (i32.add (local.get $sb) (i32.const 1)))
        (br $sbs))))

  ;; Coordinates $j0 ≤ j < $j1 of super-blocks $sb0 ≤ sb < $sb1 of $pack, one float at a time (as
  ;; bits): ξ^μ_j where μ < rows and j < cols, else 0.
  (func $packScalar (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $n i32)
        (param $sb0 i32) (param $sb1 i32) (param $j0 i32) (param $j1 i32)
    (local $j i32) (local $r i32) (local $d i32) (local $p i32) (local $valid i32)
    (block $done
      (loop $sbs
        (br_if $done (i32.ge_u (local.get $sb0) (local.get $sb1)))
        ;; $valid: the rows of this super-block that exist (1 to 16)
        (local.set $valid (i32.sub (local.get $rows) (i32.shl (local.get $sb0) (i32.const 4))))
        (local.set $j (local.get $j0))
        (block $colsDone
          (loop $coords
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $j1)))
            (local.set $d (i32.add (local.get $dst)
              (i32.shl (i32.add (i32.mul (local.get $sb0) (local.get $n)) (local.get $j)) (i32.const 6))))
            (if (i32.lt_u (local.get $j) (local.get $cols))
              (then
                ;; $p: ξ^{16·sb}_j, then down the column
                (local.set $p (i32.add (local.get $src)
                  (i32.shl (i32.add (i32.mul (i32.shl (local.get $sb0) (i32.const 4)) (local.get $cols)) (local.get $j)) (i32.const 2))))
                (local.set $r (i32.const 0))
                (loop $rs
                  (i32.store (local.get $d)
                    (if (result i32) (i32.lt_s (local.get $r) (local.get $valid))
                      (then (i32.load (local.get $p)))
                      (else (i32.const 0))))
                  (local.set $p (i32.add (local.get $p) (i32.shl (local.get $cols) (i32.const 2))))
                  (local.set $d (i32.add (local.get $d) (i32.const 4)))
                  (local.set $r (i32.add (local.get $r) (i32.const 1)))
                  (br_if $rs (i32.lt_u (local.get $r) (i32.const 16)))))
              (else
                (v128.store offset=0 (local.get $d) (v128.const i64x2 0 0))
                (v128.store offset=16 (local.get $d) (v128.const i64x2 0 0))
                (v128.store offset=32 (local.get $d) (v128.const i64x2 0 0))
                (v128.store offset=48 (local.get $d) (v128.const i64x2 0 0))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $coords)))
        (local.set $sb0 (i32.add (local.get $sb0) (i32.const 1)))
        (br $sbs))))

  ;; Scores of $nsb ≥ 1 consecutive super-blocks starting at $pat against one query (splats at
  ;; $xs; n even ≥ 2): out[16s + r] = Σ_j x_j ξ^{16s+r}_j, 16·nsb f32 at $out. Per iteration one
  ;; super-block and two coordinates: four f32x4 accumulators (rows r ≡ 0..3 of each lane
  ;; group), each fed by the sum of two products. (Measured fastest in V8: more accumulators
  ;; spill, and a spilled accumulator puts a store-to-load round trip on the critical path.)
  (func $scores (param $pat i32) (param $n i32) (param $nsb i32) (param $xs i32) (param $out i32)
    (local $xend i32) (local $q i32) (local $x0 v128) (local $x1 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $xend (i32.add (local.get $xs) (i32.shl (local.get $n) (i32.const 4))))
    (loop $sb
      (local.set $a0 (v128.const i64x2 0 0))
      (local.set $a1 (v128.const i64x2 0 0))
      (local.set $a2 (v128.const i64x2 0 0))
      (local.set $a3 (v128.const i64x2 0 0))
      (local.set $q (local.get $xs))
      (loop $j
        (local.set $x0 (v128.load offset=0 (local.get $q)))
        (local.set $x1 (v128.load offset=16 (local.get $q)))
        (local.set $a0 (f32x4.add (local.get $a0)
          (f32x4.add (f32x4.mul (local.get $x0) (v128.load offset=0 (local.get $pat)))
                     (f32x4.mul (local.get $x1) (v128.load offset=64 (local.get $pat))))))
        (local.set $a1 (f32x4.add (local.get $a1)
          (f32x4.add (f32x4.mul (local.get $x0) (v128.load offset=16 (local.get $pat)))
                     (f32x4.mul (local.get $x1) (v128.load offset=80 (local.get $pat))))))
        (local.set $a2 (f32x4.add (local.get $a2)
          (f32x4.add (f32x4.mul (local.get $x0) (v128.load offset=32 (local.get $pat)))
                     (f32x4.mul (local.get $x1) (v128.load offset=96 (local.get $pat))))))
        (local.set $a3 (f32x4.add (local.get $a3)
          (f32x4.add (f32x4.mul (local.get $x0) (v128.load offset=48 (local.get $pat)))
                     (f32x4.mul (local.get $x1) (v128.load offset=112 (local.get $pat))))))
        (local.set $pat (i32.add (local.get $pat) (i32.const 128)))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br_if $j (i32.lt_u (local.get $q) (local.get $xend))))
      (v128.store offset=0 (local.get $out) (local.get $a0))
      (v128.store offset=16 (local.get $out) (local.get $a1))
      (v128.store offset=32 (local.get $out) (local.get $a2))
      (v128.store offset=48 (local.get $out) (local.get $a3))
      (local.set $out (i32.add (local.get $out) (i32.const 64)))
      (local.set $nsb (i32.sub (local.get $nsb) (i32.const 1)))
      (br_if $sb (local.get $nsb))))

  ;; Scores of two queries (splats at $xa and $xb) against $nsb ≥ 1 super-blocks, into $outa and
  ;; $outb: the same as two calls of $scores, but each pattern vector loaded once serves both
  ;; queries (eight accumulators, one coordinate per iteration). Used by the batched step.
  (func $scores2 (param $pat i32) (param $n i32) (param $nsb i32) (param $xa i32) (param $xb i32)
        (param $outa i32) (param $outb i32)
    (local $j i32) (local $jend i32) (local $x v128) (local $y v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $jend (i32.shl (local.get $n) (i32.const 4)))
    (loop $sb
      (local.set $a0 (v128.const i64x2 0 0))
      (local.set $a1 (v128.const i64x2 0 0))
      (local.set $a2 (v128.const i64x2 0 0))
      (local.set $a3 (v128.const i64x2 0 0))
      (local.set $b0 (v128.const i64x2 0 0))
      (local.set $b1 (v128.const i64x2 0 0))
      (local.set $b2 (v128.const i64x2 0 0))
      (local.set $b3 (v128.const i64x2 0 0))
      (local.set $j (i32.const 0))
      (loop $jl
        (local.set $x (v128.load (i32.add (local.get $xa) (local.get $j))))
        (local.set $y (v128.load (i32.add (local.get $xb) (local.get $j))))
        (local.set $p0 (v128.load offset=0 (local.get $pat)))
        (local.set $p1 (v128.load offset=16 (local.get $pat)))
        (local.set $p2 (v128.load offset=32 (local.get $pat)))
        (local.set $p3 (v128.load offset=48 (local.get $pat)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (local.get $p0))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (local.get $p1))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $x) (local.get $p2))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $x) (local.get $p3))))
        (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $y) (local.get $p0))))
        (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $y) (local.get $p1))))
        (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $y) (local.get $p2))))
        (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $y) (local.get $p3))))
        (local.set $pat (i32.add (local.get $pat) (i32.const 64)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br_if $jl (i32.lt_u (local.get $j) (local.get $jend))))
      (v128.store offset=0 (local.get $outa) (local.get $a0))
      (v128.store offset=16 (local.get $outa) (local.get $a1))
      (v128.store offset=32 (local.get $outa) (local.get $a2))
      (v128.store offset=48 (local.get $outa) (local.get $a3))
      (v128.store offset=0 (local.get $outb) (local.get $b0))
      (v128.store offset=16 (local.get $outb) (local.get $b1))
      (v128.store offset=32 (local.get $outb) (local.get $b2))
      (v128.store offset=48 (local.get $outb) (local.get $b3))
      (local.set $outa (i32.add (local.get $outa) (i32.const 64)))
      (local.set $outb (i32.add (local.get $outb) (i32.const 64)))
      (local.set $nsb (i32.sub (local.get $nsb) (i32.const 1)))
      (br_if $sb (local.get $nsb))))

  ;; Scores of $nq queries against all super-blocks, chunk by chunk so that a chunk of Ξ
  ;; stays in cache across the queries: out[q·stride + μ] (stride in floats, a multiple of 16).
  (func (export "scoresBatch") (param $pat i32) (param $n i32) (param $nsbTotal i32) (param $nq i32)
        (param $xs i32) (param $out i32) (param $stride i32) (param $chunkSb i32)
    (local $c0 i32) (local $nsb i32) (local $q i32) (local $chunkPat i32)
    (block $chunksDone
      (loop $chunks
        (br_if $chunksDone (i32.ge_u (local.get $c0) (local.get $nsbTotal)))
        (local.set $nsb (i32.sub (local.get $nsbTotal) (local.get $c0)))
        (if (i32.gt_u (local.get $nsb) (local.get $chunkSb)) (then (local.set $nsb (local.get $chunkSb))))
        (local.set $chunkPat (i32.add (local.get $pat) (i32.mul (local.get $c0) (i32.shl (local.get $n) (i32.const 6)))))
        (local.set $q (i32.const 0))
        (block $queriesDone
          (loop $queries
            (br_if $queriesDone (i32.ge_u (local.get $q) (local.get $nq)))
            (call $scores
              (local.get $chunkPat) (local.get $n) (local.get $nsb)
              (i32.add (local.get $xs) (i32.mul (local.get $q) (i32.shl (local.get $n) (i32.const 4))))
              (i32.add (local.get $out)
                (i32.shl (i32.add (i32.mul (local.get $q) (local.get $stride)) (i32.shl (local.get $c0) (i32.const 4)))
                  (i32.const 2))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $queries)))
        (local.set $c0 (i32.add (local.get $c0) (local.get $nsb)))
        (br $chunks))))

  ;; Largest of $count ≥ 1 f32 at $p, NaN if any is NaN: pmax (one instruction, where f32x4.max
  ;; costs several for its NaN rule: 10 % of a batched step) drops a NaN operand, so the vector loop
  ;; also ORs a NaN mask (x ≠ x) and returns NaN when it is set; f32.max propagates NaN. (A dropped
  ;; NaN in a chunk whose other scores lie far below the running bound would be skipped as all-zero
  ;; weights, lost instead of reported.)
  (func $maxf32 (param $p i32) (param $count i32) (result f32)
    (local $end i32) (local $vend i32) (local $v v128) (local $x v128) (local $nan v128) (local $m f32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $m (f32.load (local.get $p)))
    (if (i32.ge_u (local.get $count) (i32.const 4))
      (then
        (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
        (local.set $v (v128.load (local.get $p)))
        (local.set $nan (f32x4.ne (local.get $v) (local.get $v)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (block $vdone
          (loop $vnext
            (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
            (local.set $x (v128.load (local.get $p)))
            (local.set $v (f32x4.pmax (local.get $v) (local.get $x)))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $vnext)))
        (if (v128.any_true (local.get $nan)) (then (return (f32.const nan))))
        (local.set $m (f32.max
          (f32.max (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
          (f32.max (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $m (f32.max (local.get $m) (f32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    (local.get $m))

  ;; Softmax weights of one chunk, in base 2: w[i] = 2^(β·s[i] − m) as f32 for i < $count, with
  ;; β = λ·log2(e) and m the running bound ⌈max β·s⌉ (the exponent is already in bits, which saves a
  ;; multiplication per score); w[i] = 0 for ⌈count/4⌉·4 ≤ i < $padded (zero rows of the last
  ;; super-block). s = f32 scores at $s (16-byte aligned; readable up to ⌈count/4⌉·4, the lanes
  ;; past $count are ignored). Returns Σ_{i<count} w[i] of the f32 weights, summed in f64: the
  ;; same weights as the weighted sum uses, so the numerator and the denominator of Eq. (2) agree.
  ;; $count ≥ 1; $padded is 0 (no zeroing) or a multiple of 4 ≥ ⌈count/4⌉·4. Requires
  ;; β·s[i] ≤ m (true by construction: m ≥ β·max s, products rounded alike, so u = β·s − m ≤ 0;
  ;; the largest weight of the sums is 2^(max − m) ∈ [½, 1], ½ only by rounding).
  ;;
  ;; Four scores per iteration. The range reduction is in f64, as u is exact to f64 rounding even
  ;; where β·s and m are huge: u clamped to ≥ −127, k = nearest(u) (ties to even), f = u − k ∈
  ;; [−½, ½] (exact), and k + 127 read from the low 32 bits of t = k + (1.5·2^52 + 127). That sum
  ;; of integers below 2^53 is exact, so the exponent is the k of f at every input, half-integer
  ;; u included. (Adding the constant to u instead would round u's ties to the even t, i.e. to the
  ;; odd k, since the constant is odd: 2^f·2^k off by 2 at u = −½, −1½, …) Then, on four f32 lanes at once, 2^f = p(f) by a degree-5
  ;; polynomial (minimax for the relative error on [−½, ½], coefficients rounded to f32: 1.0e−7;
  ;; evaluated in f32 by Estrin's scheme for a short dependency chain, with f rounded to f32:
  ;; ≤ 2.2e−7 relative, measured on a dense grid; kernel.test.ts checks it against Math.exp; the
  ;; analytic bound, minimax 1.0e−7 plus about five float32 roundings, is ≤ 4e−7),
  ;; p(0) = 1 so that 2^0 = 1 exactly; and 2^k from the exponent bits (k + 127) << 23.
  ;; Underflow: u < −126.5 gives k = −127, exponent bits 0, so w = 0; k = −126 may give a
  ;; subnormal w < 2^−126. So only weights below 2^−126 ≈ 1.2e−38 (the largest weight is ≥ ½,
  ;; since the caller's m = ⌈max β·s⌉, and stays in the sum: Σ w ≥ ½) are lost or rounded:
  ;; together < P·2^−125 ≤ 2^−93 ≈ 1e−28 relative to Σ w and to Σ w ξ for any P ≤ 2^32, far below
  ;; the 1e−4 contract of the step (and below the f32 rounding of the scores themselves).
  ;; The sum adds lanes 0 + 2 and 1 + 3 in f32 (one more rounding, ≤ 6e−8 relative, per pair of
  ;; weights), then in f64.
  ;; NaN scores stay NaN (pmax keeps a NaN first operand) and reach the sum: the caller reports them.
  (func $weights (export "weights") (param $s i32) (param $count i32) (param $padded i32)
        (param $beta f64) (param $m f64) (param $w i32) (result f64)
    (local $end i32) (local $wend i32) (local $lv v128) (local $mv v128) (local $sum v128) (local $v v128)
    (local $ua v128) (local $ub v128) (local $ta v128) (local $tb v128) (local $f v128) (local $f2 v128) (local $e v128)
    ;; The constants, hoisted into locals (V8 rebuilds a v128.const at every use).
    (local $lo v128) (local $shift v128)
    (local $one v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128)
    (local.set $lo (v128.const f64x2 -127 -127))
    (local.set $shift (v128.const f64x2 6755399441055871 6755399441055871))
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $c1 (v128.const f32x4 0.6931470036506653 0.6931470036506653 0.6931470036506653 0.6931470036506653))
    (local.set $c2 (v128.const f32x4 0.24022231996059418 0.24022231996059418 0.24022231996059418 0.24022231996059418))
    (local.set $c3 (v128.const f32x4 0.05550685152411461 0.05550685152411461 0.05550685152411461 0.05550685152411461))
    (local.set $c4 (v128.const f32x4 0.009671973995864391 0.009671973995864391 0.009671973995864391 0.009671973995864391))
    (local.set $c5 (v128.const f32x4 0.0013277654070407152 0.0013277654070407152 0.0013277654070407152 0.0013277654070407152))
    (local.set $lv (f64x2.splat (local.get $beta)))
    (local.set $mv (f64x2.splat (local.get $m)))
    (local.set $wend (i32.add (local.get $w) (i32.shl (local.get $padded) (i32.const 2))))
    (local.set $end (i32.add (local.get $s) (i32.shl (local.get $count) (i32.const 2))))
    (loop $next
      (local.set $v (v128.load (local.get $s)))
      (local.set $ua (f64x2.pmax
        (f64x2.sub (f64x2.mul (local.get $lv) (f64x2.promote_low_f32x4 (local.get $v))) (local.get $mv))
        (local.get $lo)))
      (local.set $ub (f64x2.pmax
        (f64x2.sub (f64x2.mul (local.get $lv)
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))
          (local.get $mv))
        (local.get $lo)))
      ;; k = nearest(u) in $ta/$tb; f = u − k and, below, the exponent bits from k + shift.
      (local.set $ta (f64x2.nearest (local.get $ua)))
      (local.set $tb (f64x2.nearest (local.get $ub)))
      (local.set $f (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero (f64x2.sub (local.get $ua) (local.get $ta)))
        (f32x4.demote_f64x2_zero (f64x2.sub (local.get $ub) (local.get $tb)))))
      (local.set $f2 (f32x4.mul (local.get $f) (local.get $f)))
      (local.set $e (f32x4.mul
        (f32x4.add
          (f32x4.add (local.get $one) (f32x4.mul (local.get $f) (local.get $c1)))
          (f32x4.mul (local.get $f2)
            (f32x4.add
              (f32x4.add (local.get $c2) (f32x4.mul (local.get $f) (local.get $c3)))
              (f32x4.mul (local.get $f2) (f32x4.add (local.get $c4) (f32x4.mul (local.get $f) (local.get $c5)))))))
        (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
          (f64x2.add (local.get $ta) (local.get $shift)) (f64x2.add (local.get $tb) (local.get $shift))) (i32.const 23))))
      (local.set $s (i32.add (local.get $s) (i32.const 16)))
      ;; The last vector of a count that is not a multiple of 4: lane l is kept iff
      ;; l < count − (its first index), i.e. (end − s)/4 > l − 4 now that s has moved on.
      (if (i32.gt_u (local.get $s) (local.get $end))
        (then (local.set $e (v128.and (local.get $e)
          (i32x4.gt_s (i32x4.splat (i32.shr_s (i32.sub (local.get $end) (local.get $s)) (i32.const 2)))
                      (v128.const i32x4 -4 -3 -2 -1))))))
      (local.set $sum (f64x2.add (local.get $sum) (f64x2.promote_low_f32x4
        (f32x4.add (local.get $e) (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $e) (local.get $e))))))
      (v128.store (local.get $w) (local.get $e))
      (local.set $w (i32.add (local.get $w) (i32.const 16)))
      (br_if $next (i32.lt_u (local.get $s) (local.get $end))))
    ;; Zero the weights of the padding rows.
    (block $zdone
      (loop $znext
        (br_if $zdone (i32.ge_u (local.get $w) (local.get $wend)))
        (v128.store (local.get $w) (v128.const i64x2 0 0))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (br $znext)))
    (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum))))

  ;; Weighted sum of $nsb ≥ 1 super-blocks into one query's partial sums (n even ≥ 2):
  ;; cacc[j] += Σ_s Σ_k w[16s+4k .. 16s+4k+3] ⊙ (ξ^{16s+4k .. 16s+4k+3}_j), one f32x4 per j (lane l
  ;; collects the rows ≡ l mod 4; flush adds the lanes). One super-block and two coordinates per
  ;; iteration. A super-block whose 16 weights are all 0 (underflow at large λ) is skipped: it
  ;; would add exactly 0.
  (func $wsum (param $pat i32) (param $n i32) (param $nsb i32) (param $w i32) (param $cacc i32)
    (local $cend i32) (local $c i32) (local $sbBytes i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local.set $sbBytes (i32.shl (local.get $n) (i32.const 6)))
    (local.set $cend (i32.add (local.get $cacc) (i32.shl (local.get $n) (i32.const 4))))
    (loop $sb
      (local.set $w0 (v128.load offset=0 (local.get $w)))
      (local.set $w1 (v128.load offset=16 (local.get $w)))
      (local.set $w2 (v128.load offset=32 (local.get $w)))
      (local.set $w3 (v128.load offset=48 (local.get $w)))
      (if (v128.any_true (v128.or (v128.or (local.get $w0) (local.get $w1)) (v128.or (local.get $w2) (local.get $w3))))
        (then
          (local.set $c (local.get $cacc))
          (loop $j
            (v128.store offset=0 (local.get $c)
              (f32x4.add (v128.load offset=0 (local.get $c))
                (f32x4.add
                  (f32x4.add (f32x4.mul (local.get $w0) (v128.load offset=0 (local.get $pat)))
                             (f32x4.mul (local.get $w1) (v128.load offset=16 (local.get $pat))))
                  (f32x4.add (f32x4.mul (local.get $w2) (v128.load offset=32 (local.get $pat)))
                             (f32x4.mul (local.get $w3) (v128.load offset=48 (local.get $pat)))))))
            (v128.store offset=16 (local.get $c)
              (f32x4.add (v128.load offset=16 (local.get $c))
                (f32x4.add
                  (f32x4.add (f32x4.mul (local.get $w0) (v128.load offset=64 (local.get $pat)))
                             (f32x4.mul (local.get $w1) (v128.load offset=80 (local.get $pat))))
                  (f32x4.add (f32x4.mul (local.get $w2) (v128.load offset=96 (local.get $pat)))
                             (f32x4.mul (local.get $w3) (v128.load offset=112 (local.get $pat)))))))
            (local.set $pat (i32.add (local.get $pat) (i32.const 128)))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br_if $j (i32.lt_u (local.get $c) (local.get $cend)))))
        (else (local.set $pat (i32.add (local.get $pat) (local.get $sbBytes)))))
      (local.set $w (i32.add (local.get $w) (i32.const 64)))
      (local.set $nsb (i32.sub (local.get $nsb) (i32.const 1)))
      (br_if $sb (local.get $nsb))))

  ;; Weighted sums of two queries (weights at $wa and $wb, partial sums at $ca and $cb) over
  ;; $nsb ≥ 1 super-blocks: the same as two calls of $wsum, but each pattern vector loaded once
  ;; serves both queries. Super-blocks where all 32 weights are 0 are skipped.
  (func $wsum2 (param $pat i32) (param $n i32) (param $nsb i32) (param $wa i32) (param $wb i32)
        (param $ca i32) (param $cb i32)
    (local $j i32) (local $jend i32) (local $sbBytes i32)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $wa0 v128) (local $wa1 v128) (local $wa2 v128) (local $wa3 v128)
    (local $wb0 v128) (local $wb1 v128) (local $wb2 v128) (local $wb3 v128)
    (local.set $sbBytes (i32.shl (local.get $n) (i32.const 6)))
    (local.set $jend (i32.shl (local.get $n) (i32.const 4)))
    (loop $sb
      (local.set $wa0 (v128.load offset=0 (local.get $wa)))
      (local.set $wa1 (v128.load offset=16 (local.get $wa)))
      (local.set $wa2 (v128.load offset=32 (local.get $wa)))
      (local.set $wa3 (v128.load offset=48 (local.get $wa)))
      (local.set $wb0 (v128.load offset=0 (local.get $wb)))
      (local.set $wb1 (v128.load offset=16 (local.get $wb)))
      (local.set $wb2 (v128.load offset=32 (local.get $wb)))
      (local.set $wb3 (v128.load offset=48 (local.get $wb)))
      (if (v128.any_true
            (v128.or (v128.or (v128.or (local.get $wa0) (local.get $wa1)) (v128.or (local.get $wa2) (local.get $wa3)))
                     (v128.or (v128.or (local.get $wb0) (local.get $wb1)) (v128.or (local.get $wb2) (local.get $wb3)))))
        (then
          (local.set $j (i32.const 0))
          (loop $jl
            (local.set $p0 (v128.load offset=0 (local.get $pat)))
            (local.set $p1 (v128.load offset=16 (local.get $pat)))
            (local.set $p2 (v128.load offset=32 (local.get $pat)))
            (local.set $p3 (v128.load offset=48 (local.get $pat)))
            (v128.store (i32.add (local.get $ca) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $ca) (local.get $j)))
                (f32x4.add
                  (f32x4.add (f32x4.mul (local.get $wa0) (local.get $p0)) (f32x4.mul (local.get $wa1) (local.get $p1)))
                  (f32x4.add (f32x4.mul (local.get $wa2) (local.get $p2)) (f32x4.mul (local.get $wa3) (local.get $p3))))))
            (v128.store (i32.add (local.get $cb) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $cb) (local.get $j)))
                (f32x4.add
                  (f32x4.add (f32x4.mul (local.get $wb0) (local.get $p0)) (f32x4.mul (local.get $wb1) (local.get $p1)))
                  (f32x4.add (f32x4.mul (local.get $wb2) (local.get $p2)) (f32x4.mul (local.get $wb3) (local.get $p3))))))
            (local.set $pat (i32.add (local.get $pat) (i32.const 64)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br_if $jl (i32.lt_u (local.get $j) (local.get $jend)))))
        (else (local.set $pat (i32.add (local.get $pat) (local.get $sbBytes)))))
      (local.set $wa (i32.add (local.get $wa) (i32.const 64)))
      (local.set $wb (i32.add (local.get $wb) (i32.const 64)))
      (local.set $nsb (i32.sub (local.get $nsb) (i32.const 1)))
      (br_if $sb (local.get $nsb))))

  ;; acc[j] = (acc[j] + Σ_lanes cacc[j]) · scale in f64, then cacc[j] = 0, for j < n.
  (func $flush (param $cacc i32) (param $n i32) (param $acc i32) (param $scale f64)
    (local $cend i32) (local $v v128) (local $h v128)
    (local.set $cend (i32.add (local.get $cacc) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $cacc) (local.get $cend)))
        (local.set $v (v128.load (local.get $cacc)))
        (local.set $h (f64x2.add (f64x2.promote_low_f32x4 (local.get $v))
                                 (f64x2.promote_low_f32x4
                                   (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
        (f64.store (local.get $acc)
          (f64.mul (f64.add (f64.load (local.get $acc))
                            (f64.add (f64x2.extract_lane 0 (local.get $h)) (f64x2.extract_lane 1 (local.get $h))))
                   (local.get $scale)))
        (v128.store (local.get $cacc) (v128.const i64x2 0 0))
        (local.set $cacc (i32.add (local.get $cacc) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
        (br $next))))

  ;; Online-softmax bookkeeping of one query for one chunk whose $valid scores are at $scr: the
  ;; chunk max mx = β·max(s) (β = λ·log2(e), see the top); if it exceeds the running bound m, m
  ;; becomes ⌈mx⌉ and the query's sums so far are rescaled by 2^(m_old − m_new) (flush with that
  ;; scale, s ← s·scale); then the weights 2^(β·s − m) ≤ 1 go to $wscr ($padded of them, zeros
  ;; past $valid) and their sum is added to s. m is an integer (or −∞ before the first chunk), so
  ;; the scale is an exact power of two, built from its exponent bits, and a rescale rounds
  ;; nothing (but f64 underflow: < 2^−1074 per sum, at most one rescale per chunk): each weight
  ;; carries the error of its one exponential, however many rescales follow (with a real-valued
  ;; running max, each rescale was an exponential of its own, and the bound grew with P). A
  ;; difference below −1022 (or m_old = −∞: no sums yet) gives scale 0: the old sums it drops are
  ;; < P·2^−1022 of the new largest weight, which is ≥ ½ (2^(mx − ⌈mx⌉), rounded). m_old − m_new is exact:
  ;; both are integers, and an integer difference ≥ −1022 is representable.
  (func $softmaxChunk (param $scr i32) (param $valid i32) (param $padded i32) (param $beta f64)
        (param $wscr i32) (param $st i32) (param $cacc i32) (param $acc i32) (param $n i32)
    (local $mx f64) (local $m f64) (local $k f64) (local $scale f64)
    (local.set $mx (f64.mul (local.get $beta) (f64.promote_f32 (call $maxf32 (local.get $scr) (local.get $valid)))))
    (local.set $m (f64.load (local.get $st)))
    (if (f64.gt (local.get $mx) (local.get $m))
      (then
        (local.set $k (f64.sub (local.get $m) (f64.ceil (local.get $mx))))
        (local.set $scale (f64.const 0))
        (if (f64.ge (local.get $k) (f64.const -1022))
          (then (local.set $scale (f64.reinterpret_i64
            (i64.shl (i64.add (i64.trunc_f64_s (local.get $k)) (i64.const 1023)) (i64.const 52))))))
        (call $flush (local.get $cacc) (local.get $n) (local.get $acc) (local.get $scale))
        (f64.store offset=8 (local.get $st) (f64.mul (f64.load offset=8 (local.get $st)) (local.get $scale)))
        (local.set $m (f64.ceil (local.get $mx)))
        (f64.store (local.get $st) (local.get $m))))
    ;; A chunk whose largest weight 2^(mx − m) is below 2^−128 (large λ, far from the max) adds
    ;; nothing that $weights would not flush to 0 or a subnormal (see there: < P·2^−125 in all):
    ;; its weights are zeroed without computing them, and $wsum skips its all-zero super-blocks.
    ;; (A NaN mx fails the test and reaches the sum through $weights.)
    (if (f64.lt (f64.sub (local.get $mx) (local.get $m)) (f64.const -128))
      (then (memory.fill (local.get $wscr) (i32.const 0) (i32.shl (local.get $padded) (i32.const 2))))
      (else
        (f64.store offset=8 (local.get $st)
          (f64.add (f64.load offset=8 (local.get $st))
            (call $weights (local.get $scr) (local.get $valid) (local.get $padded) (local.get $beta) (local.get $m) (local.get $wscr)))))))

  ;; The fused attention step of Eq. (2) for $nq queries, one pass over Ξ from memory: Ξ is
  ;; walked in chunks of $chunkSb super-blocks; each chunk (in cache) serves every query, two at
  ;; a time: scores → chunk max → online-softmax rescale if the max grew → weights → weighted
  ;; sum. The f32 partial sums are flushed into the f64 accumulators when the max grows and every
  ;; $flushEvery chunks. Inputs: splats at $xs (query q at xs + 16nq); scratch $scr and $wscr of
  ;; 2·16·chunkSb f32 each (scores and weights of the two queries in flight); state as described
  ;; at the top (m in base 2: logSumExp = m·ln 2 + log s), initialised by the caller to m = −∞,
  ;; s = 0, acc = 0, cacc = 0. n even ≥ 2, rows ≥ 1.
  (func (export "attend") (param $pat i32) (param $n i32) (param $rows i32) (param $nq i32) (param $xs i32)
        (param $lambda f64) (param $scr i32) (param $wscr i32) (param $cacc i32) (param $acc i32) (param $st i32)
        (param $chunkSb i32) (param $flushEvery i32)
    (local $nsbTotal i32) (local $c0 i32) (local $nsb i32) (local $valid i32) (local $padded i32) (local $q i32)
    (local $chunkPat i32) (local $sinceFlush i32) (local $half i32)
    (local $xsStride i32) (local $caccStride i32) (local $accStride i32)
    (local.set $nsbTotal (i32.shr_u (i32.add (local.get $rows) (i32.const 15)) (i32.const 4)))
    ;; From here on $lambda holds β = λ·log2(e): the softmax runs in base 2 (see $weights).
    (local.set $lambda (f64.mul (local.get $lambda) (f64.const 1.4426950408889634)))
    (local.set $xsStride (i32.shl (local.get $n) (i32.const 4)))
    (local.set $caccStride (i32.shl (local.get $n) (i32.const 4)))
    (local.set $accStride (i32.shl (local.get $n) (i32.const 3)))
    (local.set $half (i32.shl (local.get $chunkSb) (i32.const 6)))
    (block $chunksDone
      (loop $chunks
        (br_if $chunksDone (i32.ge_u (local.get $c0) (local.get $nsbTotal)))
        (local.set $nsb (i32.sub (local.get $nsbTotal) (local.get $c0)))
        (if (i32.gt_u (local.get $nsb) (local.get $chunkSb)) (then (local.set $nsb (local.get $chunkSb))))
        (local.set $padded (i32.shl (local.get $nsb) (i32.const 4)))
        (local.set $valid (i32.sub (local.get $rows) (i32.shl (local.get $c0) (i32.const 4))))
        (if (i32.gt_u (local.get $valid) (local.get $padded)) (then (local.set $valid (local.get $padded))))
        (local.set $chunkPat (i32.add (local.get $pat) (i32.mul (local.get $c0) (i32.shl (local.get $n) (i32.const 6)))))
        (local.set $q (i32.const 0))
        ;; Pairs of queries.
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (i32.add (local.get $q) (i32.const 1)) (local.get $nq)))
            (call $scores2 (local.get $chunkPat) (local.get $n) (local.get $nsb)
              (i32.add (local.get $xs) (i32.mul (local.get $q) (local.get $xsStride)))
              (i32.add (local.get $xs) (i32.mul (i32.add (local.get $q) (i32.const 1)) (local.get $xsStride)))
              (local.get $scr) (i32.add (local.get $scr) (local.get $half)))
            (call $softmaxChunk (local.get $scr) (local.get $valid) (local.get $padded) (local.get $lambda) (local.get $wscr)
              (i32.add (local.get $st) (i32.shl (local.get $q) (i32.const 4)))
              (i32.add (local.get $cacc) (i32.mul (local.get $q) (local.get $caccStride)))
              (i32.add (local.get $acc) (i32.mul (local.get $q) (local.get $accStride)))
              (local.get $n))
            (call $softmaxChunk (i32.add (local.get $scr) (local.get $half)) (local.get $valid) (local.get $padded) (local.get $lambda)
              (i32.add (local.get $wscr) (local.get $half))
              (i32.add (local.get $st) (i32.shl (i32.add (local.get $q) (i32.const 1)) (i32.const 4)))
              (i32.add (local.get $cacc) (i32.mul (i32.add (local.get $q) (i32.const 1)) (local.get $caccStride)))
              (i32.add (local.get $acc) (i32.mul (i32.add (local.get $q) (i32.const 1)) (local.get $accStride)))
              (local.get $n))
            (call $wsum2 (local.get $chunkPat) (local.get $n) (local.get $nsb)
              (local.get $wscr) (i32.add (local.get $wscr) (local.get $half))
              (i32.add (local.get $cacc) (i32.mul (local.get $q) (local.get $caccStride)))
              (i32.add (local.get $cacc) (i32.mul (i32.add (local.get $q) (i32.const 1)) (local.get $caccStride))))
            (local.set $q (i32.add (local.get $q) (i32.const 2)))
            (br $pairs)))
        ;; The last query of an odd count (or the only one).
        (if (i32.lt_u (local.get $q) (local.get $nq))
          (then
            (call $scores (local.get $chunkPat) (local.get $n) (local.get $nsb)
              (i32.add (local.get $xs) (i32.mul (local.get $q) (local.get $xsStride)))
              (local.get $scr))
            (call $softmaxChunk (local.get $scr) (local.get $valid) (local.get $padded) (local.get $lambda) (local.get $wscr)
              (i32.add (local.get $st) (i32.shl (local.get $q) (i32.const 4)))
              (i32.add (local.get $cacc) (i32.mul (local.get $q) (local.get $caccStride)))
              (i32.add (local.get $acc) (i32.mul (local.get $q) (local.get $accStride)))
              (local.get $n))
            (call $wsum (local.get $chunkPat) (local.get $n) (local.get $nsb) (local.get $wscr)
              (i32.add (local.get $cacc) (i32.mul (local.get $q) (local.get $caccStride))))))
        (local.set $sinceFlush (i32.add (local.get $sinceFlush) (i32.const 1)))
        (local.set $c0 (i32.add (local.get $c0) (local.get $nsb)))
        (if (i32.or (i32.ge_u (local.get $sinceFlush) (local.get $flushEvery))
                    (i32.ge_u (local.get $c0) (local.get $nsbTotal)))
          (then
            (local.set $sinceFlush (i32.const 0))
            (local.set $q (i32.const 0))
            (block $flushDone
              (loop $flushNext
                (br_if $flushDone (i32.ge_u (local.get $q) (local.get $nq)))
                (call $flush
                  (i32.add (local.get $cacc) (i32.mul (local.get $q) (local.get $caccStride)))
                  (local.get $n)
                  (i32.add (local.get $acc) (i32.mul (local.get $q) (local.get $accStride)))
                  (f64.const 1))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $flushNext)))))
        (br $chunks))))
)
