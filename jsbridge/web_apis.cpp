// crypto.getRandomValues (the host environment's random source) and
// performance.now (milliseconds since the program started, on its clock).
#include "host_objects.h"

namespace gowasm::js {

void install_crypto_and_performance(Realm& realm, HostEnvironment& host) {
  ObjectRef crypto = realm.make_object();
  realm.define_method(
      crypto, "getRandomValues", [&host](const Value&, std::span<const Value> args) {
        ByteArray* bytes = args.empty() ? nullptr : as_bytes(args[0]);
        if (!bytes)
          throw TypeError{"The \"typedArray\" argument must be an integer-type TypedArray."};
        host.random.fill(bytes->bytes());
        return args[0];
      });
  realm.global()->set("crypto", crypto);

  ObjectRef performance = realm.make_object();
  realm.define_method(performance, "now", [&host](const Value&, std::span<const Value>) {
    return Value(std::chrono::duration<double, std::milli>(host.clock.elapsed()).count());
  });
  realm.global()->set("performance", performance);
}

}  // namespace gowasm::js
