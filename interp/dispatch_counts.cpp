// The counting build's tallies and report (dispatch_counts.h).
#include "dispatch_counts.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "gowasm/module.h"
#include "handlers.h"

namespace gowasm::interp::dispatch_counts {
namespace {

constexpr size_t kHandlers = size_t(Handler::kCount);

struct Tallies {
  std::vector<uint64_t> handlers = std::vector<uint64_t>(kHandlers);
  std::vector<uint64_t> pairs = std::vector<uint64_t>(kHandlers * kHandlers);
  size_t previous = kHandlers;  // no pair before the first dispatch
  // Per function of the modules alive, and by name once a module is gone.
  std::unordered_map<const Module*, std::vector<uint64_t>> live;
  std::map<std::string, uint64_t> by_name;
  ~Tallies() { report(); }

  template <class Name>
  static void top(FILE* out, const char* title, std::vector<std::pair<uint64_t, Name>> rows,
                  uint64_t total, size_t most) {
    std::sort(rows.begin(), rows.end(),
              [](const auto& x, const auto& y) { return x.first > y.first; });
    std::fprintf(out, "%s\n", title);
    for (size_t i = 0; i < rows.size() && i < most && rows[i].first; ++i) {
      std::fprintf(out, "  %6.2f%%  %14llu  %s\n", 100.0 * double(rows[i].first) / double(total),
                   static_cast<unsigned long long>(rows[i].first),
                   std::string(rows[i].second).c_str());
    }
  }

  void report() {
    for (auto& [module, counts] : live) fold(*module, counts);
    uint64_t total = 0;
    for (uint64_t n : handlers) total += n;
    if (!total) return;
    const char* path = std::getenv("GOWASM_DISPATCH_COUNTS");
    FILE* out = path ? std::fopen(path, "w") : stderr;
    if (!out) return;
    std::fprintf(out, "dispatches %llu\n", static_cast<unsigned long long>(total));
    std::vector<std::pair<uint64_t, std::string>> rows;
    for (size_t h = 0; h < kHandlers; ++h) rows.emplace_back(handlers[h], handler_name(Handler(h)));
    top(out, "handlers:", rows, total, 60);
    rows.clear();
    for (size_t p = 0; p < pairs.size(); ++p) {
      if (!pairs[p]) continue;
      rows.emplace_back(pairs[p], std::string(handler_name(Handler(p / kHandlers))) + " -> " +
                                      handler_name(Handler(p % kHandlers)));
    }
    top(out, "pairs:", rows, total, 60);
    rows.clear();
    for (const auto& [name, n] : by_name) rows.emplace_back(n, name);
    top(out, "functions:", rows, total, 60);
    if (out != stderr) std::fclose(out);
  }

  void fold(const Module& module, const std::vector<uint64_t>& counts) {
    for (uint32_t f = 0; f < counts.size(); ++f) {
      if (!counts[f]) continue;
      const std::string_view name = module.function_name(f);
      by_name[name.empty() ? "func " + std::to_string(f) : std::string(name)] += counts[f];
    }
  }
};

Tallies& tallies() {
  static Tallies t;
  return t;
}

}  // namespace

void count(const void* handler, const Module& module, uint32_t function) {
  Tallies& t = tallies();
  const size_t h = size_t(handler_at(handler));
  ++t.handlers[h];
  if (t.previous < kHandlers) ++t.pairs[t.previous * kHandlers + h];
  t.previous = h;
  if (function == ~0u) return;
  std::vector<uint64_t>& functions = t.live[&module];
  if (functions.size() <= function) functions.resize(module.function_count());
  ++functions[function];
}

void forget(const Module& module) {
  Tallies& t = tallies();
  const auto it = t.live.find(&module);
  if (it == t.live.end()) return;
  t.fold(module, it->second);
  t.live.erase(it);
}

}  // namespace gowasm::interp::dispatch_counts
