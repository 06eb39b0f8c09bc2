// Instantiation: resolving imports against their types, creating memory,
// tables and globals, applying element and data segments, running the start
// function; and the instance's accessors.
#include "gowasm/instance.h"

#include <cstring>

#include "byte_reader.h"
#include "code_reader.h"
#include "runtime.h"

namespace gowasm {

struct Imports::Definition {
  ExternKind kind;
  FunctionInstance* function = nullptr;
  std::unique_ptr<FunctionInstance> own_function;  // host functions
  HostFunction host_function;
  FuncType host_type;
  std::shared_ptr<Memory> memory;
  std::shared_ptr<Table> table;
  std::shared_ptr<Global> global;
  std::shared_ptr<Instance> exporter;  // keeps an exporting instance alive
};

Imports::Imports() = default;
Imports::~Imports() = default;
Imports::Imports(Imports&&) noexcept = default;
Imports& Imports::operator=(Imports&&) noexcept = default;

void Imports::add_function(std::string module, std::string name, FuncType type,
                           HostFunction function) {
  auto d = std::make_shared<Definition>();
  d->kind = ExternKind::Function;
  d->host_type = std::move(type);
  d->own_function = std::make_unique<FunctionInstance>();
  d->own_function->type = &d->host_type;
  d->own_function->type_id = intern_function_type(d->host_type);
  d->host_function = std::move(function);
  d->own_function->host = &d->host_function;
  d->function = d->own_function.get();
  definitions_[{std::move(module), std::move(name)}] = std::move(d);
}

void Imports::add_memory(std::string module, std::string name, std::shared_ptr<Memory> memory) {
  auto d = std::make_shared<Definition>();
  d->kind = ExternKind::Memory;
  d->memory = std::move(memory);
  definitions_[{std::move(module), std::move(name)}] = std::move(d);
}

void Imports::add_table(std::string module, std::string name, std::shared_ptr<Table> table) {
  auto d = std::make_shared<Definition>();
  d->kind = ExternKind::Table;
  d->table = std::move(table);
  definitions_[{std::move(module), std::move(name)}] = std::move(d);
}

void Imports::add_global(std::string module, std::string name, std::shared_ptr<Global> global) {
  auto d = std::make_shared<Definition>();
  d->kind = ExternKind::Global;
  d->global = std::move(global);
  definitions_[{std::move(module), std::move(name)}] = std::move(d);
}

void Imports::add_instance(std::string module, const std::shared_ptr<Instance>& instance) {
  const auto& state = Internals::state(*instance);
  for (const Export& e : instance->module().exports) {
    auto d = std::make_shared<Definition>();
    d->kind = e.kind;
    d->exporter = instance;
    switch (e.kind) {
      case ExternKind::Function: d->function = state.functions[e.index]; break;
      case ExternKind::Table: d->table = state.tables[e.index]; break;
      case ExternKind::Memory: d->memory = instance->memory_object(); break;
      case ExternKind::Global: d->global = state.globals[e.index]; break;
    }
    definitions_[{module, e.name}] = std::move(d);
  }
}

std::shared_ptr<const Imports::Definition> Imports::find(const std::string& module,
                                                         const std::string& name) const {
  auto it = definitions_.find({module, name});
  return it == definitions_.end() ? nullptr : it->second;
}

InstantiationTrap::InstantiationTrap(Trap trap, std::shared_ptr<Instance> instance)
    : std::runtime_error(trap.to_string()),
      trap_(std::move(trap)),
      instance_(std::move(instance)) {}

namespace {

// Import matching: limits of the definition must lie within the import's.
bool limits_match(const Limits& actual, const Limits& wanted) {
  if (actual.min < wanted.min) return false;
  if (!wanted.max) return true;
  return actual.max && *actual.max <= *wanted.max;
}

[[noreturn]] void unlinkable(const Import& import, const std::string& why) {
  throw LinkError("import " + import.module + "." + import.name + ": " + why);
}

}  // namespace

Instance::Instance(std::shared_ptr<const Module> module, InstanceOptions options)
    : module_(std::move(module)), options_(options), state_(std::make_unique<State>()) {}

Instance::~Instance() = default;

std::shared_ptr<Instance> Instance::instantiate(std::shared_ptr<const Module> module,
                                                const Imports& imports, InstanceOptions options) {
  std::shared_ptr<Instance> instance(new Instance(std::move(module), options));
  instance->link(imports);
  instance->initialize();
  return instance;
}

void Instance::link(const Imports& imports) {
  const Module& m = *module_;
  State& s = *state_;
  std::string missing;
  for (const Import& import : m.imports) {
    if (!imports.find(import.module, import.name)) {
      missing += (missing.empty() ? "" : ", ") + import.module + "." + import.name;
    }
  }
  if (!missing.empty()) throw LinkError("unknown import: " + missing);

  for (const Import& import : m.imports) {
    const std::shared_ptr<const Imports::Definition> definition =
        imports.find(import.module, import.name);
    const Imports::Definition& d = *definition;
    // Host functions live in their definition; exported objects are kept by the exporter.
    s.keep_alive.push_back(definition);
    if (d.kind != import.kind) {
      unlinkable(import, "incompatible import type (a " + std::string(to_string(d.kind)) +
                             " where a " + std::string(to_string(import.kind)) + " is imported)");
    }
    switch (import.kind) {
      case ExternKind::Function:
        if (*d.function->type != m.types[import.function_type]) {
          unlinkable(import, "incompatible import type: " + d.function->type->to_string() +
                                 " where " + m.types[import.function_type].to_string() +
                                 " is imported");
        }
        s.functions.push_back(d.function);
        break;
      case ExternKind::Table:
        if (d.table->element_type() != import.table.element ||
            !limits_match(d.table->limits(), import.table.limits)) {
          unlinkable(import, "incompatible import type");
        }
        s.tables.push_back(d.table);
        break;
      case ExternKind::Memory:
        if (!limits_match(d.memory->limits(), import.memory.limits)) {
          unlinkable(import, "incompatible import type");
        }
        memory_ = d.memory;
        break;
      case ExternKind::Global:
        if (d.global->type().type != import.global.type ||
            d.global->type().is_mutable != import.global.is_mutable) {
          unlinkable(import, "incompatible import type");
        }
        s.globals.push_back(d.global);
        break;
    }
  }
}

namespace {

// Evaluates a validated constant expression: one instruction and `end`.
uint64_t evaluate(const Module& m, const Instance& instance, const ConstExpr& expr) {
  const auto& s = Internals::state(instance);
  static const ReadContext context{"constant expression", std::nullopt};
  ByteReader in(m.bytes(), expr.code.offset, size_t(expr.code.offset) + expr.code.size, context);
  CodeReader code(in);
  Instruction instruction;
  code.read(instruction);
  switch (instruction.opcode) {
    case Opcode::I32_CONST: return uint32_t(instruction.bits);
    case Opcode::I64_CONST:
    case Opcode::F32_CONST:
    case Opcode::F64_CONST: return instruction.bits;
    case Opcode::REF_NULL: return 0;
    case Opcode::REF_FUNC: return reinterpret_cast<uintptr_t>(s.functions[instruction.index]);
    case Opcode::GLOBAL_GET: return s.globals[instruction.index]->raw();
    default: return 0;  // v128.const: SIMD is refused at instantiation
  }
}

}  // namespace

void Instance::initialize() {
  const Module& m = *module_;
  State& s = *state_;
  if (m.uses_simd()) throw LinkError("SIMD (0xFD) instructions are not supported yet");

  std::vector<uint32_t> type_ids(m.types.size());
  for (size_t t = 0; t < m.types.size(); ++t) type_ids[t] = intern_function_type(m.types[t]);
  s.own_functions = std::make_unique<FunctionInstance[]>(m.functions.size());
  s.functions.reserve(m.function_count());
  for (uint32_t i = 0; i < m.functions.size(); ++i) {
    FunctionInstance& f = s.own_functions[i];
    f.index = m.imported_function_count() + i;
    f.type = &m.function_type(f.index);
    f.type_id = type_ids[m.function_type_index(f.index)];
    f.instance = this;
    s.functions.push_back(&f);
  }
  for (const TableType& t : m.tables) s.tables.push_back(std::make_shared<Table>(t));
  for (const MemoryType& mt : m.memories) {
    if (mt.limits.min > options_.max_memory_pages) {
      throw LinkError("the module's memory starts at " + std::to_string(mt.limits.min) +
                      " pages, above the limit of " + std::to_string(options_.max_memory_pages) +
                      " pages (64 KiB each)");
    }
    try {
      memory_ = std::make_shared<Memory>(mt.limits, options_.max_memory_pages);
    } catch (const std::bad_alloc&) {
      throw LinkError("cannot allocate memory of " + std::to_string(mt.limits.min) + " pages");
    }
  }
  for (const GlobalDefinition& g : m.globals) {
    s.globals.push_back(std::make_shared<Global>(
        g.type, Value::from_bits(g.type.type, evaluate(m, *this, g.init))));
  }
  // Before the segments: a trap in them leaves functions of this instance
  // in imported tables, callable from then on.
  s.engine = default_engine().instantiate(*this);
  s.dropped_elements.assign(m.elements.size(), false);
  s.dropped_data.assign(m.data.size(), false);

  // Segments are applied in order; the first out-of-bounds one traps and
  // leaves the earlier ones applied, as the specification requires.
  for (uint32_t i = 0; i < m.elements.size(); ++i) {
    const ElementSegment& segment = m.elements[i];
    if (segment.mode == SegmentMode::Passive) continue;
    s.dropped_elements[i] = true;
    if (segment.mode == SegmentMode::Declarative) continue;
    const uint64_t offset = uint32_t(evaluate(m, *this, segment.offset));
    Table& table = *s.tables[segment.table];
    if (offset + segment.size() > table.size()) {
      throw InstantiationTrap(Trap::of(TrapKind::OutOfBoundsTableAccess), shared_from_this());
    }
    for (size_t k = 0; k < segment.size(); ++k) table.raw()[offset + k] = element_value(i, k);
  }
  for (uint32_t i = 0; i < m.data.size(); ++i) {
    const DataSegment& segment = m.data[i];
    if (segment.mode != SegmentMode::Active) continue;
    s.dropped_data[i] = true;
    const uint64_t offset = uint32_t(evaluate(m, *this, segment.offset));
    if (offset + segment.bytes.size > memory_->size()) {
      throw InstantiationTrap(Trap::of(TrapKind::OutOfBoundsMemoryAccess), shared_from_this());
    }
    // An empty segment may meet a memory of 0 pages, whose base is null:
    // no memcpy then, which must not see a null pointer even for 0 bytes.
    if (segment.bytes.size > 0) {
      std::memcpy(memory_->data() + offset, m.bytes().data() + segment.bytes.offset,
                  segment.bytes.size);
    }
  }

  if (m.start) {
    CallResult result = call(*s.functions[*m.start], {});
    if (result.trap) throw InstantiationTrap(std::move(*result.trap), shared_from_this());
  }
}

uint64_t Instance::element_value(uint32_t segment_index, size_t item) const {
  const ElementSegment& segment = module_->elements[segment_index];
  if (auto* indices = std::get_if<std::vector<uint32_t>>(&segment.items)) {
    return reinterpret_cast<uintptr_t>(state_->functions[(*indices)[item]]);
  }
  return evaluate(*module_, *this, std::get<std::vector<ConstExpr>>(segment.items)[item]);
}

const FunctionInstance* Instance::exported_function(std::string_view name) const {
  const Export* e = module_->find_export(name);
  if (!e || e->kind != ExternKind::Function) return nullptr;
  return state_->functions[e->index];
}

const FuncType& Instance::function_type(const FunctionInstance& function) const {
  return *function.type;
}

CallResult call_function(const FunctionInstance& f, std::span<const Value> args, Instance* caller) {
  const FuncType& type = *f.type;
  CallResult result;
  if (args.size() != type.params.size()) {
    result.trap = Trap::host("expected " + std::to_string(type.params.size()) + " arguments, got " +
                             std::to_string(args.size()));
    return result;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i]) {
      result.trap = Trap::host("argument " + std::to_string(i) + " is " +
                               std::string(to_string(args[i].type())) + ", expected " +
                               std::string(to_string(type.params[i])));
      return result;
    }
  }
  if (f.host) {
    result.results.resize(type.results.size());
    HostCall call{caller, args, result.results};
    result.trap = (*f.host)(call);
    return result;
  }
  return Internals::state(*f.instance).engine->call(f, args);
}

