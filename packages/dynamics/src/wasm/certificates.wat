;; WebAssembly SIMD (f32x4) kernels of the certificates (certificate-kernel.ts): the geometry of the
;; patterns seen from a target (the dot products, squared norms and squared distances behind the
;; retrieval and failure certificates) and its bins, the scores Ξc of one state and the weighted
;; second-moment matrix M = Σ_μ w_μ² (ξ^μ − m)(ξ^μ − m)ᵀ, whose largest eigenvalue bounds the
;; Jacobian of the attention update (Eq. 2) on a ball around c (the contraction certificate), and
;; that bound itself. The float64 parts (gap bins, eigenvalue bound, square roots of the weights)
;; repeat the JavaScript of certificates.ts and certificate-kernel.ts operation for operation, so
;; they give the same bits; they are here because a worker thread runs them from its first call at
;; full speed, instead of interpreting them until the JavaScript compiler has caught up.
;; Hand-written; assembled at build time by build-certificates.mjs (wabt) into
;; certificates.generated.ts and driven by certificate-kernel.ts, which owns the memory layout:
;;
;;   $pat  P rows of N float32 (row-major, the pattern matrix as it is), followed by at least 8
;;         zero float32: a row is read as np = N rounded up to 8 floats, the last np − N from the
;;         next row (or the zeros), which meet zeros of $x and $m (so they add nothing to the
;;         scores, and only fill rows and columns ≥ N of $acc, which nobody reads)
;;   $x    np float32 (the state c, or the target ξ^t, zero padding)
;;   $mask np int32: all ones for j < N, zero for the padding (geometry only)
;;   $gaps, $dists  (P − 1) float64 each, $stats 2 float64 (geometry only)
;;   $out  P float32 (scores)
;;   $w    P float32 (w_μ = √ã_μ, the weights' square roots)
;;   $m    np float32 (the centre m, zero padding)
;;   $y    CHUNK × np float32 of scratch (a chunk of rows y_μ = w_μ (ξ^μ − m), 16-byte aligned)
;;   $acc  np × np float64 (M, row-major; only the tiles on or above the diagonal are written)
;;
;; All pointers are byte offsets into the imported memory ($x, $m, $y, $acc 16-byte aligned; the
;; rows of $pat need not be: WebAssembly loads take any alignment).
;;
;; Rounding (used by certificate-kernel.ts for its error bound): every y_μ,j is w·(ξ − m) with two
;; float32 roundings; each f32x4 accumulator sums the products of at most CHUNK = 64 rows in
;; float32 before it is added into the float64 matrix, so an entry of M is off by at most
;; (CHUNK + 6)·2^-24 · Σ_μ |y_μ,i||y_μ,j| (relative to the exact sum for these w and m).
(module
  (import "env" "memory" (memory 1 65536))

  ;; The target geometry as upper bounds, in float64, for the rows μ ≠ $target (in order): at
  ;; $gaps G_μ ≤ dot + g·√(n2·up)·$tNorm − $norm2 and at $dists D_μ ≤ √(d2·up), where dot, n2 and
  ;; d2 are the float32 sums Σ_j ξ^μ_j t_j, Σ_j (ξ^μ_j)², Σ_j (ξ^μ_j − t_j)² (t = the target at $x)
  ;; and up = 1/(1 − g); at $stats the largest n2·up over those rows and the largest |ξ^μ_j| over
  ;; all rows (f64 each). The row is read as np floats and masked to its N: the floats past N belong
  ;; to the next row. One f32x4 accumulator per sum (np/4 terms per lane) and a two-level sum of the
  ;; lanes: each term goes through at most np/4 + 4 roundings (difference, product, additions), so
  ;; each sum is off by at most g = γ_{np/4+4} times the sum of the absolute values of its terms
  ;; (the caller passes g); the maximum is exact (pmax, not max: max costs several instructions in
  ;; V8, and a NaN pattern makes every later step fail anyway).
  (func (export "geometry") (param $pat i32) (param $rows i32) (param $cols i32) (param $np i32) (param $x i32)
        (param $mask i32) (param $target i32) (param $gaps i32) (param $dists i32) (param $stats i32)
        (param $g f64) (param $norm2 f64) (param $tNorm f64)
    (local $row i32) (local $j i32) (local $rowBytes i32) (local $stride i32)
    (local $v v128) (local $t v128) (local $d v128) (local $dot v128) (local $n2 v128) (local $d2 v128) (local $mx v128)
    (local $up f64) (local $n2u f64) (local $maxN2 f64)
    (local.set $rowBytes (i32.shl (local.get $np) (i32.const 2)))
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $up (f64.div (f64.const 1) (f64.sub (f64.const 1) (local.get $g))))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $dot (v128.const i64x2 0 0))
        (local.set $n2 (v128.const i64x2 0 0))
        (local.set $d2 (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (loop $colsLoop
          (local.set $v (v128.and (v128.load (i32.add (local.get $pat) (local.get $j)))
                                  (v128.load (i32.add (local.get $mask) (local.get $j)))))
          (local.set $t (v128.load (i32.add (local.get $x) (local.get $j))))
          (local.set $dot (f32x4.add (local.get $dot) (f32x4.mul (local.get $v) (local.get $t))))
          (local.set $n2 (f32x4.add (local.get $n2) (f32x4.mul (local.get $v) (local.get $v))))
          (local.set $d (f32x4.sub (local.get $v) (local.get $t)))
          (local.set $d2 (f32x4.add (local.get $d2) (f32x4.mul (local.get $d) (local.get $d))))
          (local.set $mx (f32x4.pmax (local.get $mx) (f32x4.abs (local.get $v))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $colsLoop (i32.lt_u (local.get $j) (local.get $rowBytes))))
        (if (i32.ne (local.get $row) (local.get $target))
          (then
            (local.set $n2u (f64.mul (f64.promote_f32
              (f32.add (f32.add (f32x4.extract_lane 0 (local.get $n2)) (f32x4.extract_lane 1 (local.get $n2)))
                       (f32.add (f32x4.extract_lane 2 (local.get $n2)) (f32x4.extract_lane 3 (local.get $n2)))))
              (local.get $up)))
            (local.set $maxN2 (f64.max (local.get $maxN2) (local.get $n2u)))
            (f64.store (local.get $gaps)
              (f64.sub
                (f64.add (f64.promote_f32
                           (f32.add (f32.add (f32x4.extract_lane 0 (local.get $dot)) (f32x4.extract_lane 1 (local.get $dot)))
                                    (f32.add (f32x4.extract_lane 2 (local.get $dot)) (f32x4.extract_lane 3 (local.get $dot)))))
                         (f64.mul (f64.mul (local.get $g) (f64.sqrt (local.get $n2u))) (local.get $tNorm)))
                (local.get $norm2)))
            (f64.store (local.get $dists)
              (f64.sqrt (f64.mul (f64.promote_f32
                (f32.add (f32.add (f32x4.extract_lane 0 (local.get $d2)) (f32x4.extract_lane 1 (local.get $d2)))
                         (f32.add (f32x4.extract_lane 2 (local.get $d2)) (f32x4.extract_lane 3 (local.get $d2)))))
                (local.get $up))))
            (local.set $gaps (i32.add (local.get $gaps) (i32.const 8)))
            (local.set $dists (i32.add (local.get $dists) (i32.const 8)))))
        (local.set $pat (i32.add (local.get $pat) (local.get $stride)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowsLoop)))
    (f64.store offset=0 (local.get $stats) (local.get $maxN2))
    (f64.store offset=8 (local.get $stats) (f64.promote_f32
      (f32.max (f32.max (f32x4.extract_lane 0 (local.get $mx)) (f32x4.extract_lane 1 (local.get $mx)))
               (f32.max (f32x4.extract_lane 2 (local.get $mx)) (f32x4.extract_lane 3 (local.get $mx)))))))

  ;; out[μ] = Σ_j ξ^μ_j x_j for μ < rows: one f32x4 accumulator per row (np/4 products per lane),
  ;; then the sum of its four lanes. Rounding: ≤ (np/4 + 3)·2^-24 · Σ_j |ξ^μ_j x_j| per score.
  (func (export "scores") (param $pat i32) (param $rows i32) (param $cols i32) (param $np i32) (param $x i32) (param $out i32)
    (local $row i32) (local $j i32) (local $rowBytes i32) (local $stride i32) (local $a v128)
    (local.set $rowBytes (i32.shl (local.get $np) (i32.const 2)))
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $a (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (loop $cols
          (local.set $a (f32x4.add (local.get $a)
            (f32x4.mul (v128.load (i32.add (local.get $pat) (local.get $j)))
                       (v128.load (i32.add (local.get $x) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $rowBytes))))
        (f32.store (local.get $out)
          (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
                   (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
        (local.set $pat (i32.add (local.get $pat) (local.get $stride)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowsLoop))))

  ;; acc += Σ_μ y_μ y_μᵀ over the tiles on or above the diagonal, for the $count ≤ 64 rows of
  ;; $y (np floats each). A tile is 4 rows i × 8 columns j of M (i0 = 4b, j0 = 8c, c ≥ b/2):
  ;; eight f32x4 accumulators, each row μ adding y_μ,i (splat) × y_μ,j..j+3; then the tile is
  ;; added into the float64 matrix (each f32x4 as two f64x2).
  (func $tiles (param $y i32) (param $count i32) (param $np i32) (param $acc i32)
    (local $i0 i32) (local $j0 i32) (local $p i32) (local $end i32) (local $rowBytes i32) (local $t i32)
    (local $s v128) (local $v0 v128) (local $v1 v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $rowBytes (i32.shl (local.get $np) (i32.const 2)))
    (local.set $end (i32.add (local.get $y) (i32.mul (local.get $count) (local.get $rowBytes))))
    (local.set $i0 (i32.const 0))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i0) (local.get $np)))
        ;; first column block on or after the diagonal: j0 = 8·floor(i0/8)
        (local.set $j0 (i32.and (local.get $i0) (i32.const -8)))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $j0) (local.get $np)))
            (local.set $a00 (v128.const i64x2 0 0)) (local.set $a01 (v128.const i64x2 0 0))
            (local.set $a10 (v128.const i64x2 0 0)) (local.set $a11 (v128.const i64x2 0 0))
            (local.set $a20 (v128.const i64x2 0 0)) (local.set $a21 (v128.const i64x2 0 0))
            (local.set $a30 (v128.const i64x2 0 0)) (local.set $a31 (v128.const i64x2 0 0))
            (local.set $p (local.get $y))
            (block $rowsDone
              (loop $rowsLoop
                (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $t (i32.add (local.get $p) (i32.shl (local.get $j0) (i32.const 2))))
                (local.set $v0 (v128.load offset=0 (local.get $t)))
                (local.set $v1 (v128.load offset=16 (local.get $t)))
                (local.set $t (i32.add (local.get $p) (i32.shl (local.get $i0) (i32.const 2))))
                (local.set $s (v128.load32_splat offset=0 (local.get $t)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $v0))))
                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load32_splat offset=4 (local.get $t)))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $v0))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load32_splat offset=8 (local.get $t)))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $v0))))
                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load32_splat offset=12 (local.get $t)))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $v0))))
                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $v1))))
                (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
                (br $rowsLoop)))
            ;; acc[(i0 + r)·np + j0 + 4q ..] += a_rq (as float64)
            (local.set $t (i32.add (local.get $acc)
              (i32.shl (i32.add (i32.mul (local.get $i0) (local.get $np)) (local.get $j0)) (i32.const 3))))
            (call $add8 (local.get $t) (local.get $a00) (local.get $a01))
            (local.set $t (i32.add (local.get $t) (i32.shl (local.get $np) (i32.const 3))))
            (call $add8 (local.get $t) (local.get $a10) (local.get $a11))
            (local.set $t (i32.add (local.get $t) (i32.shl (local.get $np) (i32.const 3))))
            (call $add8 (local.get $t) (local.get $a20) (local.get $a21))
            (local.set $t (i32.add (local.get $t) (i32.shl (local.get $np) (i32.const 3))))
            (call $add8 (local.get $t) (local.get $a30) (local.get $a31))
            (local.set $j0 (i32.add (local.get $j0) (i32.const 8)))
            (br $jLoop)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const 4)))
        (br $iLoop))))

  ;; Eight float64 at $p += the lanes of two f32x4 (promoted exactly).
  (func $add8 (param $p i32) (param $a v128) (param $b v128)
    (v128.store offset=0 (local.get $p) (f64x2.add (v128.load offset=0 (local.get $p)) (f64x2.promote_low_f32x4 (local.get $a))))
    (v128.store offset=16 (local.get $p) (f64x2.add (v128.load offset=16 (local.get $p))
      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))))
    (v128.store offset=32 (local.get $p) (f64x2.add (v128.load offset=32 (local.get $p)) (f64x2.promote_low_f32x4 (local.get $b))))
    (v128.store offset=48 (local.get $p) (f64x2.add (v128.load offset=48 (local.get $p))
      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))))

  ;; acc += Σ_{μ < rows} w_μ² (ξ^μ − m)(ξ^μ − m)ᵀ (tiles on or above the diagonal), 64 rows at a
  ;; time: each chunk's rows y_μ = w_μ (ξ^μ − m) are written to $y, then added by $tiles.
  (func (export "covariance") (param $pat i32) (param $rows i32) (param $cols i32) (param $np i32) (param $w i32) (param $m i32)
        (param $y i32) (param $acc i32)
    (local $done i32) (local $count i32) (local $r i32) (local $j i32) (local $rowBytes i32) (local $stride i32)
    (local $src i32) (local $dst i32) (local $s v128)
    (local.set $rowBytes (i32.shl (local.get $np) (i32.const 2)))
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (block $chunksDone
      (loop $chunks
        (br_if $chunksDone (i32.ge_u (local.get $done) (local.get $rows)))
        (local.set $count (i32.sub (local.get $rows) (local.get $done)))
        (if (i32.gt_u (local.get $count) (i32.const 64)) (then (local.set $count (i32.const 64))))
        (local.set $r (i32.const 0))
        (local.set $dst (local.get $y))
        (block $rowsDone
          (loop $rowsLoop
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $count)))
            (local.set $s (v128.load32_splat (i32.add (local.get $w) (i32.shl (i32.add (local.get $done) (local.get $r)) (i32.const 2)))))
            (local.set $src (i32.add (local.get $pat) (i32.mul (i32.add (local.get $done) (local.get $r)) (local.get $stride))))
            (local.set $j (i32.const 0))
            (loop $cols
              (v128.store (i32.add (local.get $dst) (local.get $j))
                (f32x4.mul (local.get $s)
                  (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $j)))
                             (v128.load (i32.add (local.get $m) (local.get $j))))))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br_if $cols (i32.lt_u (local.get $j) (local.get $rowBytes))))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rowsLoop)))
        (call $tiles (local.get $y) (local.get $count) (local.get $np) (local.get $acc))
        (local.set $done (i32.add (local.get $done) (local.get $count)))
        (br $chunks))))

  ;; The largest of $rows ≥ 0 float32 at $p, as float64 (−∞ for none; NaN if one is NaN).
  (func (export "maxScore") (param $p i32) (param $rows i32) (result f64)
    (local $end i32) (local $m f32)
    (local.set $m (f32.const -inf))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $rows) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $m (f32.max (local.get $m) (f32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    (f64.promote_f32 (local.get $m)))

  ;; w_μ = fl32(√max(w_μ/sum, 10⁻³⁰)) for the $rows float32 at $w (their exponentials), in float64
  ;; as Math.sqrt(Math.max(w / sum, 1e-30)) of certificate-kernel.ts.
  (func (export "rootWeights") (param $w i32) (param $rows i32) (param $sum f64)
    (local $end i32)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $rows) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (f32.store (local.get $w) (f32.demote_f64 (f64.sqrt
          (f64.max (f64.div (f64.promote_f32 (f32.load (local.get $w))) (local.get $sum)) (f64.const 1e-30)))))
        (local.set $w (i32.add (local.get $w) (i32.const 4)))
        (br $next))))

  ;; gapBins of certificates.ts for $count > 256 pairs (G_μ, D_μ) at $gaps, $dists (float64), the same
  ;; operations in the same order: the 256 bins of G (largest G, largest D, count; NaN kept by max)
  ;; at $bins (3 × 256 float64: gaps, dists, counts), then the used ones moved to the front of each
  ;; of the three arrays in bin order. Returns how many are used.
  (func (export "gapBins") (param $gaps i32) (param $dists i32) (param $count i32) (param $bins i32) (result i32)
    (local $k i32) (local $i i32) (local $used i32) (local $g f64) (local $lo f64) (local $hi f64) (local $scale f64)
    (local $pg i32) (local $pd i32) (local $pc i32)
    (local.set $lo (f64.const inf))
    (local.set $hi (f64.const -inf))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
      (local.set $g (f64.load (i32.add (local.get $gaps) (i32.shl (local.get $k) (i32.const 3)))))
      (if (f64.lt (local.get $g) (local.get $lo)) (then (local.set $lo (local.get $g))))
      (if (f64.gt (local.get $g) (local.get $hi)) (then (local.set $hi (local.get $g))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $next)))
    ;; bins: gaps −∞, dists 0, counts 0
    (local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.const 256)))
      (local.set $pg (i32.add (local.get $bins) (i32.shl (local.get $i) (i32.const 3))))
      (f64.store offset=0 (local.get $pg) (f64.const -inf))
      (f64.store offset=2048 (local.get $pg) (f64.const 0))
      (f64.store offset=4096 (local.get $pg) (f64.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.set $scale (select (f64.div (f64.const 256) (f64.sub (local.get $hi) (local.get $lo))) (f64.const 0)
      (f64.gt (local.get $hi) (local.get $lo))))
    (local.set $k (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
      (local.set $g (f64.load (i32.add (local.get $gaps) (i32.shl (local.get $k) (i32.const 3)))))
      ;; b = Math.min(255, Math.floor((g − lo)·scale)) | 0 (NaN → 0), then b ≥ 0 ? b : 255
      (local.set $i (i32.trunc_sat_f64_s (f64.min (f64.const 255)
        (f64.floor (f64.mul (f64.sub (local.get $g) (local.get $lo)) (local.get $scale))))))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (local.set $i (i32.const 255))))
      (local.set $pg (i32.add (local.get $bins) (i32.shl (local.get $i) (i32.const 3))))
      (f64.store offset=4096 (local.get $pg) (f64.add (f64.load offset=4096 (local.get $pg)) (f64.const 1)))
      (f64.store offset=0 (local.get $pg) (f64.max (f64.load offset=0 (local.get $pg)) (local.get $g)))
      (f64.store offset=2048 (local.get $pg) (f64.max (f64.load offset=2048 (local.get $pg))
        (f64.load (i32.add (local.get $dists) (i32.shl (local.get $k) (i32.const 3))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $next)))
    ;; compaction (the destination never passes the source)
    (local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.const 256)))
      (local.set $pg (i32.add (local.get $bins) (i32.shl (local.get $i) (i32.const 3))))
      (if (f64.gt (f64.load offset=4096 (local.get $pg)) (f64.const 0)) (then
        (local.set $pc (i32.add (local.get $bins) (i32.shl (local.get $used) (i32.const 3))))
        (f64.store offset=0 (local.get $pc) (f64.load offset=0 (local.get $pg)))
        (f64.store offset=2048 (local.get $pc) (f64.load offset=2048 (local.get $pg)))
        (f64.store offset=4096 (local.get $pc) (f64.load offset=4096 (local.get $pg)))
        (local.set $used (i32.add (local.get $used) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $used))

  ;; The in-place Cholesky factorisation of the $n × $n float64 matrix at $a (row-major, lower
  ;; triangle): choleskySucceeds of certificate-kernel.ts, the same operations in the same order.
  ;; 1 when it runs to the end, 0 at a pivot that is not positive.
  (func $cholesky (param $a i32) (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $k i32) (local $rj i32) (local $ri i32) (local $d f64) (local $r f64) (local $s f64)
    (block $done (loop $cols
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $rj (i32.add (local.get $a) (i32.shl (i32.mul (local.get $j) (local.get $n)) (i32.const 3))))
      (local.set $d (f64.load (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3)))))
      (local.set $k (i32.const 0))
      (block $kd (loop $kl
        (br_if $kd (i32.ge_u (local.get $k) (local.get $j)))
        (local.set $s (f64.load (i32.add (local.get $rj) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $d (f64.sub (local.get $d) (f64.mul (local.get $s) (local.get $s))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kl)))
      (if (i32.eqz (f64.gt (local.get $d) (f64.const 0))) (then (return (i32.const 0))))
      (local.set $r (f64.sqrt (local.get $d)))
      (f64.store (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3))) (local.get $r))
      (local.set $i (i32.add (local.get $j) (i32.const 1)))
      (block $id (loop $il
        (br_if $id (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $ri (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 3))))
        (local.set $s (f64.load (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $k (i32.const 0))
        (block $kd2 (loop $kl2
          (br_if $kd2 (i32.ge_u (local.get $k) (local.get $j)))
          (local.set $s (f64.sub (local.get $s) (f64.mul
            (f64.load (i32.add (local.get $ri) (i32.shl (local.get $k) (i32.const 3))))
            (f64.load (i32.add (local.get $rj) (i32.shl (local.get $k) (i32.const 3)))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $kl2)))
        (f64.store (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))) (f64.div (local.get $s) (local.get $r)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $cols)))
    (i32.const 1))

  ;; largestEigenvalueBound of certificate-kernel.ts (the same operations in the same order, so the
  ;; same bound bit for bit) for the symmetric $n × $n matrix whose upper triangle is at $acc (row
  ;; stride $np float64: the covariance's layout), from the start vector at $start ($n float64, all
  ;; zero for none). Scratch: $m and $a ($n × $n float64 each: the dense matrix, then (τ − c)I − M
  ;; for the Cholesky check), $v and $w ($n float64 each). Returns τ, or +∞ (0 for the zero matrix).
  (func (export "eigenBound") (param $acc i32) (param $np i32) (param $n i32) (param $start i32)
        (param $m i32) (param $a i32) (param $v i32) (param $w i32) (result f64)
    (local $i i32) (local $j i32) (local $best i32) (local $it i32) (local $t i32) (local $pass i32)
    (local $x f64) (local $trace f64) (local $rowNorm2 f64) (local $startNorm2 f64) (local $weight f64)
    (local $scale f64) (local $shift f64) (local $norm2 f64) (local $vmv f64) (local $s f64) (local $next f64)
    (local $theta f64) (local $tau f64) (local $c f64) (local $nn i32) (local $converged i32)
    (local.set $nn (i32.mul (local.get $n) (local.get $n)))
    ;; dense copy: m[i][j] = m[j][i] = acc[i][j] for j ≥ i
    (block $di (loop $li
      (br_if $di (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $j (local.get $i))
      (block $dj (loop $lj
        (br_if $dj (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $x (f64.load (i32.add (local.get $acc) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $np)) (local.get $j)) (i32.const 3)))))
        (f64.store (i32.add (local.get $m) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))) (local.get $x))
        (f64.store (i32.add (local.get $m) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $n)) (local.get $i)) (i32.const 3))) (local.get $x))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $lj)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $li)))
    ;; trace of |m|, and the row of the largest diagonal entry
    (local.set $i (i32.const 0))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $x (f64.load (i32.add (local.get $m) (i32.shl (i32.mul (local.get $i) (i32.add (local.get $n) (i32.const 1))) (i32.const 3)))))
      (local.set $trace (f64.add (local.get $trace) (f64.abs (local.get $x))))
      (if (f64.gt (local.get $x)
            (f64.load (i32.add (local.get $m) (i32.shl (i32.mul (local.get $best) (i32.add (local.get $n) (i32.const 1))) (i32.const 3)))))
        (then (local.set $best (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1)))
    (if (i32.eqz (f64.gt (local.get $trace) (f64.const 0)))
      (then (return (select (f64.const 0) (f64.const inf) (f64.eq (local.get $trace) (f64.const 0))))))
    ;; start: weight·row + scale·start + 10⁻³·trace/n
    (local.set $t (i32.add (local.get $m) (i32.shl (i32.mul (local.get $best) (local.get $n)) (i32.const 3))))
    (local.set $j (i32.const 0))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $x (f64.load (i32.add (local.get $t) (i32.shl (local.get $j) (i32.const 3)))))
      (local.set $rowNorm2 (f64.add (local.get $rowNorm2) (f64.mul (local.get $x) (local.get $x))))
      (local.set $x (f64.load (i32.add (local.get $start) (i32.shl (local.get $j) (i32.const 3)))))
      (local.set $startNorm2 (f64.add (local.get $startNorm2) (f64.mul (local.get $x) (local.get $x))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l2)))
    (local.set $weight (select (f64.const 0.01) (f64.const 1) (f64.gt (local.get $startNorm2) (f64.const 0))))
    (local.set $scale (select (f64.sqrt (f64.div (local.get $rowNorm2) (local.get $startNorm2))) (f64.const 0)
      (f64.gt (local.get $startNorm2) (f64.const 0))))
    (local.set $shift (f64.div (f64.mul (f64.const 0.001) (local.get $trace)) (f64.convert_i32_u (local.get $n))))
    (local.set $j (i32.const 0))
    (block $d3 (loop $l3
      (br_if $d3 (i32.ge_u (local.get $j) (local.get $n)))
      (f64.store (i32.add (local.get $v) (i32.shl (local.get $j) (i32.const 3)))
        (f64.add
          (f64.add (f64.mul (local.get $weight) (f64.load (i32.add (local.get $t) (i32.shl (local.get $j) (i32.const 3)))))
                   (f64.mul (local.get $scale) (f64.load (i32.add (local.get $start) (i32.shl (local.get $j) (i32.const 3))))))
          (local.get $shift)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l3)))
    ;; power iteration (at most 60 steps; v and w swap roles)
    (block $itDone (loop $itLoop
      (br_if $itDone (i32.ge_u (local.get $it) (i32.const 60)))
      (local.set $norm2 (f64.const 0))
      (local.set $j (i32.const 0))
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $x (f64.load (i32.add (local.get $v) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $norm2 (f64.add (local.get $norm2) (f64.mul (local.get $x) (local.get $x))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $l4)))
      (br_if $itDone (i32.eqz (f64.gt (local.get $norm2) (f64.const 0))))
      (local.set $vmv (f64.const 0))
      (local.set $i (i32.const 0))
      (block $d5 (loop $l5
        (br_if $d5 (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $t (i32.add (local.get $m) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 3))))
        (local.set $s (f64.const 0))
        (local.set $j (i32.const 0))
        (block $d6 (loop $l6
          (br_if $d6 (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $s (f64.add (local.get $s) (f64.mul
            (f64.load (i32.add (local.get $t) (i32.shl (local.get $j) (i32.const 3))))
            (f64.load (i32.add (local.get $v) (i32.shl (local.get $j) (i32.const 3)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $l6)))
        (f64.store (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
        (local.set $vmv (f64.add (local.get $vmv) (f64.mul (local.get $s)
          (f64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l5)))
      (local.set $next (f64.div (local.get $vmv) (local.get $norm2)))
      (local.set $converged (f64.le (f64.abs (f64.sub (local.get $next) (local.get $theta))) (f64.mul (f64.const 1e-6) (local.get $next))))
      (local.set $theta (local.get $next))
      (local.set $t (local.get $v))
      (local.set $v (local.get $w))
      (local.set $w (local.get $t))
      (br_if $itDone (local.get $converged))
      (local.set $it (i32.add (local.get $it) (i32.const 1)))
      (br $itLoop)))
    ;; τ = θ(1 + 10⁻³), then 1.1θ, each plus 10⁻¹²·trace, accepted when (τ − c)I − M factorises
    (block $passDone (loop $passLoop
      (br_if $passDone (i32.ge_u (local.get $pass) (i32.const 2)))
      (local.set $tau (f64.add (f64.mul (local.get $theta) (select (f64.const 1.001) (f64.const 1.1) (i32.eqz (local.get $pass))))
                               (f64.mul (f64.const 1e-12) (local.get $trace))))
      (local.set $c (f64.mul (f64.const 1e-8) (f64.add (f64.mul (f64.convert_i32_u (local.get $n)) (local.get $tau)) (local.get $trace))))
      (local.set $i (i32.const 0))
      (block $d7 (loop $l7
        (br_if $d7 (i32.ge_u (local.get $i) (local.get $nn)))
        (f64.store (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3)))
          (f64.neg (f64.load (i32.add (local.get $m) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l7)))
      (local.set $i (i32.const 0))
      (block $d8 (loop $l8
        (br_if $d8 (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $t (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (i32.add (local.get $n) (i32.const 1))) (i32.const 3))))
        (f64.store (local.get $t) (f64.add (f64.load (local.get $t)) (f64.sub (local.get $tau) (local.get $c))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l8)))
      (if (call $cholesky (local.get $a) (local.get $n)) (then (return (local.get $tau))))
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br $passLoop)))
    (f64.const inf))
)
