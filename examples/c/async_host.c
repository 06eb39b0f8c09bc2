/* An asynchronous host API from C: the guest calls a host function with a
 * callback; the host does the work on a thread of its own and posts the
 * result back to the thread that drives the program, which calls the
 * guest's callback with it. The guest is testdata/go/plugin (its
 * `multiplyLater`).
 *   async_host_c plugin.wasm */
#include <gowasm/gowasm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* One piece of work: made on the driving thread, computed on a worker,
 * delivered (and freed) on the driving thread. */
struct work {
  gowasm_go_program* program;
  gowasm_js_value* callback; /* touched only on the driving thread */
  gowasm_go_hold* hold;
  double a, b, product;
  pthread_t thread;
};

static void deliver(void* env, gowasm_go_program* program) {
  struct work* w = env;
  gowasm_js_value* product = gowasm_js_number(w->product);
  gowasm_js_value* result =
      gowasm_go_program_call_function(program, w->callback, &product, 1, NULL, NULL);
  gowasm_js_value_free(result);
  gowasm_js_value_free(product);
  gowasm_js_value_free(w->callback);
  pthread_join(w->thread, NULL);
  free(w);
}

static void* worker(void* arg) {
  struct work* w = arg;
  w->product = w->a * w->b; /* the slow work, off the guest's thread */
  gowasm_go_program_post(w->program, deliver, w);
  /* The hold kept drive() waiting for this post; it may return after it. */
  gowasm_go_hold_free(w->hold);
  return NULL;
}

/* compute(a, b, callback): returns at once; the product arrives later. */
static gowasm_js_value* compute(void* env, gowasm_go_program* program,
                                const gowasm_js_value* this_value,
                                const gowasm_js_value* const* args, size_t arg_count,
                                char** error) {
  (void)env, (void)this_value, (void)arg_count, (void)error;
  struct work* w = calloc(1, sizeof *w);
  w->program = program;
  w->a = gowasm_js_value_number(args[0]);
  w->b = gowasm_js_value_number(args[1]);
  /* A handle of our own on the callback: `args` lives only for this call. */
  w->callback = gowasm_js_value_copy(args[2]);
  w->hold = gowasm_go_program_hold(program);
  pthread_create(&w->thread, NULL, worker, w);
  return NULL;
}

static void print_done(void* env, int fd, const uint8_t* bytes, size_t size) {
  (void)env;
  fwrite(bytes, 1, size, fd == 1 ? stdout : stderr);
}

/* done(text): the guest reports a product. */
static gowasm_js_value* done(void* env, gowasm_go_program* program,
                             const gowasm_js_value* this_value, const gowasm_js_value* const* args,
                             size_t arg_count, char** error) {
  (void)env, (void)program, (void)this_value, (void)arg_count, (void)error;
  size_t size = 0;
  const char* text = gowasm_js_value_string(args[0], &size);
  printf("the guest says: %.*s\n", (int)size, text);
  return NULL;
}

static void define(gowasm_go_program* program, const char* name, gowasm_js_value* value) {
  gowasm_js_value* global = gowasm_go_program_global(program);
  gowasm_js_value_set(global, name, value);
  gowasm_js_value_free(value);
  gowasm_js_value_free(global);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: async_host_c plugin.wasm\n");
    return 2;
  }
  gowasm_error* error = NULL;
  gowasm_module* module = gowasm_module_read_file(argv[1], &error);
  gowasm_go_options* options = gowasm_go_options_new();
  gowasm_go_options_set_write(options, print_done, NULL, NULL);
  gowasm_go_program* program = module ? gowasm_go_program_new(module, options, &error) : NULL;
  gowasm_go_options_free(options);
  if (!program) {
    fprintf(stderr, "async_host_c: %s\n", gowasm_error_message(error));
    return 1;
  }
  gowasm_js_value* config = gowasm_js_object(program);
  gowasm_js_value* user = gowasm_js_string("an async C host", 15);
  gowasm_js_value_set(config, "user", user);
  gowasm_js_value_free(user);
  define(program, "pluginConfig", config);
  define(program, "done", gowasm_js_function_new(program, "done", done, NULL, NULL));
  define(program, "compute", gowasm_js_function_new(program, "compute", compute, NULL, NULL));
  gowasm_go_program_start(program);

  const int pairs[][2] = {{6, 7}, {12, 12}};
  for (int i = 0; i < 2; ++i) {
    gowasm_js_value* args[] = {gowasm_js_number(pairs[i][0]), gowasm_js_number(pairs[i][1])};
    gowasm_js_value_free(gowasm_go_program_call(program, "multiplyLater", args, 2, NULL));
    printf("multiplyLater(%d, %d) returned; the product is on its way\n", pairs[i][0], pairs[i][1]);
    fflush(stdout);
    /* Runs the posted result here; returns once no hold is left. */
    gowasm_go_program_drive(program, 10000);
    gowasm_js_value_free(args[0]);
    gowasm_js_value_free(args[1]);
  }
  printf("all results delivered\n");
  gowasm_go_program_free(program);
  gowasm_module_free(module);
  return 0;
}