CallResult Instance::call(const FunctionInstance& function, std::span<const Value> args) {
  return call_function(function, args, this);
}

CallResult Instance::call(std::string_view export_name, std::span<const Value> args) {
  const FunctionInstance* f = exported_function(export_name);
  if (!f)
    return CallResult{{}, Trap::host("no exported function named " + std::string(export_name))};
  return call(*f, args);
}

std::span<std::byte> Instance::memory() {
  if (!memory_) return {};
  return std::span(reinterpret_cast<std::byte*>(memory_->data()), size_t(memory_->size()));
}

std::shared_ptr<Global> Instance::exported_global(std::string_view name) const {
  const Export* e = module_->find_export(name);
  return e && e->kind == ExternKind::Global ? state_->globals[e->index] : nullptr;
}

std::shared_ptr<Table> Instance::exported_table(std::string_view name) const {
  const Export* e = module_->find_export(name);
  return e && e->kind == ExternKind::Table ? state_->tables[e->index] : nullptr;
}

std::shared_ptr<Memory> Instance::exported_memory(std::string_view name) const {
  const Export* e = module_->find_export(name);
  return e && e->kind == ExternKind::Memory ? memory_ : nullptr;
}

std::optional<Value> Instance::global(std::string_view export_name) const {
  const std::shared_ptr<Global> g = exported_global(export_name);
  if (!g) return std::nullopt;
  return g->get();
}

bool Instance::set_global(std::string_view export_name, const Value& value) {
  const std::shared_ptr<Global> g = exported_global(export_name);
  return g && g->set(value);
}

}  // namespace gowasm
