// The C API's errors, interrupts, deadlines and limits.
#include "handles.h"

using namespace gowasm::capi;

extern "C" {

gowasm_error_kind gowasm_error_kind_of(const gowasm_error* error) {
  return error->kind;
}
const char* gowasm_error_message(const gowasm_error* error) {
  return error->message.c_str();
}
int gowasm_error_exit_code(const gowasm_error* error) {
  return error->exit_code;
}
gowasm_trap_kind gowasm_error_trap_kind(const gowasm_error* error) {
  return error->trap;
}
void gowasm_error_free(gowasm_error* error) {
  delete error;
}

gowasm_interrupt* gowasm_interrupt_new(void) {
  return new gowasm_interrupt{std::make_shared<gowasm::InterruptHandle>()};
}
void gowasm_interrupt_trigger(gowasm_interrupt* interrupt) {
  interrupt->handle->interrupt();
}
void gowasm_interrupt_reset(gowasm_interrupt* interrupt) {
  interrupt->handle->reset();
}
void gowasm_interrupt_free(gowasm_interrupt* interrupt) {
  delete interrupt;
}

gowasm_deadline* gowasm_deadline_new(gowasm_interrupt* interrupt, int64_t timeout_ms) {
  return new gowasm_deadline{
      gowasm::Deadline(interrupt->handle, std::chrono::milliseconds(timeout_ms))};
}
bool gowasm_deadline_expired(gowasm_deadline* deadline) {
  return deadline->deadline.expired();
}
void gowasm_deadline_free(gowasm_deadline* deadline) {
  delete deadline;
}

gowasm_limits gowasm_limits_default(void) {
  const gowasm::InstanceOptions defaults;
  return gowasm_limits{defaults.max_memory_pages, defaults.max_call_depth, 0, nullptr};
}

}  // extern "C"
