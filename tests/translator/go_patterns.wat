;; The shapes the translator folds, in their smallest form: each function's
;; translation is kept in golden/ and compared by golden_test.sh.
(module
  (memory 1)
  (global $sp (mut i32) (i32.const 1024))
  ;; Go's stack-pointer-relative address: local.get sp; i64.extend_i32_u;
  ;; i64.const k; i64.add; i32.wrap_i64; then the access: one I64_LOAD_ADDR.
  (func $load_arg (param $sp i32) (result i64)
    local.get $sp
    i64.extend_i32_u
    i64.const 8
    i64.add
    i32.wrap_i64
    i64.load)
  ;; A compare feeding br_if: one BR_IF_I32_GE_S; i + 1: an immediate add.
  (func $count (param $n i32) (result i32) (local $i i32)
    (block $done
      (loop $top
        local.get $i
        local.get $n
        i32.ge_s
        br_if $done
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $top))
    local.get $i)
  ;; eqz before a branch inverts it (BR_UNLESS), no separate eqz.
  (func $skip_if_zero (param $x i32) (result i32)
    (block $b
      local.get $x
      i32.eqz
      br_if $b
      i32.const 7
      return)
    i32.const 9)
  ;; A call and the check after it: return 1 at once when the callee asks.
  (func $callee (result i32) i32.const 0)
  (func $caller (result i32)
    call $callee
    if
      i32.const 1
      return
    end
    global.get $sp
    i32.const 8
    i32.sub
    global.set $sp
    i32.const 2)
  ;; Go's jump inside a function: set the resume local, branch to the loop
  ;; whose br_table dispatches on it: one CONST_BR straight to the block
  ;; (pc 2 is the br_table's default, and leaves the loop).
  (func $jumps (param $pc i32) (result i32) (local $acc i32)
    (loop $top
      (block $b2
        (block $b1
          (block $b0
            local.get $pc
            br_table $b0 $b1 $b2)
          ;; pc 0
          local.get $acc
          i32.const 1
          i32.add
          local.set $acc
          i32.const 2
          local.set $pc
          br $top)
        ;; pc 1
        local.get $acc
        i32.const 10
        i32.add
        local.set $acc
        i32.const 0
        local.set $pc
        br $top)
      ;; pc 2 and beyond: a jump past the table's end takes the default
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
  (export "load_arg" (func $load_arg))
  (export "count" (func $count))
  (export "skip_if_zero" (func $skip_if_zero))
  (export "caller" (func $caller))
  (export "jumps" (func $jumps)))
