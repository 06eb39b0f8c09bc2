/* The C API: a plain module with a host function, then a Go plugin
 * (testdata/go/plugin) given a global, called, calling a host function
 * back, taking bytes through its memory in //go:wasmexport functions, and
 * failing in the ways a call can fail.
 *   plugin_host_c plugin.wasm */
#include <gowasm/gowasm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* (import "env" "twice" (func (param i32) (result i32)))
 * (func (export "quad") (param i32) (result i32) local.get 0 call 0 call 0) */
static const uint8_t kQuadModule[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01,
    0x7f, 0x02, 0x0d, 0x01, 0x03, 'e',  'n',  'v',  0x05, 't',  'w',  'i',  'c',  'e',  0x00,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x08, 0x01, 0x04, 'q',  'u',  'a',  'd',  0x00, 0x01,
    0x0a, 0x0a, 0x01, 0x08, 0x00, 0x20, 0x00, 0x10, 0x00, 0x10, 0x00, 0x0b};

static const char* twice(void* env, const gowasm_value* args, size_t arg_count,
                         gowasm_value* results, size_t result_count) {
  (void)arg_count;
  (void)result_count;
  ++*(int*)env;
  results[0].of.i32 = args[0].of.i32 * 2;
  return NULL;
}

static void write_out(void* env, int fd, const uint8_t* bytes, size_t size) {
  (void)env;
  fwrite(bytes, 1, size, fd == 1 ? stdout : stderr);
}

/* greet(name) -> "hello, " + name; greet() throws. */
static gowasm_js_value* greet(void* env, gowasm_go_program* program,
                              const gowasm_js_value* this_value, const gowasm_js_value* const* args,
                              size_t arg_count, char** error) {
  (void)env;
  (void)program;
  (void)this_value;
  size_t size = 0;
  const char* name = arg_count > 0 ? gowasm_js_value_string(args[0], &size) : NULL;
  if (!name) {
    *error = gowasm_js_error_message("greet needs a name");
    return NULL;
  }
  char text[128];
  const int n = snprintf(text, sizeof text, "hello, %.*s", (int)size, name);
  return gowasm_js_string(text, (size_t)n);
}

/* Calls the guest's global function `name` and prints the result or the error. */
static void call_and_print(gowasm_go_program* program, const char* what, const char* name,
                           gowasm_js_value* const* args, size_t arg_count) {
  gowasm_error* error = NULL;
  gowasm_js_value* value = gowasm_go_program_call(program, name, args, arg_count, &error);
  size_t size = 0;
  if (error) {
    printf("%s: error %d: %s\n", what, (int)gowasm_error_kind_of(error),
           gowasm_error_message(error));
  } else if (gowasm_js_value_type(value) == GOWASM_JS_STRING) {
    const char* text = gowasm_js_value_string(value, &size);
    printf("%s = %.*s\n", what, (int)size, text);
  } else {
    printf("%s = %g\n", what, gowasm_js_value_number(value));
  }
  fflush(stdout); /* the guest writes to the same stream unbuffered */
  gowasm_js_value_free(value);
  gowasm_error_free(error);
}

/* Bytes by address: the guest allocates a buffer, the host writes into it,
 * the guest's `upper` changes it in place, the host reads it back. */
