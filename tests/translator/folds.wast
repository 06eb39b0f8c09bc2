;; What the translator's folds compute, beside how they look (golden/):
;; run as a spec script by regressions_test.sh.

;; Go's static jumps (CONST_BR): pc 1 -> 0 -> 2; 0 -> 2; 2 -> default
;; twice (the second through the if, whose jump is in its own block).
(module
  (func (export "jumps") (param $pc i32) (result i32) (local $acc i32)
    (loop $top
      (block $b2
        (block $b1
          (block $b0
            local.get $pc
            br_table $b0 $b1 $b2)
          local.get $acc
          i32.const 1
          i32.add
          local.set $acc
          i32.const 2
          local.set $pc
          br $top)
        local.get $acc
        i32.const 10
        i32.add
        local.set $acc
        i32.const 0
        local.set $pc
        br $top)
      local.get $acc
      i32.const 100
      i32.add
      local.set $acc
      local.get $acc
      i32.const 150
      i32.lt_u
      if
        i32.const 9
        local.set $pc
        br $top
      end)
    local.get $acc)
  ;; The resume local still holds the jump's value afterwards.
  (func (export "pc-after") (param $pc i32) (result i32)
    (loop $top
      (block $b1
        (block $b0
          local.get $pc
          br_table $b0 $b1)
        i32.const 1
        local.set $pc
        br $top))
    local.get $pc))
(assert_return (invoke "jumps" (i32.const 1)) (i32.const 211))
(assert_return (invoke "jumps" (i32.const 0)) (i32.const 201))
(assert_return (invoke "jumps" (i32.const 2)) (i32.const 200))
(assert_return (invoke "jumps" (i32.const 7)) (i32.const 200))
(assert_return (invoke "pc-after" (i32.const 0)) (i32.const 1))
(assert_return (invoke "pc-after" (i32.const 1)) (i32.const 1))

;; Go's call protocol (GO_CALL, I32_ADD_IMM_SET_GLOBAL, GLOBAL_GET_BR_IF):
;; the return address lands on Go's stack, both stack pointers move, the
;; callee's request to unwind leaves at once; a stack pointer that wraps
;; traps on the store, after the pointers moved, as the unfused code does.
(module
  (memory 1)
  (global $sp (mut i32) (i32.const 1024))
  (global $unwinding (mut i32) (i32.const 0))
  (func $callee (param i32) (result i32)
    (i32.store (i32.const 0) (i32.wrap_i64 (i64.load (global.get $sp))))
    (global.set $sp (i32.add (global.get $sp) (i32.const 8)))
    (i32.add (local.get 0) (global.get $unwinding)))
  (func $go-call (param $start i32) (param $unwind i32) (result i32) (local $sp i32)
    (global.set $unwinding (local.get $unwind))
    (global.set $sp (local.get $start))
    (local.set $sp (global.get $sp))
    (block $exit
      local.get $sp
      i32.const 8
      i32.sub
      local.tee $sp
      global.set $sp
      local.get $sp
      i64.const 77
      i64.store
      i32.const 0
      call $callee
      global.get $sp
      local.set $sp
      br_if $exit
      (return (i32.add (local.get $sp) (i32.mul (i32.load (i32.const 0)) (i32.const 1000)))))
    (i32.sub (i32.const 0) (local.get $sp)))
  (func (export "call") (param i32) (result i32) (call $go-call (local.get 0) (i32.const 0)))
  (func (export "unwind") (param i32) (result i32) (call $go-call (local.get 0) (i32.const 1)))
  (func (export "sp") (result i32) (global.get $sp))
  ;; A function's epilogue: two adjustments in a row, one instruction.
  (func (export "epilogue") (result i32) (local $sp i32)
    (local.set $sp (global.get $sp))
    (global.set $sp (local.tee $sp (i32.add (local.get $sp) (i32.const 48))))
    (global.set $sp (local.tee $sp (i32.add (local.get $sp) (i32.const 8))))
    (i32.sub (global.get $sp) (local.get $sp))))
