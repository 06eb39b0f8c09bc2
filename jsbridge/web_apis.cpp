// crypto.getRandomValues (host/random.h: the operating system's CSPRNG) and
// performance.now (milliseconds since the program started, monotonic).
#include "host_objects.h"

namespace gowasm::js {

void install_crypto_and_performance(Realm& realm, HostEnvironment& host) {
  ObjectRef crypto = realm.make_object();
  realm.define_method(crypto, "getRandomValues", [](const Value&, std::span<const Value> args) {
    ByteArray* bytes = args.empty() ? nullptr : as_bytes(args[0]);
    if (!bytes) throw TypeError{"The \"typedArray\" argument must be an integer-type TypedArray."};
    fill_random(bytes->bytes());
    return args[0];
  });
  realm.global()->set("crypto", crypto);

  ObjectRef performance = realm.make_object();
  realm.define_method(performance, "now", [&host](const Value&, std::span<const Value>) {
    const auto elapsed = std::chrono::steady_clock::now() - host.start;
    return Value(std::chrono::duration<double, std::milli>(elapsed).count());
  });
  realm.global()->set("performance", performance);
}

}  // namespace gowasm::js