static void upper_through_guest_memory(gowasm_go_program* program, const char* text) {
  const size_t length = strlen(text);
  gowasm_value size = {GOWASM_I32, {.i32 = (int32_t)length}}, address, changed;
  gowasm_error* error = NULL;
  if (!gowasm_go_program_call_export(program, "allocate", &size, 1, &address, 1, &error)) {
    printf("allocate: error: %s\n", gowasm_error_message(error));
    gowasm_error_free(error);
    return;
  }
  /* The memory is valid until the guest runs again: take it after each call. */
  memcpy(gowasm_go_program_memory(program, NULL) + (uint32_t)address.of.i32, text, length);
  const gowasm_value args[] = {address, size};
  gowasm_go_program_call_export(program, "upper", args, 2, &changed, 1, NULL);
  printf("upper(\"%s\") in guest memory = \"%.*s\" (%d letters changed)\n", text, (int)length,
         (const char*)gowasm_go_program_memory(program, NULL) + (uint32_t)address.of.i32,
         changed.of.i32);
  gowasm_go_program_call_export(program, "release", &address, 1, NULL, 0, NULL);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: plugin_host_c plugin.wasm\n");
    return 2;
  }
  gowasm_error* error = NULL;

  /* A plain module whose export calls a host function. */
  int calls = 0;
  gowasm_module* quad_module = gowasm_module_compile(kQuadModule, sizeof kQuadModule, &error);
  gowasm_imports* imports = gowasm_imports_new();
  const gowasm_value_kind i32[] = {GOWASM_I32};
  gowasm_imports_add_function(imports, "env", "twice", i32, 1, i32, 1, twice, &calls, NULL);
  gowasm_instance* quad = gowasm_instance_new(quad_module, imports, NULL, &error);
  gowasm_value arg = {GOWASM_I32, {.i32 = 5}}, result;
  if (!quad || !gowasm_instance_call(quad, "quad", &arg, 1, &result, 1, &error)) {
    fprintf(stderr, "plugin_host_c: %s\n", gowasm_error_message(error));
    return 1;
  }
  printf("quad(5) = %d after %d host calls\n", result.of.i32, calls);
  fflush(stdout);
  if (!gowasm_instance_call(quad, "absent", NULL, 0, NULL, 0, &error)) {
    printf("absent: error %d: %s\n", (int)gowasm_error_kind_of(error), gowasm_error_message(error));
    gowasm_error_free(error);
    error = NULL;
  }
  fflush(stdout);
  gowasm_instance_free(quad);
  gowasm_imports_free(imports);
  gowasm_module_free(quad_module);

  /* A Go plugin. */
  gowasm_module* module = gowasm_module_read_file(argv[1], &error);
  if (!module) {
    fprintf(stderr, "plugin_host_c: %s\n", gowasm_error_message(error));
    return 1;
  }
  gowasm_go_options* options = gowasm_go_options_new();
  gowasm_go_options_add_arg(options, "plugin");
  gowasm_go_options_set_write(options, write_out, NULL, NULL);
  gowasm_go_program* program = gowasm_go_program_new(module, options, &error);
  gowasm_go_options_free(options);

  gowasm_js_value* global = gowasm_go_program_global(program);
  gowasm_js_value* config = gowasm_js_object(program);
  gowasm_js_value* user = gowasm_js_string("C", 1);
  gowasm_js_value_set(config, "user", user);
  gowasm_js_value_set(global, "pluginConfig", config);
  gowasm_js_value* greet_function = gowasm_js_function_new(program, "greet", greet, NULL, NULL);
  gowasm_js_value_set(global, "greet", greet_function);
  gowasm_js_value_free(greet_function);
  gowasm_js_value_free(user);
  gowasm_js_value_free(config);
  gowasm_js_value_free(global);

  if (gowasm_go_program_start(program) != GOWASM_GO_BLOCKED) {
    fprintf(stderr, "plugin_host_c: the plugin ended early\n");
    return 1;
  }
  gowasm_js_value* numbers[] = {gowasm_js_number(40), gowasm_js_number(2)};
  call_and_print(program, "add(40, 2)", "add", numbers, 2);
  gowasm_js_value* greet_args[] = {gowasm_js_string("greet", 5), gowasm_js_string("C", 1)};
  call_and_print(program, "callHost(greet, C)", "callHost", greet_args, 2);
  call_and_print(program, "callHost(greet)", "callHost", greet_args, 1);
  upper_through_guest_memory(program, "bytes by address");
  gowasm_js_value* three[] = {gowasm_js_number(3)};
  call_and_print(program, "exitWith(3)", "exitWith", three, 1);
  call_and_print(program, "add(40, 2)", "add", numbers, 2);
  printf("state %d, exit status %d\n", (int)gowasm_go_program_state(program),
         gowasm_go_program_exit_code(program));

  for (int i = 0; i < 2; ++i) gowasm_js_value_free(numbers[i]);
  for (int i = 0; i < 2; ++i) gowasm_js_value_free(greet_args[i]);
  gowasm_js_value_free(three[0]);
  gowasm_go_program_free(program);
  gowasm_module_free(module);
  return 0;
}
