;; WebAssembly SIMD sampler of standard normal rows, bit-identical to the JavaScript path of
;; random.ts / sampler.ts (rowStream + fillNormal, then the spherical scaling), only faster:
;; every floating-point operation below is an IEEE-754 basic operation (add, sub, mul, div, sqrt)
;; on the same operands, in the same order, as in the JavaScript code, or an exact one (a
;; conversion of an integer, a scaling by a power of two, a subtraction whose result is
;; representable) whose result is therefore the same whichever way it is computed; so the float64
;; values, and the float32 rows rounded from them, are the same bit for bit.
;; Assembled at build time by build-normals.mjs (wabt) into normals.generated.ts; driven by
;; normals.ts.
;;
;; The rows are drawn in chunks (a hundred or so rows, so that the chunk's scratch stays in the
;; L2 cache), each in three passes:
;;   1. draws (the integer-heavy part): four lanes, two i64x2 groups A and B, each run the
;;      xoroshiro128+ stream of one row and draw Marsaglia's polar pairs (u, v) uniform in [−1, 1)²
;;      with s = u² + v². Every draw is stored, unconditionally, at the lane's write position in its
;;      row's records; the position moves on by one record when 0 < s < 1 (the pair is accepted).
;;      A lane whose row is full (⌈n/2⌉ accepted pairs) takes the next row of the chunk, so no lane
;;      draws for nothing until the last rows of the chunk; after that it writes to a dummy record.
;;   2. scales (the long floating-point chains): sc = √(−2·log(s)/s) of every accepted pair, two
;;      pairs per f64x2, in a software pipeline over all records of the chunk (see there), with no
;;      branch and no rejected draw (the old draw loop computed the logarithm of every draw, and
;;      each draw waited for its own chain).
;;   3. rows: x = u·sc, y = v·sc, then x_j·√(n/Σx²) for the spherical ensemble (the sum in index
;;      order), else x_j, rounded to float32 into the output rows.
;;
;; Memory (byte offsets into the imported memory, given by normals.ts; $scr 16-byte aligned):
;;   $out  the rows, count × n float32 (row-major)
;;   $scr  512 bytes of vector constants (V8 rematerialises a v128.const, even one in a local, at
;;         every use, with up to four instructions; loaded from memory they stay in registers or
;;         one load away)
;;         then chunk × 16 bytes of row states (i64 s0 then s1, s0 = s01·2^32 + s00,
;;         s1 = s11·2^32 + s10 in pure-rand's words), 384 bytes of padding (pass 2),
;;         then the records: ⌈n/2⌉ per row of the chunk, 32 bytes each (f64 u, v, s, unused;
;;         pass 2 overwrites s with sc), and 16 dummy records (the idle lanes' writes, and the
;;         padding of pass 2),
;;         then the blocks of pass 2: 128 bytes per four records, three before the first and
;;         three after the last (at most chunk·⌈n/2⌉ + 24 records' worth)
(module
  (import "env" "memory" (memory 1 65536))

  ;; murmur3's 32-bit finaliser (fmix32 of random.ts).
  (func $fmix32 (param $h i32) (result i32)
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  ;; The states of rows $row … $row + $count − 1 at $st (16 bytes each): rowStreamStateInto of
  ;; random.ts, given a = fmix32(seedLow ^ 0x9e3779b9) and the high word of the seed (all additions
  ;; and products modulo 2^32, as ToInt32 and Math.imul do there). fmix32 is written out (a call
  ;; per use made this a tenth of the sampler's time), and b, which depends on the seed and the
  ;; high word of the row only, is computed again only when the low word is 0 (and at the start).
  (func $states (param $a i32) (param $seedHigh i32) (param $row i64) (param $count i32) (param $st i32)
    (local $lo i32) (local $b i32) (local $s01 i32) (local $s00 i32) (local $s11 i32) (local $s10 i32) (local $end i32)
    (local.set $end (i32.add (local.get $st) (i32.shl (local.get $count) (i32.const 4))))
    (local.set $lo (i32.const 0))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $st) (local.get $end)))
      ;; b = fmix32(seedHigh ^ fmix32(rowHigh + 0x7f4a7c15)) at the first row and when the high word moves on
      (if (i32.or (i32.eqz (local.get $lo)) (i32.eqz (i32.wrap_i64 (local.get $row)))) (then
        (local.set $b (i32.add (i32.wrap_i64 (i64.shr_u (local.get $row) (i64.const 32))) (i32.const 0x7f4a7c15)))
        (local.set $b (call $fmix32 (i32.xor (local.get $seedHigh) (call $fmix32 (local.get $b)))))))
      (local.set $lo (i32.wrap_i64 (local.get $row)))
      ;; s01 = fmix32(a ^ imul(lo, 0x85ebca6b) ^ 0x243f6a88)
      (local.set $s01 (i32.xor (i32.xor (local.get $a) (i32.mul (local.get $lo) (i32.const 0x85ebca6b))) (i32.const 0x243f6a88)))
      (local.set $s01 (i32.xor (local.get $s01) (i32.shr_u (local.get $s01) (i32.const 16))))
      (local.set $s01 (i32.mul (local.get $s01) (i32.const 0x85ebca6b)))
      (local.set $s01 (i32.xor (local.get $s01) (i32.shr_u (local.get $s01) (i32.const 13))))
      (local.set $s01 (i32.mul (local.get $s01) (i32.const 0xc2b2ae35)))
      (local.set $s01 (i32.xor (local.get $s01) (i32.shr_u (local.get $s01) (i32.const 16))))
      ;; s00 = fmix32(b ^ fmix32(lo ^ 0x13198a2e))
      (local.set $s00 (i32.xor (local.get $lo) (i32.const 0x13198a2e)))
      (local.set $s00 (i32.xor (local.get $s00) (i32.shr_u (local.get $s00) (i32.const 16))))
      (local.set $s00 (i32.mul (local.get $s00) (i32.const 0x85ebca6b)))
      (local.set $s00 (i32.xor (local.get $s00) (i32.shr_u (local.get $s00) (i32.const 13))))
      (local.set $s00 (i32.mul (local.get $s00) (i32.const 0xc2b2ae35)))
      (local.set $s00 (i32.xor (local.get $s00) (i32.shr_u (local.get $s00) (i32.const 16))))
      (local.set $s00 (i32.xor (local.get $b) (local.get $s00)))
      (local.set $s00 (i32.xor (local.get $s00) (i32.shr_u (local.get $s00) (i32.const 16))))
      (local.set $s00 (i32.mul (local.get $s00) (i32.const 0x85ebca6b)))
      (local.set $s00 (i32.xor (local.get $s00) (i32.shr_u (local.get $s00) (i32.const 13))))
      (local.set $s00 (i32.mul (local.get $s00) (i32.const 0xc2b2ae35)))
      (local.set $s00 (i32.xor (local.get $s00) (i32.shr_u (local.get $s00) (i32.const 16))))
      ;; s11 = fmix32(a + b + lo + 0x03707344)
      (local.set $s11 (i32.add (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $lo)) (i32.const 0x03707344)))
      (local.set $s11 (i32.xor (local.get $s11) (i32.shr_u (local.get $s11) (i32.const 16))))
      (local.set $s11 (i32.mul (local.get $s11) (i32.const 0x85ebca6b)))
      (local.set $s11 (i32.xor (local.get $s11) (i32.shr_u (local.get $s11) (i32.const 13))))
      (local.set $s11 (i32.mul (local.get $s11) (i32.const 0xc2b2ae35)))
      (local.set $s11 (i32.xor (local.get $s11) (i32.shr_u (local.get $s11) (i32.const 16))))
      ;; s10 = fmix32(imul(a ^ lo, 0xc2b2ae35) ^ b ^ 0xa4093822)
      (local.set $s10 (i32.xor (i32.xor (i32.mul (i32.xor (local.get $a) (local.get $lo)) (i32.const 0xc2b2ae35)) (local.get $b))
                               (i32.const 0xa4093822)))
      (local.set $s10 (i32.xor (local.get $s10) (i32.shr_u (local.get $s10) (i32.const 16))))
      (local.set $s10 (i32.mul (local.get $s10) (i32.const 0x85ebca6b)))
      (local.set $s10 (i32.xor (local.get $s10) (i32.shr_u (local.get $s10) (i32.const 13))))
      (local.set $s10 (i32.mul (local.get $s10) (i32.const 0xc2b2ae35)))
      (local.set $s10 (i32.xor (local.get $s10) (i32.shr_u (local.get $s10) (i32.const 16))))
      ;; the all-zero state is not allowed: it becomes (1, 0, 0, 0)
      (i32.store (local.get $st) (local.get $s00))
      (i32.store offset=4 (local.get $st)
        (select (i32.const 1) (local.get $s01)
                (i32.eqz (i32.or (i32.or (local.get $s01) (local.get $s00)) (i32.or (local.get $s11) (local.get $s10))))))
      (i32.store offset=8 (local.get $st) (local.get $s10))
      (i32.store offset=12 (local.get $st) (local.get $s11))
      (local.set $st (i32.add (local.get $st) (i32.const 16)))
      (local.set $row (i64.add (local.get $row) (i64.const 1)))
      (br $rows))))

  ;; Fills $count rows of $n ≥ 1 standard normals, rows $rowLow + 2^32·$rowHigh … of seed
  ;; $seedLow + 2^32·$seedHigh (scaled to norm √n when $normalise ≠ 0: the spherical ensemble), as
  ;; float32 at $out, $chunk rows at a time with the scratch at $scr.
  (func (export "normalRows") (param $seedLow i32) (param $seedHigh i32) (param $rowLow i32) (param $rowHigh i32)
        (param $count i32) (param $n i32) (param $out i32) (param $scr i32) (param $chunk i32) (param $normalise i32)
    (local $s0A v128) (local $s1A v128) (local $o1A v128) (local $o2A v128) (local $tA v128) (local $uA v128) (local $vA v128) (local $sA v128)
    (local $s0B v128) (local $s1B v128) (local $o1B v128) (local $o2B v128) (local $tB v128) (local $uB v128) (local $vB v128) (local $sB v128)
    (local $s v128) (local $e v128) (local $ge v128) (local $m v128) (local $k v128) (local $f v128) (local $f2 v128) (local $xy v128)
    (local $one v128) (local $two v128) (local $mask27 v128) (local $mhi v128) (local $bit52 v128) (local $zero v128)
    (local $mant v128) (local $sqrt2m v128) (local $kmagic v128) (local $kmagicf v128) (local $ln2hi v128) (local $ln2lo v128) (local $m2 v128)
    (local $c3 v128) (local $c5 v128) (local $c7 v128) (local $c9 v128) (local $c11 v128) (local $c13 v128) (local $c15 v128) (local $c17 v128) (local $c19 v128) (local $c21 v128) (local $c23 v128)
    (local $a i32) (local $row i64) (local $done i32) (local $rows i32) (local $h i32) (local $hb i32) (local $rec i32) (local $dummy i32) (local $dummyEnd i32)
    (local $next i32) (local $live i32) (local $bits i32) (local $q i32) (local $end i32) (local $j i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $e0 i32) (local $e1 i32) (local $e2 i32) (local $e3 i32)
    (local $cb i32) (local $w i32) (local $qb i32) (local $qc i32) (local $qd i32) (local $last i32) (local $sqc f64) (local $sqd f64) (local $scalec f64) (local $scaled f64) (local $sq f64) (local $sqb f64) (local $scaleb f64) (local $scale f64) (local $x f64)
    ;; Vector constants: stored to the first 512 bytes of $scr and loaded back into locals (see the
    ;; memory layout above); the rows' scratch starts after them.
    (v128.store offset=0 (local.get $scr) (v128.const f64x2 1 1))
    (local.set $one (v128.load offset=0 (local.get $scr)))
    (v128.store offset=16 (local.get $scr) (v128.const f64x2 2 2))
    (local.set $two (v128.load offset=16 (local.get $scr)))
    (v128.store offset=32 (local.get $scr) (v128.const f64x2 0 0))
    (local.set $zero (v128.load offset=32 (local.get $scr)))
    (v128.store offset=48 (local.get $scr) (v128.const i64x2 0x7ffffff 0x7ffffff))
    (local.set $mask27 (v128.load offset=48 (local.get $scr)))
    (v128.store offset=64 (local.get $scr) (v128.const i64x2 0x000ffffff8000000 0x000ffffff8000000))
    (local.set $mhi (v128.load offset=64 (local.get $scr)))
    (v128.store offset=80 (local.get $scr) (v128.const i64x2 0x0010000000000000 0x0010000000000000))
    (local.set $bit52 (v128.load offset=80 (local.get $scr)))
    (v128.store offset=96 (local.get $scr) (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff))
    (local.set $mant (v128.load offset=96 (local.get $scr)))
    (v128.store offset=112 (local.get $scr) (v128.const i64x2 0x0006a09e667f3bcc 0x0006a09e667f3bcc))
    (local.set $sqrt2m (v128.load offset=112 (local.get $scr)))
    (v128.store offset=128 (local.get $scr) (v128.const i64x2 0x4337fffffffffc01 0x4337fffffffffc01))
    (local.set $kmagic (v128.load offset=128 (local.get $scr)))
    (v128.store offset=144 (local.get $scr) (v128.const f64x2 6755399441055744 6755399441055744))
    (local.set $kmagicf (v128.load offset=144 (local.get $scr)))
    (v128.store offset=160 (local.get $scr) (v128.const f64x2 0.6931471803691238 0.6931471803691238))
    (local.set $ln2hi (v128.load offset=160 (local.get $scr)))
    (v128.store offset=176 (local.get $scr) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))
    (local.set $ln2lo (v128.load offset=176 (local.get $scr)))
    (v128.store offset=192 (local.get $scr) (v128.const f64x2 -2 -2))
    (local.set $m2 (v128.load offset=192 (local.get $scr)))
    (v128.store offset=208 (local.get $scr) (v128.const f64x2 0.3333333333333333 0.3333333333333333))
    (local.set $c3 (v128.load offset=208 (local.get $scr)))
    (v128.store offset=224 (local.get $scr) (v128.const f64x2 0.2 0.2))
    (local.set $c5 (v128.load offset=224 (local.get $scr)))
    (v128.store offset=240 (local.get $scr) (v128.const f64x2 0.14285714285714285 0.14285714285714285))
    (local.set $c7 (v128.load offset=240 (local.get $scr)))
    (v128.store offset=256 (local.get $scr) (v128.const f64x2 0.1111111111111111 0.1111111111111111))
    (local.set $c9 (v128.load offset=256 (local.get $scr)))
    (v128.store offset=272 (local.get $scr) (v128.const f64x2 0.09090909090909091 0.09090909090909091))
    (local.set $c11 (v128.load offset=272 (local.get $scr)))
    (v128.store offset=288 (local.get $scr) (v128.const f64x2 0.07692307692307693 0.07692307692307693))
    (local.set $c13 (v128.load offset=288 (local.get $scr)))
    (v128.store offset=304 (local.get $scr) (v128.const f64x2 0.06666666666666667 0.06666666666666667))
    (local.set $c15 (v128.load offset=304 (local.get $scr)))
    (v128.store offset=320 (local.get $scr) (v128.const f64x2 0.058823529411764705 0.058823529411764705))
    (local.set $c17 (v128.load offset=320 (local.get $scr)))
    (v128.store offset=336 (local.get $scr) (v128.const f64x2 0.05263157894736842 0.05263157894736842))
    (local.set $c19 (v128.load offset=336 (local.get $scr)))
    (v128.store offset=352 (local.get $scr) (v128.const f64x2 0.047619047619047616 0.047619047619047616))
    (local.set $c21 (v128.load offset=352 (local.get $scr)))
    (v128.store offset=368 (local.get $scr) (v128.const f64x2 0.043478260869565216 0.043478260869565216))
    (local.set $c23 (v128.load offset=368 (local.get $scr)))
    (local.set $h (i32.shr_u (i32.add (local.get $n) (i32.const 1)) (i32.const 1)))
    (local.set $hb (i32.shl (local.get $h) (i32.const 5)))
    (local.set $scr (i32.add (local.get $scr) (i32.const 512)))
    (local.set $rec (i32.add (i32.add (local.get $scr) (i32.shl (local.get $chunk) (i32.const 4))) (i32.const 384)))
    (local.set $cb (i32.add (local.get $rec) (i32.shl (i32.add (i32.mul (local.get $chunk) (local.get $h)) (i32.const 16)) (i32.const 5))))
    (local.set $a (call $fmix32 (i32.xor (local.get $seedLow) (i32.const 0x9e3779b9))))
    (local.set $row (i64.or (i64.shl (i64.extend_i32_u (local.get $rowHigh)) (i64.const 32)) (i64.extend_i32_u (local.get $rowLow))))
    (block $chunksDone (loop $chunks
      (br_if $chunksDone (i32.ge_u (local.get $done) (local.get $count)))
      (local.set $rows (select (local.get $chunk) (i32.sub (local.get $count) (local.get $done))
                               (i32.lt_u (local.get $chunk) (i32.sub (local.get $count) (local.get $done)))))
      (call $states (local.get $a) (local.get $seedHigh) (local.get $row) (local.get $rows) (local.get $scr))
      (local.set $dummy (i32.add (local.get $rec) (i32.mul (local.get $rows) (local.get $hb))))
      (local.set $dummyEnd (i32.add (local.get $dummy) (i32.const 32)))

      ;; ---- 1. draws ----
      ;; Lane i writes at $pi, its row's records end at $ei; $pi = $ei (also at the start) asks for
      ;; the next row $next of the chunk, or, when there is none, makes the lane idle: it then
      ;; writes to the dummy record ($ei = $dummyEnd) and no longer counts in $live.
      (local.set $next (i32.const 0))
      (local.set $live (i32.const 4))
      (local.set $p0 (i32.const 0)) (local.set $e0 (i32.const 0))
      (local.set $p1 (i32.const 0)) (local.set $e1 (i32.const 0))
      (local.set $p2 (i32.const 0)) (local.set $e2 (i32.const 0))
      (local.set $p3 (i32.const 0)) (local.set $e3 (i32.const 0))
      (block $drawn (loop $draws
        (if (i32.eq (local.get $p0) (local.get $e0)) (then
          (if (i32.lt_u (local.get $next) (local.get $rows))
            (then
              (local.set $p0 (i32.add (local.get $rec) (i32.mul (local.get $next) (local.get $hb))))
              (local.set $e0 (i32.add (local.get $p0) (local.get $hb)))
              (local.set $q (i32.add (local.get $scr) (i32.shl (local.get $next) (i32.const 4))))
              (local.set $s0A (v128.load64_lane 0 (local.get $q) (local.get $s0A)))
              (local.set $s1A (v128.load64_lane offset=8 0 (local.get $q) (local.get $s1A)))
              (local.set $next (i32.add (local.get $next) (i32.const 1))))
            (else
              (local.set $live (i32.sub (local.get $live) (i32.ne (local.get $e0) (local.get $dummyEnd))))
              (local.set $p0 (local.get $dummy))
              (local.set $e0 (local.get $dummyEnd))))))
        (if (i32.eq (local.get $p1) (local.get $e1)) (then
          (if (i32.lt_u (local.get $next) (local.get $rows))
            (then
              (local.set $p1 (i32.add (local.get $rec) (i32.mul (local.get $next) (local.get $hb))))
              (local.set $e1 (i32.add (local.get $p1) (local.get $hb)))
              (local.set $q (i32.add (local.get $scr) (i32.shl (local.get $next) (i32.const 4))))
              (local.set $s0A (v128.load64_lane 1 (local.get $q) (local.get $s0A)))
              (local.set $s1A (v128.load64_lane offset=8 1 (local.get $q) (local.get $s1A)))
              (local.set $next (i32.add (local.get $next) (i32.const 1))))
            (else
              (local.set $live (i32.sub (local.get $live) (i32.ne (local.get $e1) (local.get $dummyEnd))))
              (local.set $p1 (local.get $dummy))
              (local.set $e1 (local.get $dummyEnd))))))
        (if (i32.eq (local.get $p2) (local.get $e2)) (then
          (if (i32.lt_u (local.get $next) (local.get $rows))
            (then
              (local.set $p2 (i32.add (local.get $rec) (i32.mul (local.get $next) (local.get $hb))))
              (local.set $e2 (i32.add (local.get $p2) (local.get $hb)))
              (local.set $q (i32.add (local.get $scr) (i32.shl (local.get $next) (i32.const 4))))
              (local.set $s0B (v128.load64_lane 0 (local.get $q) (local.get $s0B)))
              (local.set $s1B (v128.load64_lane offset=8 0 (local.get $q) (local.get $s1B)))
              (local.set $next (i32.add (local.get $next) (i32.const 1))))
            (else
              (local.set $live (i32.sub (local.get $live) (i32.ne (local.get $e2) (local.get $dummyEnd))))
              (local.set $p2 (local.get $dummy))
              (local.set $e2 (local.get $dummyEnd))))))
        (if (i32.eq (local.get $p3) (local.get $e3)) (then
          (if (i32.lt_u (local.get $next) (local.get $rows))
            (then
              (local.set $p3 (i32.add (local.get $rec) (i32.mul (local.get $next) (local.get $hb))))
              (local.set $e3 (i32.add (local.get $p3) (local.get $hb)))
              (local.set $q (i32.add (local.get $scr) (i32.shl (local.get $next) (i32.const 4))))
              (local.set $s0B (v128.load64_lane 1 (local.get $q) (local.get $s0B)))
              (local.set $s1B (v128.load64_lane offset=8 1 (local.get $q) (local.get $s1B)))
              (local.set $next (i32.add (local.get $next) (i32.const 1))))
            (else
              (local.set $live (i32.sub (local.get $live) (i32.ne (local.get $e3) (local.get $dummyEnd))))
              (local.set $p3 (local.get $dummy))
              (local.set $e3 (local.get $dummyEnd))))))
        (br_if $drawn (i32.eqz (local.get $live)))

        ;; xoroshiro128+ steps: o = s0 + s1; s1 ^= s0; s0 = rotl(s0, 24) ^ s1 ^ (s1 << 16); s1 = rotl(s1, 37)
        ;; (rotl by 24 bits is a byte swizzle: one pshufb with the mask in a register, where the
        ;; shifts would take three instructions). Two steps give the two words of one uniform.
        ;; The uniform: a = lo26(first), b = lo27(second), and 2·(a·2^-26 + b·2^-53) − 1 (the JS
        ;; u = 2·uniformFloat64 − 1), which is exactly (a·2^27 + b)·2^-52 − 1: with t = first << 27,
        ;; the float64 D = 1 + lo52(a·2^27 + b)·2^-52 has the bits 1.0 | (t & bits 27…51) | b, and
        ;; u = D − 1 when bit 52 of a·2^27 + b (bit 52 of t) is set, else u = D − 2, both exact;
        ;; 1.0 and 2.0 differ by bit 52 of their bits, so the subtrahend is 2.0 − (t & bit 52).
        (local.set $o1A (i64x2.add (local.get $s0A) (local.get $s1A)))
        (local.set $s1A (v128.xor (local.get $s1A) (local.get $s0A)))
        (local.set $s0A (v128.xor (v128.xor (i8x16.swizzle (local.get $s0A) (v128.const i8x16 5 6 7 0 1 2 3 4 13 14 15 8 9 10 11 12)) (local.get $s1A))
                                  (i64x2.shl (local.get $s1A) (i32.const 16))))
        (local.set $s1A (v128.or (i64x2.shl (local.get $s1A) (i32.const 37)) (i64x2.shr_u (local.get $s1A) (i32.const 27))))
        (local.set $o1B (i64x2.add (local.get $s0B) (local.get $s1B)))
        (local.set $s1B (v128.xor (local.get $s1B) (local.get $s0B)))
        (local.set $s0B (v128.xor (v128.xor (i8x16.swizzle (local.get $s0B) (v128.const i8x16 5 6 7 0 1 2 3 4 13 14 15 8 9 10 11 12)) (local.get $s1B))
                                  (i64x2.shl (local.get $s1B) (i32.const 16))))
        (local.set $s1B (v128.or (i64x2.shl (local.get $s1B) (i32.const 37)) (i64x2.shr_u (local.get $s1B) (i32.const 27))))
        (local.set $o2A (i64x2.add (local.get $s0A) (local.get $s1A)))
        (local.set $s1A (v128.xor (local.get $s1A) (local.get $s0A)))
        (local.set $s0A (v128.xor (v128.xor (i8x16.swizzle (local.get $s0A) (v128.const i8x16 5 6 7 0 1 2 3 4 13 14 15 8 9 10 11 12)) (local.get $s1A))
                                  (i64x2.shl (local.get $s1A) (i32.const 16))))
        (local.set $s1A (v128.or (i64x2.shl (local.get $s1A) (i32.const 37)) (i64x2.shr_u (local.get $s1A) (i32.const 27))))
        (local.set $o2B (i64x2.add (local.get $s0B) (local.get $s1B)))
        (local.set $s1B (v128.xor (local.get $s1B) (local.get $s0B)))
        (local.set $s0B (v128.xor (v128.xor (i8x16.swizzle (local.get $s0B) (v128.const i8x16 5 6 7 0 1 2 3 4 13 14 15 8 9 10 11 12)) (local.get $s1B))
                                  (i64x2.shl (local.get $s1B) (i32.const 16))))
        (local.set $s1B (v128.or (i64x2.shl (local.get $s1B) (i32.const 37)) (i64x2.shr_u (local.get $s1B) (i32.const 27))))
        (local.set $tA (i64x2.shl (local.get $o1A) (i32.const 27)))
        (local.set $uA (f64x2.sub (v128.or (v128.or (v128.and (local.get $tA) (local.get $mhi)) (v128.and (local.get $o2A) (local.get $mask27))) (local.get $one))
                                  (i64x2.sub (local.get $two) (v128.and (local.get $tA) (local.get $bit52)))))
        (local.set $tB (i64x2.shl (local.get $o1B) (i32.const 27)))
        (local.set $uB (f64x2.sub (v128.or (v128.or (v128.and (local.get $tB) (local.get $mhi)) (v128.and (local.get $o2B) (local.get $mask27))) (local.get $one))
                                  (i64x2.sub (local.get $two) (v128.and (local.get $tB) (local.get $bit52)))))
        (local.set $o1A (i64x2.add (local.get $s0A) (local.get $s1A)))
        (local.set $s1A (v128.xor (local.get $s1A) (local.get $s0A)))
        (local.set $s0A (v128.xor (v128.xor (i8x16.swizzle (local.get $s0A) (v128.const i8x16 5 6 7 0 1 2 3 4 13 14 15 8 9 10 11 12)) (local.get $s1A))
                                  (i64x2.shl (local.get $s1A) (i32.const 16))))
        (local.set $s1A (v128.or (i64x2.shl (local.get $s1A) (i32.const 37)) (i64x2.shr_u (local.get $s1A) (i32.const 27))))
        (local.set $o1B (i64x2.add (local.get $s0B) (local.get $s1B)))
        (local.set $s1B (v128.xor (local.get $s1B) (local.get $s0B)))
        (local.set $s0B (v128.xor (v128.xor (i8x16.swizzle (local.get $s0B) (v128.const i8x16 5 6 7 0 1 2 3 4 13 14 15 8 9 10 11 12)) (local.get $s1B))
                                  (i64x2.shl (local.get $s1B) (i32.const 16))))
        (local.set $s1B (v128.or (i64x2.shl (local.get $s1B) (i32.const 37)) (i64x2.shr_u (local.get $s1B) (i32.const 27))))
        (local.set $o2A (i64x2.add (local.get $s0A) (local.get $s1A)))
        (local.set $s1A (v128.xor (local.get $s1A) (local.get $s0A)))
        (local.set $s0A (v128.xor (v128.xor (i8x16.swizzle (local.get $s0A) (v128.const i8x16 5 6 7 0 1 2 3 4 13 14 15 8 9 10 11 12)) (local.get $s1A))
                                  (i64x2.shl (local.get $s1A) (i32.const 16))))
        (local.set $s1A (v128.or (i64x2.shl (local.get $s1A) (i32.const 37)) (i64x2.shr_u (local.get $s1A) (i32.const 27))))
        (local.set $o2B (i64x2.add (local.get $s0B) (local.get $s1B)))
        (local.set $s1B (v128.xor (local.get $s1B) (local.get $s0B)))
        (local.set $s0B (v128.xor (v128.xor (i8x16.swizzle (local.get $s0B) (v128.const i8x16 5 6 7 0 1 2 3 4 13 14 15 8 9 10 11 12)) (local.get $s1B))
                                  (i64x2.shl (local.get $s1B) (i32.const 16))))
        (local.set $s1B (v128.or (i64x2.shl (local.get $s1B) (i32.const 37)) (i64x2.shr_u (local.get $s1B) (i32.const 27))))
        (local.set $tA (i64x2.shl (local.get $o1A) (i32.const 27)))
        (local.set $vA (f64x2.sub (v128.or (v128.or (v128.and (local.get $tA) (local.get $mhi)) (v128.and (local.get $o2A) (local.get $mask27))) (local.get $one))
                                  (i64x2.sub (local.get $two) (v128.and (local.get $tA) (local.get $bit52)))))
        (local.set $tB (i64x2.shl (local.get $o1B) (i32.const 27)))
        (local.set $vB (f64x2.sub (v128.or (v128.or (v128.and (local.get $tB) (local.get $mhi)) (v128.and (local.get $o2B) (local.get $mask27))) (local.get $one))
                                  (i64x2.sub (local.get $two) (v128.and (local.get $tB) (local.get $bit52)))))
        ;; s = u² + v², accepted when 0 < s < 1; each lane stores (u, v) and s at its position,
        ;; which moves on by one record (32 bytes) when accepted
        (local.set $sA (f64x2.add (f64x2.mul (local.get $uA) (local.get $uA)) (f64x2.mul (local.get $vA) (local.get $vA))))
        (local.set $sB (f64x2.add (f64x2.mul (local.get $uB) (local.get $uB)) (f64x2.mul (local.get $vB) (local.get $vB))))
        (local.set $bits (i64x2.bitmask (v128.and (f64x2.lt (local.get $sA) (local.get $one)) (f64x2.gt (local.get $sA) (local.get $zero)))))
        (v128.store (local.get $p0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $uA) (local.get $vA)))
        (v128.store64_lane offset=16 0 (local.get $p0) (local.get $sA))
        (local.set $p0 (i32.add (local.get $p0) (i32.shl (i32.and (local.get $bits) (i32.const 1)) (i32.const 5))))
        (v128.store (local.get $p1) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $uA) (local.get $vA)))
        (v128.store64_lane offset=16 1 (local.get $p1) (local.get $sA))
        (local.set $p1 (i32.add (local.get $p1) (i32.shl (i32.and (local.get $bits) (i32.const 2)) (i32.const 4))))
        (local.set $bits (i64x2.bitmask (v128.and (f64x2.lt (local.get $sB) (local.get $one)) (f64x2.gt (local.get $sB) (local.get $zero)))))
        (v128.store (local.get $p2) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $uB) (local.get $vB)))
        (v128.store64_lane offset=16 0 (local.get $p2) (local.get $sB))
        (local.set $p2 (i32.add (local.get $p2) (i32.shl (i32.and (local.get $bits) (i32.const 1)) (i32.const 5))))
        (v128.store (local.get $p3) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $uB) (local.get $vB)))
        (v128.store64_lane offset=16 1 (local.get $p3) (local.get $sB))
        (local.set $p3 (i32.add (local.get $p3) (i32.shl (i32.and (local.get $bits) (i32.const 2)) (i32.const 4))))
        (br $draws)))

      ;; ---- 2. scales sc = √(−2·log(s)/s), 4 records (2 f64x2) per step ----
      ;; Done in one go, the scale is one ~150-cycle chain of dependent operations (division, the
      ;; 11 multiply-adds of the series, division, square root): a loop of such chains fills the
      ;; reorder buffer with a few of them and the core mostly waits. So the work is cut into four
      ;; stages, and iteration i runs stage A of step i, B of step i − 1, C of step i − 2 and D of
      ;; step i − 3 (a software pipeline; a step is 4 records): short, independent chains, which
      ;; mix the divisions and square roots (one divider) with the multiply-adds. The stages pass
      ;; their values on in a block of 128 bytes per step at $cb (f, k, t, s, 2 f64x2 each); blocks
      ;; 0–2 (the steps before the first) hold ones, the stores of stage D for those fall into the
      ;; 384 bytes before $rec, and the dummy records (s = ½) give the steps past the last
      ;; something harmless to compute.
      (local.set $q (local.get $dummy))
      (block $padded (loop $pad
        (f64.store offset=16 (local.get $q) (f64.const 0.5))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br_if $pad (i32.lt_u (local.get $q) (i32.add (local.get $dummy) (i32.const 512))))))
      (local.set $q (local.get $cb))
      (loop $ones
        (v128.store (local.get $q) (local.get $one))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br_if $ones (i32.lt_u (local.get $q) (i32.add (local.get $cb) (i32.const 384)))))
      ;; $q: the records of step i − 3; $w: its block (so step i's is at $w + 384)
      (local.set $q (i32.sub (local.get $rec) (i32.const 384)))
      (local.set $w (local.get $cb))
      (block $scaled (loop $scales
        (br_if $scaled (i32.ge_u (local.get $q) (local.get $dummy)))
        ;; A (step i). portableLog(s): s = m·2^k with m ∈ [√½, √2): m has the mantissa of s with
        ;; the exponent of 1, halved when that is ≥ √2 (then the mantissa bits exceed those of √2),
        ;; all exact; k = e − 1023 + [m ≥ √2] as f64 (1.5·2^52 trick, exact for small integers);
        ;; f = (m − 1)/(m + 1), and the two innermost steps of the series' Horner form
        (local.set $s (v128.load64_lane offset=432 1 (local.get $q) (v128.load64_zero offset=400 (local.get $q))))
        (v128.store offset=480 (local.get $w) (local.get $s))
        (local.set $e (i64x2.shr_u (local.get $s) (i32.const 52)))
        (local.set $m (v128.and (local.get $s) (local.get $mant)))
        (local.set $ge (i64x2.gt_s (local.get $m) (local.get $sqrt2m)))
        (local.set $m (i64x2.add (v128.or (local.get $m) (local.get $one)) (i64x2.shl (local.get $ge) (i32.const 52))))
        (v128.store offset=416 (local.get $w)
          (f64x2.sub (i64x2.add (i64x2.sub (local.get $e) (local.get $ge)) (local.get $kmagic)) (local.get $kmagicf)))
        (local.set $f (f64x2.div (f64x2.sub (local.get $m) (local.get $one)) (f64x2.add (local.get $m) (local.get $one))))
        (v128.store offset=384 (local.get $w) (local.get $f))
        (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
        (v128.store offset=448 (local.get $w)
          (f64x2.add (local.get $c19) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c21) (f64x2.mul (local.get $f2) (local.get $c23))))))
        (local.set $s (v128.load64_lane offset=496 1 (local.get $q) (v128.load64_zero offset=464 (local.get $q))))
        (v128.store offset=496 (local.get $w) (local.get $s))
        (local.set $e (i64x2.shr_u (local.get $s) (i32.const 52)))
        (local.set $m (v128.and (local.get $s) (local.get $mant)))
        (local.set $ge (i64x2.gt_s (local.get $m) (local.get $sqrt2m)))
        (local.set $m (i64x2.add (v128.or (local.get $m) (local.get $one)) (i64x2.shl (local.get $ge) (i32.const 52))))
        (v128.store offset=432 (local.get $w)
          (f64x2.sub (i64x2.add (i64x2.sub (local.get $e) (local.get $ge)) (local.get $kmagic)) (local.get $kmagicf)))
        (local.set $f (f64x2.div (f64x2.sub (local.get $m) (local.get $one)) (f64x2.add (local.get $m) (local.get $one))))
        (v128.store offset=400 (local.get $w) (local.get $f))
        (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
        (v128.store offset=464 (local.get $w)
          (f64x2.add (local.get $c19) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c21) (f64x2.mul (local.get $f2) (local.get $c23))))))
        ;; B (step i − 1). the next six steps of the series
        (local.set $f2 (f64x2.mul (v128.load offset=256 (local.get $w)) (v128.load offset=256 (local.get $w))))
        (v128.store offset=320 (local.get $w)
          (f64x2.add (local.get $c7) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c9) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c11) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c13) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c15) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c17) (f64x2.mul (local.get $f2) (v128.load offset=320 (local.get $w)))))))))))))))
        (local.set $f2 (f64x2.mul (v128.load offset=272 (local.get $w)) (v128.load offset=272 (local.get $w))))
        (v128.store offset=336 (local.get $w)
          (f64x2.add (local.get $c7) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c9) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c11) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c13) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c15) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c17) (f64x2.mul (local.get $f2) (v128.load offset=336 (local.get $w)))))))))))))))
        ;; C (step i − 2). the last three steps, then t = −2·log(s),
        ;; log(s) = k·LN2_HI + (2f·series + k·LN2_LO) (2f = f + f exactly)
        (local.set $f (v128.load offset=128 (local.get $w)))
        (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
        (local.set $k (v128.load offset=160 (local.get $w)))
        (v128.store offset=192 (local.get $w)
          (f64x2.mul (local.get $m2)
            (f64x2.add (f64x2.mul (local.get $k) (local.get $ln2hi))
              (f64x2.add (f64x2.mul (f64x2.add (local.get $f) (local.get $f))
                           (f64x2.add (local.get $one) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c3) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c5) (f64x2.mul (local.get $f2) (v128.load offset=192 (local.get $w)))))))))
                         (f64x2.mul (local.get $k) (local.get $ln2lo))))))
        (local.set $f (v128.load offset=144 (local.get $w)))
        (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
        (local.set $k (v128.load offset=176 (local.get $w)))
        (v128.store offset=208 (local.get $w)
          (f64x2.mul (local.get $m2)
            (f64x2.add (f64x2.mul (local.get $k) (local.get $ln2hi))
              (f64x2.add (f64x2.mul (f64x2.add (local.get $f) (local.get $f))
                           (f64x2.add (local.get $one) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c3) (f64x2.mul (local.get $f2) (f64x2.add (local.get $c5) (f64x2.mul (local.get $f2) (v128.load offset=208 (local.get $w)))))))))
                         (f64x2.mul (local.get $k) (local.get $ln2lo))))))
        ;; D (step i − 3). sc = √(t/s), into the records
        (local.set $s (f64x2.sqrt (f64x2.div (v128.load offset=64 (local.get $w)) (v128.load offset=96 (local.get $w)))))
        (v128.store64_lane offset=16 0 (local.get $q) (local.get $s))
        (v128.store64_lane offset=48 1 (local.get $q) (local.get $s))
        (local.set $s (f64x2.sqrt (f64x2.div (v128.load offset=80 (local.get $w)) (v128.load offset=112 (local.get $w)))))
        (v128.store64_lane offset=80 0 (local.get $q) (local.get $s))
        (v128.store64_lane offset=112 1 (local.get $q) (local.get $s))
        (local.set $q (i32.add (local.get $q) (i32.const 128)))
        (local.set $w (i32.add (local.get $w) (i32.const 128)))
        (br $scales)))

      ;; ---- 3. rows: (x, y) = (u, v)·sc, then x_j·√(n/Σx²) (spherical, the sum in index order) or x_j ----
      ;; Four rows at a time ($q, $qb, $qc, $qd; past the last row of the chunk they repeat it), so
      ;; that the four sums, each a chain of n dependent additions, overlap; x_j is computed again
      ;; when written.
      (local.set $q (local.get $rec))
      (local.set $end (i32.shl (i32.shr_u (local.get $n) (i32.const 1)) (i32.const 5)))
      (local.set $last (i32.sub (local.get $dummy) (local.get $hb)))
      (block $rowsDone (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $q) (local.get $dummy)))
        (local.set $qb (i32.add (local.get $q) (local.get $hb)))
        (local.set $qb (select (local.get $last) (local.get $qb) (i32.gt_u (local.get $qb) (local.get $last))))
        (local.set $qc (i32.add (local.get $qb) (local.get $hb)))
        (local.set $qc (select (local.get $last) (local.get $qc) (i32.gt_u (local.get $qc) (local.get $last))))
        (local.set $qd (i32.add (local.get $qc) (local.get $hb)))
        (local.set $qd (select (local.get $last) (local.get $qd) (i32.gt_u (local.get $qd) (local.get $last))))
        (local.set $sq (f64.const 0))
        (local.set $sqb (f64.const 0))
        (local.set $sqc (f64.const 0))
        (local.set $sqd (f64.const 0))
        (local.set $j (i32.const 0))
        (block $pairsDone (loop $pairs
          (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $end)))
          (local.set $xy (f64x2.mul (v128.load (i32.add (local.get $q) (local.get $j))) (v128.load64_splat offset=16 (i32.add (local.get $q) (local.get $j)))))
          (local.set $xy (f64x2.mul (local.get $xy) (local.get $xy)))
          (local.set $sq (f64.add (f64.add (local.get $sq) (f64x2.extract_lane 0 (local.get $xy))) (f64x2.extract_lane 1 (local.get $xy))))
          (local.set $xy (f64x2.mul (v128.load (i32.add (local.get $qb) (local.get $j))) (v128.load64_splat offset=16 (i32.add (local.get $qb) (local.get $j)))))
          (local.set $xy (f64x2.mul (local.get $xy) (local.get $xy)))
          (local.set $sqb (f64.add (f64.add (local.get $sqb) (f64x2.extract_lane 0 (local.get $xy))) (f64x2.extract_lane 1 (local.get $xy))))
          (local.set $xy (f64x2.mul (v128.load (i32.add (local.get $qc) (local.get $j))) (v128.load64_splat offset=16 (i32.add (local.get $qc) (local.get $j)))))
          (local.set $xy (f64x2.mul (local.get $xy) (local.get $xy)))
          (local.set $sqc (f64.add (f64.add (local.get $sqc) (f64x2.extract_lane 0 (local.get $xy))) (f64x2.extract_lane 1 (local.get $xy))))
          (local.set $xy (f64x2.mul (v128.load (i32.add (local.get $qd) (local.get $j))) (v128.load64_splat offset=16 (i32.add (local.get $qd) (local.get $j)))))
          (local.set $xy (f64x2.mul (local.get $xy) (local.get $xy)))
          (local.set $sqd (f64.add (f64.add (local.get $sqd) (f64x2.extract_lane 0 (local.get $xy))) (f64x2.extract_lane 1 (local.get $xy))))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br $pairs)))
        (if (i32.and (local.get $n) (i32.const 1)) (then
          (local.set $x (f64.mul (f64.load (i32.add (local.get $q) (local.get $end))) (f64.load offset=16 (i32.add (local.get $q) (local.get $end)))))
          (local.set $sq (f64.add (local.get $sq) (f64.mul (local.get $x) (local.get $x))))
          (local.set $x (f64.mul (f64.load (i32.add (local.get $qb) (local.get $end))) (f64.load offset=16 (i32.add (local.get $qb) (local.get $end)))))
          (local.set $sqb (f64.add (local.get $sqb) (f64.mul (local.get $x) (local.get $x))))
          (local.set $x (f64.mul (f64.load (i32.add (local.get $qc) (local.get $end))) (f64.load offset=16 (i32.add (local.get $qc) (local.get $end)))))
          (local.set $sqc (f64.add (local.get $sqc) (f64.mul (local.get $x) (local.get $x))))
          (local.set $x (f64.mul (f64.load (i32.add (local.get $qd) (local.get $end))) (f64.load offset=16 (i32.add (local.get $qd) (local.get $end)))))
          (local.set $sqd (f64.add (local.get $sqd) (f64.mul (local.get $x) (local.get $x))))))
        (local.set $scale (f64.const 1))
        (local.set $scaleb (f64.const 1))
        (local.set $scalec (f64.const 1))
        (local.set $scaled (f64.const 1))
        (if (local.get $normalise) (then
          (local.set $scale (f64.sqrt (f64.div (f64.convert_i32_u (local.get $n)) (local.get $sq))))
          (local.set $scaleb (f64.sqrt (f64.div (f64.convert_i32_u (local.get $n)) (local.get $sqb))))
          (local.set $scalec (f64.sqrt (f64.div (f64.convert_i32_u (local.get $n)) (local.get $sqc))))
          (local.set $scaled (f64.sqrt (f64.div (f64.convert_i32_u (local.get $n)) (local.get $sqd))))))
        ;; write rows $q, $q + hb, … up to $qd (the distinct ones), each with its scale
        (loop $rowWrites
          (local.set $xy (f64x2.splat (local.get $scale)))
          (local.set $j (i32.const 0))
          (block $writeDone (loop $write
            (br_if $writeDone (i32.ge_u (local.get $j) (local.get $end)))
            (v128.store64_lane 0 (local.get $out)
              (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.mul (v128.load (i32.add (local.get $q) (local.get $j)))
                                                              (v128.load64_splat offset=16 (i32.add (local.get $q) (local.get $j))))
                                                   (local.get $xy))))
            (local.set $out (i32.add (local.get $out) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $write)))
          (if (i32.and (local.get $n) (i32.const 1)) (then
            (f32.store (local.get $out) (f32.demote_f64 (f64.mul (f64.mul (f64.load (i32.add (local.get $q) (local.get $end)))
                                                                          (f64.load offset=16 (i32.add (local.get $q) (local.get $end))))
                                                                 (local.get $scale))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))))
          (local.set $scale (local.get $scaleb))
          (local.set $scaleb (local.get $scalec))
          (local.set $scalec (local.get $scaled))
          (local.set $q (i32.add (local.get $q) (local.get $hb)))
          (br_if $rowWrites (i32.le_u (local.get $q) (local.get $qd))))
        (br $rowsLoop)))

      (local.set $done (i32.add (local.get $done) (local.get $rows)))
      (local.set $row (i64.add (local.get $row) (i64.extend_i32_u (local.get $rows))))
      (br $chunks))))
)
