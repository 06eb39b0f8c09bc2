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
