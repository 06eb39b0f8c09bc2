/* gowasm's C API: WebAssembly modules and Go plugins from C (C11) or any
 * language with a C FFI. It is the C++ API (gowasm/instance.h, go.h,
 * js.h) behind opaque handles:
 *
 *   - every object a function returns is owned by the caller and freed with
 *     its gowasm_*_free function (freeing NULL does nothing);
 *   - a function that can fail takes `gowasm_error** error`: on failure it
 *     returns NULL/false and, when `error` is not NULL, stores an error the
 *     caller frees; no C++ exception ever crosses this API;
 *   - callbacks take a `void* env` given at registration, and a finalizer
 *     (may be NULL) that runs once when the callback is no longer needed.
 *
 *   gowasm_error* error = NULL;
 *   gowasm_module* module = gowasm_module_read_file("plugin.wasm", &error);
 *   gowasm_go_options* options = gowasm_go_options_new();
 *   gowasm_go_program* program = gowasm_go_program_new(module, options, &error);
 *   gowasm_go_program_start(program);
 *   gowasm_js_value* args[] = {gowasm_js_number(40), gowasm_js_number(2)};
 *   gowasm_js_value* sum = gowasm_go_program_call(program, "add", args, 2, &error);
 *   printf("%g\n", gowasm_js_value_number(sum));   // 42
 *
 * Threads: a program, its values and an instance belong to one thread at a
 * time. */
#ifndef GOWASM_GOWASM_H
#define GOWASM_GOWASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ---- */

typedef enum {
  GOWASM_ERROR_LOAD,        /* the module does not decode or validate, or cannot be read */
  GOWASM_ERROR_LINK,        /* imports missing or mismatched; not a Go program */
  GOWASM_ERROR_TRAP,        /* a WebAssembly trap, an interrupt, fuel used up */
  GOWASM_ERROR_EXCEPTION,   /* a JavaScript exception */
  GOWASM_ERROR_PANIC,       /* the Go program panicked (and exited) */
  GOWASM_ERROR_EXIT,        /* the Go program exited */
  GOWASM_ERROR_NOT_RUNNING, /* the Go program was not started */
  GOWASM_ERROR_ARGUMENT     /* a wrong argument: unknown export, wrong type, NULL module */
} gowasm_error_kind;

typedef struct gowasm_error gowasm_error;
gowasm_error_kind gowasm_error_kind_of(const gowasm_error* error);
/* One line, valid until the error is freed. */
const char* gowasm_error_message(const gowasm_error* error);
/* GOWASM_ERROR_EXIT and GOWASM_ERROR_PANIC: the exit status. */
int gowasm_error_exit_code(const gowasm_error* error);

/* GOWASM_ERROR_TRAP: which trap (gowasm/trap.h's TrapKind, in its order). */
typedef enum {
  GOWASM_TRAP_UNREACHABLE,
  GOWASM_TRAP_INTEGER_DIVIDE_BY_ZERO,
  GOWASM_TRAP_INTEGER_OVERFLOW,
  GOWASM_TRAP_INVALID_CONVERSION_TO_INTEGER,
  GOWASM_TRAP_OUT_OF_BOUNDS_MEMORY_ACCESS,
  GOWASM_TRAP_OUT_OF_BOUNDS_TABLE_ACCESS,
  GOWASM_TRAP_UNDEFINED_ELEMENT,
  GOWASM_TRAP_UNINITIALIZED_ELEMENT,
  GOWASM_TRAP_INDIRECT_CALL_TYPE_MISMATCH,
  GOWASM_TRAP_CALL_STACK_EXHAUSTED,
  GOWASM_TRAP_INTERRUPTED, /* by a gowasm_interrupt or a gowasm_deadline */
  GOWASM_TRAP_OUT_OF_FUEL,
  GOWASM_TRAP_HOST, /* a host function failed */
  GOWASM_TRAP_EXIT,
  GOWASM_TRAP_NONE /* the error is not a trap */
} gowasm_trap_kind;
gowasm_trap_kind gowasm_error_trap_kind(const gowasm_error* error);
void gowasm_error_free(gowasm_error* error);

/* ---- limits: how far a guest may go ---- */

