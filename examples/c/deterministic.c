/* Deterministic runs from C: a virtual clock and seeded randomness make a
 * Go program print the same bytes every time, and its waits take no time.
 * The guest is testdata/go/deterministic.
 *   deterministic_c deterministic.wasm */
#include <gowasm/gowasm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct buffer {
  char bytes[4096];
  size_t size;
};

static void keep(void* env, int fd, const uint8_t* bytes, size_t size) {
  struct buffer* out = env;
  (void)fd;
  if (size > sizeof out->bytes - out->size) size = sizeof out->bytes - out->size;
  memcpy(out->bytes + out->size, bytes, size);
  out->size += size;
}

/* One run to its end, its output in `out`. */
static void run(const gowasm_module* module, struct buffer* out) {
  gowasm_go_options* options = gowasm_go_options_new();
  gowasm_go_options_add_arg(options, "deterministic");
  gowasm_go_options_set_virtual_clock(options, 946684800000); /* 2000-01-01T00:00:00Z */
  gowasm_go_options_set_random_seed(options, 42);
  gowasm_go_options_set_write(options, keep, out, NULL);
  gowasm_go_program* program = gowasm_go_program_new(module, options, NULL);
  gowasm_go_options_free(options);
  gowasm_go_program_start(program);
  gowasm_go_program_drive(program, -1);
  gowasm_go_program_report_deadlock(program);
  out->size += (size_t)snprintf(out->bytes + out->size, sizeof out->bytes - out->size,
                                "exit status %d\n", gowasm_go_program_exit_code(program));
  gowasm_go_program_free(program);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: deterministic_c deterministic.wasm\n");
    return 2;
  }
  gowasm_error* error = NULL;
  gowasm_module* module = gowasm_module_read_file(argv[1], &error);
  if (!module) {
    fprintf(stderr, "deterministic_c: %s\n", gowasm_error_message(error));
    return 1;
  }
  static struct buffer first, second;
  const clock_t start = clock();
  run(module, &first);
  run(module, &second);
  const double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
  fwrite(first.bytes, 1, first.size, stdout);
  const int same = first.size == second.size && memcmp(first.bytes, second.bytes, first.size) == 0;
  printf("second run identical: %s\n", same ? "yes" : "no");
  printf("both runs, 2h30m of guest waiting, under a second: %s\n", seconds < 1 ? "yes" : "no");
  gowasm_module_free(module);
  return 0;
}
