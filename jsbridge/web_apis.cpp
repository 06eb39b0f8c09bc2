// crypto.getRandomValues (the operating system's CSPRNG) and
// performance.now (milliseconds since the program started, monotonic).
#include <sys/random.h>

#include <cerrno>
#include <system_error>

#include "host_objects.h"

namespace gowasm::js {

void fill_random(std::span<uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = getrandom(bytes.data() + done, bytes.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    done += size_t(n);
  }
}

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
