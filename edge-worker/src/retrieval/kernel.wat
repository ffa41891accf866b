;; The edge's retrieval kernel: int8 rows · int16 query dot products with
;; WASM SIMD, feeding a bounded top-k heap kept in linear memory.
;;
;; Compiled to kernel.wasm by `npm run build:kernel -w @freshet/edge-worker`
;; (edge-worker/scripts/build-kernel.ts); a test fails when the .wasm is stale.
;;
;; Data (all little-endian, in this module's exported memory):
;;   query  stride × i16 codes (zero padded), 16-byte aligned
;;   rows   n × stride int8 (stride a multiple of 16), 16-byte aligned
;;   heap   k × i64 keys: (score << 32) | (~row & 0xffffffff), a min-heap.
;;          A higher key is a better hit: higher score, then the smaller row.
;;          The sentinel i64.min marks an empty slot (no real score reaches
;;          -2^31: the query encoder bounds |score| below 2^31).
;;
;; Rows are scored four at a time: four SIMD accumulators are reduced to one
;; i32x4 of four scores, compared against the heap's minimum in one step; the
;; scalar heap update runs only for the rare rows that beat it.
(module
  (memory (export "memory") 1 65536)

  ;; Fills the heap at $heap with k sentinels.
  (func (export "heap_reset") (param $heap i32) (param $k i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
        (i64.store (i32.add (local.get $heap) (i32.shl (local.get $i) (i32.const 3))) (i64.const 0x8000000000000000))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; The score part of the heap's minimum key: rows must beat it to enter.
  (func $threshold (param $heap i32) (result i32)
    (i32.wrap_i64 (i64.shr_s (i64.load (local.get $heap)) (i64.const 32))))

  ;; Offers (score, row) to the heap; returns the new threshold.
  (func $push (param $heap i32) (param $k i32) (param $score i32) (param $row i32) (result i32)
    (local $key i64) (local $i i32) (local $l i32) (local $c i32) (local $ck i64) (local $rk i64)
    (local.set $key
      (i64.or
        (i64.shl (i64.extend_i32_s (local.get $score)) (i64.const 32))
        (i64.extend_i32_u (i32.xor (local.get $row) (i32.const -1)))))
    (if (i64.le_s (local.get $key) (i64.load (local.get $heap)))
      (then (return (call $threshold (local.get $heap)))))
    ;; Sift the new key down from the root (it replaces the minimum).
    (block $placed
      (loop $down
        (local.set $l (i32.add (i32.shl (local.get $i) (i32.const 1)) (i32.const 1)))
        (br_if $placed (i32.ge_u (local.get $l) (local.get $k)))
        (local.set $c (local.get $l))
        (local.set $ck (i64.load (i32.add (local.get $heap) (i32.shl (local.get $l) (i32.const 3)))))
        (if (i32.lt_u (i32.add (local.get $l) (i32.const 1)) (local.get $k))
          (then
            (local.set $rk (i64.load (i32.add (local.get $heap) (i32.shl (i32.add (local.get $l) (i32.const 1)) (i32.const 3)))))
            (if (i64.lt_s (local.get $rk) (local.get $ck))
              (then
                (local.set $c (i32.add (local.get $l) (i32.const 1)))
                (local.set $ck (local.get $rk))))))
        (br_if $placed (i64.ge_s (local.get $ck) (local.get $key)))
        (i64.store (i32.add (local.get $heap) (i32.shl (local.get $i) (i32.const 3))) (local.get $ck))
        (local.set $i (local.get $c))
        (br $down)))
    (i64.store (i32.add (local.get $heap) (i32.shl (local.get $i) (i32.const 3))) (local.get $key))
    (call $threshold (local.get $heap)))

  ;; int32 dot product of one int8 row with the int16 query.
  (func $dot1 (param $q i32) (param $row i32) (param $stride i32) (result i32)
    (local $acc v128) (local $c i32) (local $v v128)
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (block $done
      (loop $chunk
        (br_if $done (i32.ge_u (local.get $c) (local.get $stride)))
        (local.set $v (v128.load (i32.add (local.get $row) (local.get $c))))
        (local.set $acc
          (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v))
              (v128.load (i32.add (local.get $q) (i32.shl (local.get $c) (i32.const 1)))))))
        (local.set $acc
          (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v))
              (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $c) (i32.const 1)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $chunk)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; Scores rows [0, n) at $rows (row r has id $first + r) against the query at
  ;; $q and offers each to the heap of k keys at $heap. Rows are offered in
  ;; ascending order, so among equal scores the smaller row wins, as in the JS
  ;; reference.
  (func (export "scan")
    (param $q i32) (param $rows i32) (param $n i32) (param $stride i32)
    (param $first i32) (param $heap i32) (param $k i32)
    (local $r i32) (local $c i32) (local $p i32) (local $qc i32) (local $thr i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $qlo v128) (local $qhi v128) (local $v v128) (local $s v128)
    (local $block i32) (local $stride2 i32) (local $stride3 i32)
    (local.set $thr (call $threshold (local.get $heap)))
    (local.set $block (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $stride2 (i32.shl (local.get $stride) (i32.const 1)))
    (local.set $stride3 (i32.add (local.get $stride2) (local.get $stride)))
    (local.set $p (local.get $rows))
    ;; Four rows at a time.
    (block $tail
      (loop $quad
        (br_if $tail (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $n)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (block $rowdone
          (loop $chunk
            (br_if $rowdone (i32.ge_u (local.get $c) (local.get $stride)))
            (local.set $qc (i32.add (local.get $q) (i32.shl (local.get $c) (i32.const 1))))
            (local.set $qlo (v128.load (local.get $qc)))
            (local.set $qhi (v128.load offset=16 (local.get $qc)))
            (local.set $v (v128.load (i32.add (local.get $p) (local.get $c))))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (local.get $qlo))))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (local.get $qhi))))
            (local.set $v (v128.load (i32.add (i32.add (local.get $p) (local.get $stride)) (local.get $c))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (local.get $qlo))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (local.get $qhi))))
            (local.set $v (v128.load (i32.add (i32.add (local.get $p) (local.get $stride2)) (local.get $c))))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (local.get $qlo))))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (local.get $qhi))))
            (local.set $v (v128.load (i32.add (i32.add (local.get $p) (local.get $stride3)) (local.get $c))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (local.get $qlo))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (local.get $qhi))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $chunk)))
        ;; Transpose-and-add: $s = [sum a0, sum a1, sum a2, sum a3].
        (local.set $a0
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $a2
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
        (local.set $s
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a2))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a2))))
        (if (v128.any_true (i32x4.gt_s (local.get $s) (i32x4.splat (local.get $thr))))
          (then
            (if (i32.gt_s (i32x4.extract_lane 0 (local.get $s)) (local.get $thr))
              (then (local.set $thr (call $push (local.get $heap) (local.get $k) (i32x4.extract_lane 0 (local.get $s)) (i32.add (local.get $first) (local.get $r))))))
            (if (i32.gt_s (i32x4.extract_lane 1 (local.get $s)) (local.get $thr))
              (then (local.set $thr (call $push (local.get $heap) (local.get $k) (i32x4.extract_lane 1 (local.get $s)) (i32.add (local.get $first) (i32.add (local.get $r) (i32.const 1)))))))
            (if (i32.gt_s (i32x4.extract_lane 2 (local.get $s)) (local.get $thr))
              (then (local.set $thr (call $push (local.get $heap) (local.get $k) (i32x4.extract_lane 2 (local.get $s)) (i32.add (local.get $first) (i32.add (local.get $r) (i32.const 2)))))))
            (if (i32.gt_s (i32x4.extract_lane 3 (local.get $s)) (local.get $thr))
              (then (local.set $thr (call $push (local.get $heap) (local.get $k) (i32x4.extract_lane 3 (local.get $s)) (i32.add (local.get $first) (i32.add (local.get $r) (i32.const 3)))))))))
        (local.set $p (i32.add (local.get $p) (local.get $block)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $quad)))
    ;; The remaining 0–3 rows one at a time.
    (block $done
      (loop $single
        (br_if $done (i32.ge_s (local.get $r) (local.get $n)))
        (local.set $c (call $dot1 (local.get $q) (local.get $p) (local.get $stride)))
        (if (i32.gt_s (local.get $c) (local.get $thr))
          (then (local.set $thr (call $push (local.get $heap) (local.get $k) (local.get $c) (i32.add (local.get $first) (local.get $r))))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $single))))
)
