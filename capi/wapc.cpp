// The C API for waPC (gowasm/wapc.h).
#include <cstdlib>
#include <cstring>

#include "handles.h"

using namespace gowasm::capi;

extern "C" {

uint8_t* gowasm_wapc_bytes(const uint8_t* bytes, size_t size) {
  auto* copy = static_cast<uint8_t*>(std::malloc(size ? size : 1));
  if (size) std::memcpy(copy, bytes, size);
  return copy;
}

gowasm_wapc_host* gowasm_wapc_host_new(gowasm_go_program* p, gowasm_wapc_host_call handler,
                                       void* env, void (*finalizer)(void* env)) {
  gowasm::WapcHostHandler host_handler;
  if (handler) {
    host_handler = [handler, owner = finalizing(env, finalizer)](const gowasm::WapcHostCall& call) {
      size_t size = 0;
      char* message = nullptr;
      uint8_t* response = handler(owner.get(), call.binding.c_str(), call.namespace_.c_str(),
                                  call.operation.c_str(), call.payload.data(), call.payload.size(),
                                  &size, &message);
      std::vector<uint8_t> out(response, response ? response + size : response);
      std::free(response);
      if (message) throw gowasm::WapcError(take_message(message));
      return out;
    };
  }
  return new gowasm_wapc_host{gowasm::WapcHost(*p->program, std::move(host_handler))};
}

uint8_t* gowasm_wapc_invoke(gowasm_wapc_host* host, const char* operation, const uint8_t* payload,
                            size_t payload_size, int64_t timeout_ms, size_t* response_size,
                            gowasm_error** error) {
  const gowasm::WapcResult r =
      host->host.invoke(operation, std::span<const uint8_t>(payload, payload_size),
                        std::chrono::milliseconds(timeout_ms < 0 ? int64_t(1) << 40 : timeout_ms));
  if (response_size) *response_size = 0;
  if (!r.ok()) {
    fail(error, GOWASM_ERROR_EXCEPTION, *r.error);
    return nullptr;
  }
  if (response_size) *response_size = r.response.size();
  return r.response.empty() ? nullptr : gowasm_wapc_bytes(r.response.data(), r.response.size());
}

void gowasm_wapc_host_free(gowasm_wapc_host* host) {
  delete host;
}

}  // extern "C"