/* Stops guests from another thread. Whatever runs under an interrupt that
 * is triggered stops at its next loop iteration or call with
 * GOWASM_TRAP_INTERRUPTED, and a Go program stays stopped. The interrupt
 * stays triggered until reset. Instances and programs keep their own
 * reference: freeing it early is fine. */
typedef struct gowasm_interrupt gowasm_interrupt;
gowasm_interrupt* gowasm_interrupt_new(void);
void gowasm_interrupt_trigger(gowasm_interrupt* interrupt); /* thread-safe */
void gowasm_interrupt_reset(gowasm_interrupt* interrupt);
void gowasm_interrupt_free(gowasm_interrupt* interrupt);

/* Triggers `interrupt` once `timeout_ms` has passed, unless freed first:
 * a deadline for one call or a whole run. */
typedef struct gowasm_deadline gowasm_deadline;
gowasm_deadline* gowasm_deadline_new(gowasm_interrupt* interrupt, int64_t timeout_ms);
bool gowasm_deadline_expired(gowasm_deadline* deadline);
void gowasm_deadline_free(gowasm_deadline* deadline);

typedef struct {
  uint32_t max_memory_pages;   /* memory.grow fails beyond this (default 65536 pages: 4 GiB) */
  uint32_t max_call_depth;     /* nested calls before GOWASM_TRAP_CALL_STACK_EXHAUSTED */
  uint64_t fuel;               /* 0: unlimited; else one unit per call and per taken branch */
  gowasm_interrupt* interrupt; /* NULL: none */
} gowasm_limits;
/* The defaults: what a NULL gowasm_limits* means. */
gowasm_limits gowasm_limits_default(void);

/* ---- modules ---- */

typedef struct gowasm_module gowasm_module;
gowasm_module* gowasm_module_compile(const uint8_t* bytes, size_t size, gowasm_error** error);
gowasm_module* gowasm_module_read_file(const char* path, gowasm_error** error);
void gowasm_module_free(gowasm_module* module);

/* ---- plain modules: imports, instances, calls ---- */

typedef enum {
  GOWASM_I32,
  GOWASM_I64,
  GOWASM_F32,
  GOWASM_F64,
  GOWASM_FUNCREF,  /* a function of any instance; NULL is the null reference */
  GOWASM_EXTERNREF /* a host handle; 0 is the null reference */
} gowasm_value_kind;

/* A function as funcref values, tables and exports refer to it; borrowed,
 * valid while the instance that defines it lives. */
typedef struct gowasm_function gowasm_function;

typedef struct {
  gowasm_value_kind kind;
  union {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    const gowasm_function* funcref;
    uint64_t externref;
  } of;
} gowasm_value;

/* A host function: fill `results` (sized by its type) and return NULL, or
 * return a message (static or owned by env) to trap the guest. */
typedef const char* (*gowasm_host_function)(void* env, const gowasm_value* args, size_t arg_count,
                                            gowasm_value* results, size_t result_count);

typedef struct gowasm_imports gowasm_imports;
gowasm_imports* gowasm_imports_new(void);
void gowasm_imports_add_function(gowasm_imports* imports, const char* module, const char* name,
                                 const gowasm_value_kind* params, size_t param_count,
                                 const gowasm_value_kind* results, size_t result_count,
                                 gowasm_host_function function, void* env,
                                 void (*finalizer)(void* env));
void gowasm_imports_free(gowasm_imports* imports);

typedef struct gowasm_instance gowasm_instance;
/* `imports` and `limits` may be NULL (none; the defaults); a NULL `module`
 * (a failed load passed on) is a GOWASM_ERROR_ARGUMENT. */
gowasm_instance* gowasm_instance_new(const gowasm_module* module, const gowasm_imports* imports,
                                     const gowasm_limits* limits, gowasm_error** error);
/* Calls export `name`; `results` must hold `result_count` values, the
 * number the function returns. */
bool gowasm_instance_call(gowasm_instance* instance, const char* name, const gowasm_value* args,
                          size_t arg_count, gowasm_value* results, size_t result_count,
                          gowasm_error** error);
/* Export `name` as a function (NULL when there is none), and a call of any
 * function: an export, or a funcref from a table or a result. */
