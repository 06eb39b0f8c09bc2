// The interpreter as the core's engine (src/engine.h): a module's code is
// a ModuleCode, translated lazily and shared; an instance's state is an
// InstanceCode, whose calls run the executor.
#include "engine.h"

#include "executor.h"
#include "module_code.h"

namespace gowasm {
namespace {

class Interpreter : public Engine {
 public:
  std::shared_ptr<ModuleEngine> compile(const Module& module) const override {
    return std::make_shared<interp::ModuleCode>(module);
  }
  std::unique_ptr<InstanceEngine> instantiate(Instance& instance) const override {
    return std::make_unique<interp::InstanceCode>(instance);
  }
};

}  // namespace

const Engine& default_engine() {
  static const Interpreter engine;
  return engine;
}

}  // namespace gowasm
