/* Bounding a guest from C: fuel, an interrupt from another thread, a
 * deadline on one call. A program stopped so stays stopped and says why;
 * the process goes on running new ones. The guest is testdata/go/plugin,
 * whose `spin` loops forever.
 *   limits_c plugin.wasm */
#include <gowasm/gowasm.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static void discard(void* env, int fd, const uint8_t* bytes, size_t size) {
  (void)env, (void)fd, (void)bytes, (void)size;
}

/* A plugin started under `limits`. */
static gowasm_go_program* start(const gowasm_module* module, const gowasm_limits* limits) {
  gowasm_go_options* options = gowasm_go_options_new();
  gowasm_go_options_set_write(options, discard, NULL, NULL);
  gowasm_go_options_set_limits(options, limits);
  gowasm_go_program* program = gowasm_go_program_new(module, options, NULL);
  gowasm_go_options_free(options);
  gowasm_js_value* global = gowasm_go_program_global(program);
  gowasm_js_value* config = gowasm_js_object(program);
  gowasm_js_value_set(global, "pluginConfig", config);
  gowasm_js_value_free(config);
  gowasm_js_value_free(global);
  gowasm_go_program_start(program);
  return program;
}

/* Calls `name` and prints how it ended. */
static void call(gowasm_go_program* program, const char* what, const char* name) {
  gowasm_error* error = NULL;
  gowasm_js_value* result = gowasm_go_program_call(program, name, NULL, 0, &error);
  if (error) {
    printf("%s: error: %s (trap kind %d)\n", what, gowasm_error_message(error),
           (int)gowasm_error_trap_kind(error));
  } else {
    printf("%s returned\n", what);
  }
  gowasm_error_free(error);
  gowasm_js_value_free(result);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct stopper {
  gowasm_interrupt* interrupt;
  double interrupted_at;
};

static void* stop_after_50ms(void* arg) {
  struct stopper* s = arg;
  const struct timespec wait = {0, 50 * 1000 * 1000};
  nanosleep(&wait, NULL);
  s->interrupted_at = now_ms();
  gowasm_interrupt_trigger(s->interrupt);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: limits_c plugin.wasm\n");
    return 2;
  }
  gowasm_error* error = NULL;
  gowasm_module* module = gowasm_module_read_file(argv[1], &error);
  if (!module) {
    fprintf(stderr, "limits_c: %s\n", gowasm_error_message(error));
    return 1;
  }

  /* Fuel: one unit per call and per taken branch. */
  gowasm_limits limits = gowasm_limits_default();
  limits.fuel = 50000000;
  gowasm_go_program* program = start(module, &limits);
  call(program, "spin() on 50,000,000 units of fuel", "spin");
  call(program, "spin() again", "spin");
  gowasm_go_program_free(program);

  /* An interrupt from another thread. */
  limits = gowasm_limits_default();
  limits.interrupt = gowasm_interrupt_new();
  program = start(module, &limits);
  struct stopper stopper = {limits.interrupt, 0};
  pthread_t thread;
  pthread_create(&thread, NULL, stop_after_50ms, &stopper);
  call(program, "spin() interrupted by another thread", "spin");
  const double reaction_ms = now_ms() - stopper.interrupted_at;
  pthread_join(thread, NULL);
  printf("stopped within 100 ms of the interrupt: %s\n", reaction_ms < 100 ? "yes" : "no");
  gowasm_go_program_free(program);

  /* A deadline on one call, on a fresh program under the same interrupt. */
  gowasm_interrupt_reset(limits.interrupt);
  program = start(module, &limits);
  gowasm_deadline* deadline = gowasm_deadline_new(limits.interrupt, 100);
  call(program, "spin() with 100 ms allowed", "spin");
  printf("deadline expired: %s\n", gowasm_deadline_expired(deadline) ? "yes" : "no");
  gowasm_deadline_free(deadline);
  gowasm_go_program_free(program);
  gowasm_interrupt_free(limits.interrupt);

  /* None of that harmed the process. */
  program = start(module, NULL);
  gowasm_js_value* args[] = {gowasm_js_number(1), gowasm_js_number(1)};
  gowasm_js_value* sum = gowasm_go_program_call(program, "add", args, 2, NULL);
  printf("a new program: add(1, 1) = %g\n", gowasm_js_value_number(sum));
  gowasm_js_value_free(sum);
  gowasm_js_value_free(args[0]);
  gowasm_js_value_free(args[1]);
  gowasm_go_program_free(program);
  gowasm_module_free(module);
  return 0;
}