const gowasm_function* gowasm_instance_function(const gowasm_instance* instance, const char* name);
bool gowasm_instance_call_function(gowasm_instance* instance, const gowasm_function* function,
                                   const gowasm_value* args, size_t arg_count,
                                   gowasm_value* results, size_t result_count,
                                   gowasm_error** error);
/* Memory 0's bytes, valid until the memory grows (NULL, 0 without one). */
uint8_t* gowasm_instance_memory(gowasm_instance* instance, size_t* size);
/* An exported global: get fills `value`, set checks type and mutability. */
bool gowasm_instance_global_get(const gowasm_instance* instance, const char* name,
                                gowasm_value* value);
bool gowasm_instance_global_set(gowasm_instance* instance, const char* name, gowasm_value value);
void gowasm_instance_free(gowasm_instance* instance);

/* Tables of references. A table handle shares the table: an instance that
 * exports or imports it sees every change. */
typedef struct gowasm_table gowasm_table;
/* `min` null elements of `element` (GOWASM_FUNCREF or GOWASM_EXTERNREF),
 * growable to `max` (UINT32_MAX: no maximum); NULL for another kind. */
gowasm_table* gowasm_table_new(gowasm_value_kind element, uint32_t min, uint32_t max);
gowasm_table* gowasm_instance_table(const gowasm_instance* instance, const char* name);
void gowasm_imports_add_table(gowasm_imports* imports, const char* module, const char* name,
                              const gowasm_table* table);
uint32_t gowasm_table_size(const gowasm_table* table);
/* false when `index` is out of bounds (or `value` of another kind). */
bool gowasm_table_get(const gowasm_table* table, uint32_t index, gowasm_value* value);
bool gowasm_table_set(gowasm_table* table, uint32_t index, gowasm_value value);
/* Adds `delta` elements set to `init`; the old size, or -1 when it cannot. */
int64_t gowasm_table_grow(gowasm_table* table, uint32_t delta, gowasm_value init);
void gowasm_table_free(gowasm_table* table);

/* ---- Go programs (GOOS=js GOARCH=wasm) as plugins ---- */

/* A program's configuration (gowasm/program.h's ProgramOptions): the same
 * for Go's js/wasm port (gowasm_go_program_new) and for WASI commands
 * (gowasm_wasi_run below). */
typedef struct gowasm_go_options gowasm_go_options;
gowasm_go_options* gowasm_go_options_new(void);
void gowasm_go_options_add_arg(gowasm_go_options* options, const char* arg);
void gowasm_go_options_add_env(gowasm_go_options* options, const char* key, const char* value);
void gowasm_go_options_add_mount(gowasm_go_options* options, const char* host_dir,
                                 const char* guest_dir, bool read_only);
/* Where the guest's stdout (fd 1) and stderr (fd 2) go. */
void gowasm_go_options_set_write(gowasm_go_options* options,
                                 void (*write)(void* env, int fd, const uint8_t* bytes,
                                               size_t size),
                                 void* env, void (*finalizer)(void* env));
/* Where the guest's stdin comes from: `read` fills up to `size` bytes and
 * returns how many (0 at the end of the input), or -errno for an error the
 * guest sees as such. By default this process's stdin. */
void gowasm_go_options_set_read(gowasm_go_options* options,
                                int64_t (*read)(void* env, uint8_t* buffer, size_t size), void* env,
                                void (*finalizer)(void* env));
/* A virtual clock starting at `unix_ms`; and seeded randomness. */
void gowasm_go_options_set_virtual_clock(gowasm_go_options* options, int64_t unix_ms);
void gowasm_go_options_set_random_seed(gowasm_go_options* options, uint64_t seed);
void gowasm_go_options_set_limits(gowasm_go_options* options, const gowasm_limits* limits);
/* WASI only: a listening socket (a host descriptor) the program gets
 * preopened after the mounts, for sock_accept; a duplicate of it, set
 * non-blocking (which the caller's descriptor shares). */
void gowasm_go_options_add_socket(gowasm_go_options* options, int socket);
void gowasm_go_options_free(gowasm_go_options* options);

