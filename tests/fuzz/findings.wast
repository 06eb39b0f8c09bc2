;; One module per bug that fuzzing, the differential test or the sanitized
;; lane found, each run as a spec script by wast_scripts_test.sh (in every build, and under
;; ASan and UBSan in the sanitized lane); none may come back.

;; fuzz_exec, UBSan: memory.fill, memory.copy and memory.init of 0 bytes in
;; a memory of 0 pages passed the memory's null base to memset, memmove and
;; memcpy, which is undefined behaviour even for 0 bytes.
(module
  (memory 0)
  (data "abc")
  (func (export "fill") (memory.fill (i32.const 0) (i32.const 7) (i32.const 0)))
  (func (export "copy") (memory.copy (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "init") (memory.init 0 (i32.const 0) (i32.const 1) (i32.const 0)))
  (func (export "fill-1") (memory.fill (i32.const 0) (i32.const 7) (i32.const 1)))
  (func (export "size") (result i32) (memory.size)))
(assert_return (invoke "fill"))
(assert_return (invoke "copy"))
(assert_return (invoke "init"))
(assert_return (invoke "size") (i32.const 0))
(assert_trap (invoke "fill-1") "out of bounds memory access")

;; The sanitized lane (UBSan, on the spec suite's data.wast): instantiating
;; an empty active data segment into a memory of 0 pages passed the null
;; base to memcpy.
(module
  (memory 0)
  (data (i32.const 0) "")
  (func (export "size") (result i32) (memory.size)))
(assert_return (invoke "size") (i32.const 0))
