;; One module per translator bug found so far (commit 7e1c7ea), each run as
;; a spec script by regressions_test.sh; none may fail again.

;; A constant swapped to the immediate side of a commutative operation or a
;; compare took the other operand's stack height for its slot (found by
;; stack.wast), so a value below it on the stack was overwritten.
(module
  (func (export "mul-const-left") (param i32 i32) (result i32 i32)
    local.get 0
    i32.const 10
    local.get 1
    i32.mul)
  (func (export "lt-const-left") (param i32 i32) (result i32 i32)
    local.get 0
    i32.const 3
    local.get 1
    i32.lt_s))
(assert_return (invoke "mul-const-left" (i32.const 7) (i32.const 4)) (i32.const 7) (i32.const 40))
(assert_return (invoke "lt-const-left" (i32.const 7) (i32.const 4)) (i32.const 7) (i32.const 1))
(assert_return (invoke "lt-const-left" (i32.const 7) (i32.const 3)) (i32.const 7) (i32.const 0))

;; The parameters of an if-block were saved after the branch to its else
;; part, so the else part read garbage (found by if.wast).
(module
  (func (export "if-params") (param i32) (result i32)
    i32.const 7
    local.get 0
    (if (param i32) (result i32)
      (then i32.const 1 i32.add)
      (else i32.const 2 i32.mul))))
(assert_return (invoke "if-params" (i32.const 1)) (i32.const 8))
(assert_return (invoke "if-params" (i32.const 0)) (i32.const 14))

;; br_if on a constant false condition branched (labels.wast hung).
(module
  (func (export "br-if-const") (result i32 i32)
    (block (result i32) (i32.const 1) (i32.const 0) (br_if 0) (drop) (i32.const 2))
    (block (result i32) (i32.const 3) (i32.const 1) (br_if 0) (drop) (i32.const 4))))
(assert_return (invoke "br-if-const") (i32.const 2) (i32.const 3))