typedef enum {
  GOWASM_GO_NOT_STARTED,
  GOWASM_GO_BLOCKED,
  GOWASM_GO_EXITED,
  GOWASM_GO_TRAPPED
} gowasm_go_state;

typedef struct gowasm_go_program gowasm_go_program;
gowasm_go_program* gowasm_go_program_new(const gowasm_module* module,
                                         const gowasm_go_options* options, gowasm_error** error);
gowasm_go_state gowasm_go_program_start(gowasm_go_program* program);
/* Runs timers until none is left, the program ends, or `timeout_ms` passes
 * (negative: no limit). */
gowasm_go_state gowasm_go_program_drive(gowasm_go_program* program, int64_t timeout_ms);
gowasm_go_state gowasm_go_program_report_deadlock(gowasm_go_program* program);
gowasm_go_state gowasm_go_program_state(const gowasm_go_program* program);
/* Once exited: the status. */
int gowasm_go_program_exit_code(const gowasm_go_program* program);
void gowasm_go_program_free(gowasm_go_program* program);

/* ---- WASI preview 1 commands (GOOS=wasip1, wasm32-wasip1) ---- */

/* Whether `module` imports wasi_snapshot_preview1 (a GOOS=wasip1 Go
 * program, or a C or Rust one built for wasm32-wasip1). */
bool gowasm_module_is_wasi(const gowasm_module* module);
/* Runs a WASI command's _start to its end with `options` (NULL: none): its
 * arguments, environment, mounts as preopened directories, sockets, stdio
 * callbacks, clock, randomness and limits. Returns true when the program
 * exited, with its status in *exit_code (0 when _start returned); false,
 * with `error` set, when it cannot be linked (GOWASM_ERROR_LINK: not a WASI
 * command, missing imports) or trapped (GOWASM_ERROR_TRAP, with the trap
 * kind: also an interrupt, a deadline or fuel used up). */
bool gowasm_wasi_run(const gowasm_module* module, const gowasm_go_options* options, int* exit_code,
                     gowasm_error** error);

/* ---- JavaScript values ---- */

typedef enum {
  GOWASM_JS_UNDEFINED,
  GOWASM_JS_NULL,
  GOWASM_JS_BOOLEAN,
  GOWASM_JS_NUMBER,
  GOWASM_JS_STRING,
  GOWASM_JS_SYMBOL,
  GOWASM_JS_OBJECT,
  GOWASM_JS_FUNCTION
} gowasm_js_type;

typedef struct gowasm_js_value gowasm_js_value;
gowasm_js_value* gowasm_js_undefined(void);
gowasm_js_value* gowasm_js_null(void);
gowasm_js_value* gowasm_js_bool(bool value);
gowasm_js_value* gowasm_js_number(double value);
gowasm_js_value* gowasm_js_string(const char* utf8, size_t size);
gowasm_js_value* gowasm_js_object(gowasm_go_program* program);
gowasm_js_value* gowasm_js_bytes(gowasm_go_program* program, const uint8_t* bytes, size_t size);
gowasm_js_value* gowasm_js_array(gowasm_go_program* program, gowasm_js_value* const* elements,
                                 size_t count);
/* A host function the guest can call. Return an owned value (NULL means
 * undefined), or set *error to a message made with gowasm_js_error_message
 * to throw a JavaScript Error at the guest. */
typedef gowasm_js_value* (*gowasm_js_function)(void* env, gowasm_go_program* program,
                                               const gowasm_js_value* this_value,
                                               const gowasm_js_value* const* args, size_t arg_count,
                                               char** error);
char* gowasm_js_error_message(const char* message);
gowasm_js_value* gowasm_js_function_new(gowasm_go_program* program, const char* name,
                                        gowasm_js_function function, void* env,
                                        void (*finalizer)(void* env));
gowasm_js_value* gowasm_go_program_global(gowasm_go_program* program);

