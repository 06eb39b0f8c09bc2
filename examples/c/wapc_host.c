/* waPC from C: the host invokes a Go guest's operations
 * (testdata/go/wapcguest) and answers its host calls; an operation that
 * never answers, or not within its deadline, gives an error.
 *   wapc_host_c wapcguest.wasm */
#include <gowasm/gowasm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t* host_call(void* env, const char* binding, const char* namespace_,
                          const char* operation, const uint8_t* payload, size_t payload_size,
                          size_t* response_size, char** error) {
  (void)env;
  printf("host call: %s %s %s %.*s\n", binding, namespace_, operation, (int)payload_size,
         (const char*)payload);
  if (strcmp(operation, "hello") != 0) {
    *error = gowasm_js_error_message("unknown host operation");
    return NULL;
  }
  static const char kAnswer[] = "Greetings Guest!";
  *response_size = sizeof kAnswer - 1;
  return gowasm_wapc_bytes((const uint8_t*)kAnswer, sizeof kAnswer - 1);
}

static void invoke(gowasm_wapc_host* wapc, const char* what, const char* operation,
                   const char* payload, int64_t timeout_ms) {
  gowasm_error* error = NULL;
  size_t size = 0;
  uint8_t* response = gowasm_wapc_invoke(wapc, operation, (const uint8_t*)payload, strlen(payload),
                                         timeout_ms, &size, &error);
  if (error) {
    printf("%s -> error: %s\n", what, gowasm_error_message(error));
  } else {
    printf("%s -> %.*s\n", what, (int)size, (const char*)response);
  }
  free(response);
  gowasm_error_free(error);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: wapc_host_c wapcguest.wasm\n");
    return 2;
  }
  gowasm_error* error = NULL;
  gowasm_module* module = gowasm_module_read_file(argv[1], &error);
  gowasm_go_program* program = module ? gowasm_go_program_new(module, NULL, &error) : NULL;
  if (!program) {
    fprintf(stderr, "wapc_host_c: %s\n", gowasm_error_message(error));
    return 1;
  }
  gowasm_wapc_host* wapc = gowasm_wapc_host_new(program, host_call, NULL, NULL);
  gowasm_go_program_start(program);

  invoke(wapc, "hello(Host)", "hello", "Host", 10000);
  invoke(wapc, "nope()", "nope", "", 10000);
  invoke(wapc, "fail()", "fail", "", 10000);
  invoke(wapc, "sleep(10)", "sleep", "10", 10000);
  invoke(wapc, "never()", "never", "", 10000);
  invoke(wapc, "sleep(1 hour), 100 ms allowed", "sleep", "3600000", 100);

  invoke(wapc, "exit()", "exit", "", 10000);
  gowasm_wapc_host_free(wapc);
  gowasm_go_program_free(program);
  gowasm_module_free(module);
  return 0;
}