(assert_return (invoke "call" (i32.const 1024)) (i32.const 78024))
(assert_return (invoke "sp") (i32.const 1024))
(assert_return (invoke "unwind" (i32.const 2048)) (i32.const -2048))
(assert_trap (invoke "call" (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "sp") (i32.const -4))
(assert_return (invoke "epilogue") (i32.const 0))
(assert_return (invoke "sp") (i32.const 52))

;; Go's function entry and exit (GO_STACK_CHECK, GO_RETURN, RETURN_CONST):
;; the stack guard reads the limit through global $g (a pointer to the
;; goroutine, the limit 16 bytes in), and traps when that is out of bounds.
(module
  (memory 1)
  (global $sp (mut i32) (i32.const 0))
  (global $g (mut i64) (i64.const 4096))
  (data (i32.const 4112) "\00\04\00\00")
  (func (export "enter") (param $sp i32) (result i32)
    local.get $sp
    global.get $g
    i32.wrap_i64
    i32.load offset=16
    i32.le_u
    if
      i32.const 1
      return
    end
    local.get $sp
    i32.const 8
    i32.add
    local.tee $sp
    global.set $sp
    i32.const 0
    return)
  (func (export "sp") (result i32) (global.get $sp))
  (func (export "set-g") (param i64) (global.set $g (local.get 0))))
(assert_return (invoke "enter" (i32.const 2000)) (i32.const 0))
(assert_return (invoke "sp") (i32.const 2008))
(assert_return (invoke "enter" (i32.const 1024)) (i32.const 1))
(assert_return (invoke "enter" (i32.const 1025)) (i32.const 0))
(assert_return (invoke "set-g" (i64.const 0x1_0000_1000)))  ;; i32.wrap_i64: 4096 again
(assert_return (invoke "enter" (i32.const 1000)) (i32.const 1))
(assert_return (invoke "set-g" (i64.const 65530)))
(assert_trap (invoke "enter" (i32.const 2000)) "out of bounds memory access")

;; Go's bool round trip: i64.eqz(i64.extend_i32_u(i64.eqz(x))) is x != 0,
;; and with an i32.eqz and an if after it, one branch on x.
(module
  (func (export "nonzero") (param i64) (result i64)
    local.get 0
    i64.eqz
    i64.extend_i32_u
    i64.eqz
    i64.extend_i32_u)
  (func (export "zero-branch") (param i64) (result i32)
    local.get 0
    i64.eqz
    i64.extend_i32_u
    i64.eqz
    i32.eqz
    if
      i32.const 10
      return
    end
    i32.const 20)
  (func (export "lt-extended") (param i32 i32) (result i64)
    (i64.add (i64.extend_i32_u (i32.lt_s (local.get 0) (local.get 1))) (i64.const 5))))
(assert_return (invoke "nonzero" (i64.const 0)) (i64.const 0))
(assert_return (invoke "nonzero" (i64.const -9)) (i64.const 1))
(assert_return (invoke "nonzero" (i64.const 0x1_0000_0000)) (i64.const 1))
(assert_return (invoke "zero-branch" (i64.const 0)) (i32.const 10))
(assert_return (invoke "zero-branch" (i64.const 0x1_0000_0000)) (i32.const 20))
(assert_return (invoke "lt-extended" (i32.const 1) (i32.const 2)) (i64.const 6))
(assert_return (invoke "lt-extended" (i32.const 2) (i32.const 1)) (i64.const 5))

;; Go's entry into its resume table (GLOBAL_GET_BR_UNLESS): resume point 0
;; skips the table, any other takes it; the stack pointer is read either way.
(module
  (global $sp (mut i32) (i32.const 77))
  (func (export "resume") (param $pc i32) (result i32) (local $sp i32)
    global.get $sp
    local.set $sp
    (loop $top
      (block $b1
        (block $b0
          local.get $pc
          br_table $b0 $b1)
        (return (i32.add (local.get $sp) (i32.const 1000))))
      (return (local.get $sp)))
    i32.const -1))
(assert_return (invoke "resume" (i32.const 0)) (i32.const 1077))
(assert_return (invoke "resume" (i32.const 1)) (i32.const 77))
(assert_return (invoke "resume" (i32.const 5)) (i32.const 77))

;; Pairs of 64-bit accesses (I64_LOAD_I64_LOAD and the like): both happen,
;; in order; when the second is out of bounds the first has happened; and a
;; branch may land between them.
(module
  (memory 1)
  (func (export "swap") (param i32 i32)
    (local i64 i64)
    (local.set 2 (i64.load (local.get 0)))
    (local.set 3 (i64.load (local.get 1)))
    (i64.store (local.get 0) (local.get 3))
    (i64.store (local.get 1) (local.get 2)))
  (func (export "get") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "set") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "load-then-branch-target") (param i32 i32) (result i64) (local i64)
    (block $b
      (br_if $b (local.get 1))
      (local.set 2 (i64.load (local.get 0))))
    (i64.add (local.get 2) (i64.load (i32.const 8)))))
(assert_return (invoke "set" (i32.const 0) (i64.const 11)))
(assert_return (invoke "set" (i32.const 8) (i64.const 22)))
(assert_return (invoke "swap" (i32.const 0) (i32.const 8)))
(assert_return (invoke "get" (i32.const 0)) (i64.const 22))
(assert_return (invoke "get" (i32.const 8)) (i64.const 11))
(assert_trap (invoke "swap" (i32.const 16) (i32.const 65535)) "out of bounds memory access")
(assert_return (invoke "set" (i32.const 24) (i64.const 7)))
(assert_trap (invoke "swap" (i32.const 24) (i32.const 65532)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 24)) (i64.const 7))
(assert_return (invoke "load-then-branch-target" (i32.const 0) (i32.const 1)) (i64.const 11))
(assert_return (invoke "load-then-branch-target" (i32.const 0) (i32.const 0)) (i64.const 33))

;; i64.store of a constant that fits 32 bits stores it from the instruction
;; (I64_STORE_IMM, no constant pool slot); larger ones, negative ones and
;; the other store widths take a slot, and an address past memory traps.
(module
  (memory 1)
  (func (export "store") (param $at i32) (param $which i32) (result i64)
    (block $done
      (block $big
        (block $max32
          (block $small
            local.get $which
            br_table $small $max32 $big)
          local.get $at
          i64.const 1234567
          i64.store offset=8
          br $done)
        local.get $at
        i64.const 0xFFFFFFFF
        i64.store offset=8
        br $done)
      local.get $at
      i64.const -2
      i64.store offset=8)
    local.get $at
    i64.load offset=8))
(assert_return (invoke "store" (i32.const 0) (i32.const 0)) (i64.const 1234567))
(assert_return (invoke "store" (i32.const 16) (i32.const 1)) (i64.const 0xFFFFFFFF))
(assert_return (invoke "store" (i32.const 16) (i32.const 2)) (i64.const -2))
(assert_return (invoke "store" (i32.const 65520) (i32.const 0)) (i64.const 1234567))
(assert_trap (invoke "store" (i32.const 65521) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "store" (i32.const -1) (i32.const 1)) "out of bounds memory access")