gowasm_js_type gowasm_js_value_type(const gowasm_js_value* value);
bool gowasm_js_value_bool(const gowasm_js_value* value);     /* false if not a boolean */
double gowasm_js_value_number(const gowasm_js_value* value); /* NaN if not a number */
/* A string's UTF-8 bytes (NULL if not a string), valid while `value` lives. */
const char* gowasm_js_value_string(const gowasm_js_value* value, size_t* size);
/* A Uint8Array's bytes (NULL otherwise), shared with the guest. */
uint8_t* gowasm_js_value_bytes(const gowasm_js_value* value, size_t* size);
gowasm_js_value* gowasm_js_value_get(const gowasm_js_value* object, const char* key);
bool gowasm_js_value_set(gowasm_js_value* object, const char* key, const gowasm_js_value* value);
size_t gowasm_js_value_length(const gowasm_js_value* value);
gowasm_js_value* gowasm_js_value_at(const gowasm_js_value* value, size_t index);
/* Another handle on the same value, e.g. to keep an argument beyond the
 * call that received it. */
gowasm_js_value* gowasm_js_value_copy(const gowasm_js_value* value);
void gowasm_js_value_free(gowasm_js_value* value);

/* Calls the function the guest stored on the global object under `name`. */
gowasm_js_value* gowasm_go_program_call(gowasm_go_program* program, const char* name,
                                        gowasm_js_value* const* args, size_t arg_count,
                                        gowasm_error** error);

/* Calls any function value with `this_value` (NULL: undefined). */
gowasm_js_value* gowasm_go_program_call_function(gowasm_go_program* program,
                                                 const gowasm_js_value* function,
                                                 gowasm_js_value* const* args, size_t arg_count,
                                                 const gowasm_js_value* this_value,
                                                 gowasm_error** error);
/* Calls a //go:wasmexport function (Go >= 1.24) once start has returned
 * with the program blocked. */
bool gowasm_go_program_call_export(gowasm_go_program* program, const char* name,
                                   const gowasm_value* args, size_t arg_count,
                                   gowasm_value* results, size_t result_count,
                                   gowasm_error** error);
/* The guest's memory, for bytes passed by address to wasmexport functions;
 * valid until the guest runs again (a call may grow and move it). */
uint8_t* gowasm_go_program_memory(gowasm_go_program* program, size_t* size);

/* ---- from other threads ---- */

/* Runs `task(env, program)` on the thread that drives the program, at its
 * next gowasm_go_program_drive. Thread-safe. */
void gowasm_go_program_post(gowasm_go_program* program,
                            void (*task)(void* env, gowasm_go_program* program), void* env);
/* While a hold is alive, drive waits for posted tasks instead of returning
 * idle. Take one before handing work to another thread; free it (from any
 * thread) once that thread has posted its result. */
typedef struct gowasm_go_hold gowasm_go_hold;
gowasm_go_hold* gowasm_go_program_hold(gowasm_go_program* program);
void gowasm_go_hold_free(gowasm_go_hold* hold);

/* ---- waPC (gowasm/wapc.h) ---- */

/* Answers the guest's HostCall: return a response made with
 * gowasm_wapc_bytes (or NULL for none), or set *error to a message made
 * with gowasm_js_error_message. */
typedef uint8_t* (*gowasm_wapc_host_call)(void* env, const char* binding, const char* namespace_,
                                          const char* operation, const uint8_t* payload,
                                          size_t payload_size, size_t* response_size, char** error);
uint8_t* gowasm_wapc_bytes(const uint8_t* bytes, size_t size);

typedef struct gowasm_wapc_host gowasm_wapc_host;
/* Defines the `wapc` global; call before gowasm_go_program_start. The
 * handler may be NULL. */
gowasm_wapc_host* gowasm_wapc_host_new(gowasm_go_program* program, gowasm_wapc_host_call handler,
                                       void* env, void (*finalizer)(void* env));
/* Invokes `operation`; returns the response (free it with free(); NULL and
 * size 0 for an empty one) or NULL with *error set: the guest's error, or
 * why no answer came within `timeout_ms`. */
uint8_t* gowasm_wapc_invoke(gowasm_wapc_host* host, const char* operation, const uint8_t* payload,
                            size_t payload_size, int64_t timeout_ms, size_t* response_size,
                            gowasm_error** error);
void gowasm_wapc_host_free(gowasm_wapc_host* host);

#ifdef __cplusplus
}
#endif

#endif /* GOWASM_GOWASM_H */
