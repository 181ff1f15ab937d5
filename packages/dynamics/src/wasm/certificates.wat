;; WebAssembly SIMD (f32x4) kernels of the certificates (certificate-kernel.ts): the geometry of the
;; patterns seen from a target (the dot products, squared norms and squared distances behind the
;; retrieval and failure certificates), the scores Ξc of one state and the weighted second-moment
;; matrix M = Σ_μ w_μ² (ξ^μ − m)(ξ^μ − m)ᵀ, whose largest eigenvalue bounds the Jacobian of the
;; attention update (Eq. 2) on a ball around c (the contraction certificate).
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
)
