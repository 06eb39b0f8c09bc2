;; The spec runner itself: a hang is one failed command and the script goes
;; on; spectest, register, externref and NaN patterns work; SIMD is skipped.
(module
  (func (export "spin") (loop (br 0)))
  (func (export "seven") (result i32) (i32.const 7)))
(assert_return (invoke "spin"))
(assert_return (invoke "seven") (i32.const 7))
(register "m")

(module
  (import "m" "seven" (func $seven (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $g i32))
  (func (export "eight") (result i32) (call $print (i32.const 1)) (i32.add (call $seven) (i32.const 1)))
  (func (export "g") (result i32) (global.get $g))
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0))))
(assert_return (invoke "eight") (i32.const 8))
(assert_return (invoke "g") (i32.const 666))
(assert_return (invoke "id" (ref.extern 0)) (ref.extern 0))
(assert_return (invoke "id" (ref.null extern)) (ref.null extern))
(assert_return (invoke "nan") (f32.const nan:arithmetic))
(assert_trap (invoke "eight") "unreachable")

(module (global (export "v") v128 (v128.const i32x4 1 2 3 4)))
(assert_return (get "v") (v128.const i32x4 1 2 3 4))
