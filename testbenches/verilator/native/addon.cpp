// Node-API harness around one Verilated model (class `Vmodel`, reached only
// through the extern "C" functions of glue.cpp, so this file does not
// depend on the design and is compiled once per Verilator version and flags).
//
// Every public variable of the model (see the .vlt file the TypeScript side
// writes) is handed to JavaScript as a view into the model's own memory: a few
// external ArrayBuffers cover all of them, so poke and peek are plain typed-array
// accesses with no call into C++. Only eval, step and batch runs cross over.
#include <node_api.h>
// cycle() is a plain V8 function (see makeCycle): the one call per cycle of
// the reactive mode, where Node-API's own wrapping cost about half the time.
#include <v8.h>

#include "verilated.h"
#include "verilated_syms.h"

#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
void* sf_model_new(VerilatedContext* contextp);
void sf_model_eval(void* modelp);
void sf_model_eval_cycle(void* modelp);
void sf_model_final(void* modelp);
void sf_model_delete(void* modelp);
void sf_model_powerup_edges(void* modelp, int level);
int sf_model_trigger_count();
}

namespace {

// Storage kinds, as JavaScript sees them: 1/2/4/8-byte integers or 32-bit words.
enum Kind : int32_t { K_U8 = 1, K_U16 = 2, K_U32 = 4, K_U64 = 8, K_WIDE = 0 };

struct Var {
    std::string name;  // scope name (without the model prefix) + '.' + variable name
    uint8_t* data;
    Kind kind;
    int32_t width;  // packed bits
    int32_t words;  // 32-bit words per element
    int32_t entSize;  // bytes per element
    int32_t depth;  // unpacked elements, 0 for a plain variable
    int32_t low;  // lowest unpacked index
    bool rw;
    int32_t region = 0;
    int32_t offset = 0;
};

struct Instance {
    VerilatedContext* contextp = nullptr;
    void* modelp = nullptr;
    std::vector<Var> vars;
    std::vector<napi_ref> buffers;
    uint8_t* clock = nullptr;  // CData of the clock input, or null
    // Whether an edge first settles the pokes in an eval of their own: only
    // needed when the model has event triggers besides the clock (see edge()).
    bool settleFirst = true;
    // Rising edges applied: a double in an ArrayBuffer that is a read-only
    // property ('counter') of the instance object, so JavaScript reads the
    // count without a call; edges only happen while that object is alive.
    double* cycles = nullptr;
    bool closed = false;
};

#define NAPI_OK(call)                                                  \
    do {                                                               \
        if ((call) != napi_ok) {                                       \
            napi_throw_error(env, nullptr, "node-api call failed: " #call); \
            return nullptr;                                            \
        }                                                              \
    } while (0)

// The instance whose context is the thread's current one. Reading
// Verilated::threadContextp() is a __tls_get_addr call in a shared object, so
// every call into the addon would pay for it; this file's own copy of the
// Verilator runtime is the only code that sets it (each model.node links its
// own); the thread is compared too (worker threads), pthread_self() being a
// plain register read.
Instance* g_entered = nullptr;
pthread_t g_enteredThread{};

inline void enter(Instance* in) {
    const pthread_t me = pthread_self();
    if (g_entered != in || !pthread_equal(g_enteredThread, me)) {
        Verilated::threadContextp(in->contextp);
        g_entered = in;
        g_enteredThread = me;
    }
}

inline void evalModel(Instance* in) { sf_model_eval(in->modelp); }

// One rising edge. The inputs poked since the last eval settle first, in an
// eval of their own: otherwise a changed asynchronous reset and the clock edge
// land in one eval and registers sample pre-reset values (found by the fuzzer).
// The clock then goes low again (a third eval), as in the other back ends,
// where the clock reads 0 between steps.
// With the clock as the only trigger the settling eval changes nothing: the
// edge's own eval settles the inputs' combinational logic (Verilator's 'ico'
// region) before the clocked processes, so it is skipped.
inline void edge(Instance* in) {
    (*in->cycles)++;
    if (in->clock) {
        if (in->settleFirst) sf_model_eval_cycle(in->modelp);
        *in->clock = 1;
        sf_model_eval_cycle(in->modelp);
        *in->clock = 0;
    }
    sf_model_eval_cycle(in->modelp);
}

// Word-level copy between a variable and a stream of little-endian 32-bit words.
inline void storeWords(const Var& v, const uint32_t* src) {
    switch (v.kind) {
    case K_U8: *v.data = static_cast<uint8_t>(src[0] & ((1u << v.width) - 1u)); break;
    case K_U16: *reinterpret_cast<uint16_t*>(v.data) = static_cast<uint16_t>(src[0] & ((1u << v.width) - 1u)); break;
    case K_U32:
        *reinterpret_cast<uint32_t*>(v.data) = v.width == 32 ? src[0] : src[0] & ((1u << v.width) - 1u);
        break;
    case K_U64: {
        uint64_t x = static_cast<uint64_t>(src[0]) | (static_cast<uint64_t>(src[1]) << 32);
        if (v.width < 64) x &= (1ull << v.width) - 1ull;
        *reinterpret_cast<uint64_t*>(v.data) = x;
        break;
    }
    default: {
        uint32_t* w = reinterpret_cast<uint32_t*>(v.data);
        for (int32_t i = 0; i < v.words; i++) w[i] = src[i];
        const int32_t top = v.width % 32;
        if (top) w[v.words - 1] &= (1u << top) - 1u;
    }
    }
}

inline void loadWords(const Var& v, uint32_t* dst) {
    switch (v.kind) {
    case K_U8: dst[0] = *v.data; break;
    case K_U16: dst[0] = *reinterpret_cast<const uint16_t*>(v.data); break;
    case K_U32: dst[0] = *reinterpret_cast<const uint32_t*>(v.data); break;
    case K_U64: {
        const uint64_t x = *reinterpret_cast<const uint64_t*>(v.data);
        dst[0] = static_cast<uint32_t>(x);
        dst[1] = static_cast<uint32_t>(x >> 32);
        break;
    }
    default: std::memcpy(dst, v.data, static_cast<size_t>(v.words) * 4);
    }
}

Instance* self(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
    void* data = nullptr;
    if (napi_get_cb_info(env, info, argc, argv, nullptr, &data) != napi_ok) return nullptr;
    Instance* in = static_cast<Instance*>(data);
    if (in->closed) {
        napi_throw_error(env, nullptr, "this Verilator model is closed");
        return nullptr;
    }
    enter(in);
    return in;
}

napi_value jsEval(napi_env env, napi_callback_info info) {
    size_t argc = 0;
    Instance* in = self(env, info, &argc, nullptr);
    if (!in) return nullptr;
    evalModel(in);
    return nullptr;
}

// powerUp(): the first evaluation, then the edges an event-driven simulator
// sees at time 0 (x->1, then x->0) on every trigger signal other than a rising
// clock, so asynchronous resets asserted at power-up act at once (glue.cpp).
napi_value jsPowerUp(napi_env env, napi_callback_info info) {
    size_t argc = 0;
    Instance* in = self(env, info, &argc, nullptr);
    if (!in) return nullptr;
    if (in->clock) *in->clock = 0;
    evalModel(in);
    sf_model_powerup_edges(in->modelp, 1);
    evalModel(in);
    sf_model_powerup_edges(in->modelp, 0);
    evalModel(in);
    return nullptr;
}

// step(n): n rising edges.
napi_value jsStep(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    Instance* in = self(env, info, &argc, argv);
    if (!in) return nullptr;
    double n = 1;
    if (argc >= 1) NAPI_OK(napi_get_value_double(env, argv[0], &n));
    for (double i = 0; i < n; i++) edge(in);
    return nullptr;
}

// setClock(varIndex | -1)
napi_value jsSetClock(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    Instance* in = self(env, info, &argc, argv);
    if (!in) return nullptr;
    int32_t idx = -1;
    NAPI_OK(napi_get_value_int32(env, argv[0], &idx));
    if (idx < 0) {
        in->clock = nullptr;
    } else {
        if (idx >= static_cast<int32_t>(in->vars.size()) || in->vars[idx].kind != K_U8 || in->vars[idx].depth != 0) {
            napi_throw_error(env, nullptr, "setClock: not a 1-bit variable");
            return nullptr;
        }
        in->clock = in->vars[idx].data;
    }
    return nullptr;
}

uint32_t* typedArrayData(napi_env env, napi_value v, size_t* length, napi_typedarray_type want) {
    napi_typedarray_type type;
    void* data = nullptr;
    napi_value ab;
    size_t off;
    if (napi_get_typedarray_info(env, v, &type, length, &data, &ab, &off) != napi_ok || type != want) return nullptr;
    return static_cast<uint32_t*>(data);
}

// run(inputs: Int32Array, stimulus: Uint32Array, cycles, observe: Int32Array, out: Uint32Array)
// Per cycle: store the inputs' words, one rising edge, load the observed words.
napi_value jsRun(napi_env env, napi_callback_info info) {
    size_t argc = 5;
    napi_value argv[5];
    Instance* in = self(env, info, &argc, argv);
    if (!in) return nullptr;
    if (argc < 5) {
        napi_throw_type_error(env, nullptr, "run: five arguments expected");
        return nullptr;
    }
    size_t nIn = 0, nStim = 0, nObs = 0, nOut = 0;
    const int32_t* inIdx = reinterpret_cast<const int32_t*>(typedArrayData(env, argv[0], &nIn, napi_int32_array));
    const uint32_t* stim = typedArrayData(env, argv[1], &nStim, napi_uint32_array);
    double cyclesD = 0;
    NAPI_OK(napi_get_value_double(env, argv[2], &cyclesD));
    const int32_t* obsIdx = reinterpret_cast<const int32_t*>(typedArrayData(env, argv[3], &nObs, napi_int32_array));
    uint32_t* out = typedArrayData(env, argv[4], &nOut, napi_uint32_array);
    if ((!inIdx && nIn) || (!stim && nStim) || (!obsIdx && nObs) || (!out && nOut)) {
        napi_throw_type_error(env, nullptr, "run: argument of the wrong typed-array type");
        return nullptr;
    }
    const size_t cycles = static_cast<size_t>(cyclesD);
    std::vector<const Var*> ins, obs;
    size_t inWords = 0, obsWords = 0;
    for (size_t i = 0; i < nIn; i++) {
        if (inIdx[i] < 0 || inIdx[i] >= static_cast<int32_t>(in->vars.size())) {
            napi_throw_range_error(env, nullptr, "run: bad input index");
            return nullptr;
        }
        ins.push_back(&in->vars[inIdx[i]]);
        inWords += in->vars[inIdx[i]].words;
    }
    for (size_t i = 0; i < nObs; i++) {
        if (obsIdx[i] < 0 || obsIdx[i] >= static_cast<int32_t>(in->vars.size())) {
            napi_throw_range_error(env, nullptr, "run: bad observe index");
            return nullptr;
        }
        obs.push_back(&in->vars[obsIdx[i]]);
        obsWords += in->vars[obsIdx[i]].words;
    }
    if (nStim < inWords * cycles || nOut < obsWords * cycles) {
        napi_throw_range_error(env, nullptr, "run: stimulus or result array too short");
        return nullptr;
    }
    for (size_t c = 0; c < cycles; c++) {
        for (const Var* v : ins) {
            storeWords(*v, stim);
            stim += v->words;
        }
        edge(in);
        for (const Var* v : obs) {
            loadWords(*v, out);
            out += v->words;
        }
    }
    return nullptr;
}

napi_value setInt(napi_env env, napi_value arr, uint32_t i, int32_t x);

// Whether a stream value fits its variable: no bits above the width.
inline bool fitsWidth(const Var& v, const uint32_t* src) {
    const int32_t top = v.width % 32;
    return top == 0 || (src[v.words - 1] >> top) == 0;
}

// The variables named by an Int32Array of indices, or null (an exception is pending).
bool varsOf(napi_env env, Instance* in, napi_value arr, std::vector<const Var*>& out, const char* what) {
    size_t n = 0;
    const int32_t* idx = reinterpret_cast<const int32_t*>(typedArrayData(env, arr, &n, napi_int32_array));
    if (!idx && n) {
        napi_throw_type_error(env, nullptr, what);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (idx[i] < 0 || idx[i] >= static_cast<int32_t>(in->vars.size())) {
            napi_throw_range_error(env, nullptr, what);
            return false;
        }
        out.push_back(&in->vars[idx[i]]);
    }
    return true;
}

// The data of every Uint32Array of a JS array, each at least `cycles` values of its variable long.
bool columnsOf(napi_env env, napi_value arr, const std::vector<const Var*>& vars, size_t cycles, std::vector<uint32_t*>& out) {
    uint32_t n = 0;
    if (napi_get_array_length(env, arr, &n) != napi_ok || n != vars.size()) {
        napi_throw_type_error(env, nullptr, "runColumns: one Uint32Array per variable expected");
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        napi_value col;
        size_t len = 0;
        if (napi_get_element(env, arr, i, &col) != napi_ok) return false;
        uint32_t* data = typedArrayData(env, col, &len, napi_uint32_array);
        if ((!data && len) || len < cycles * static_cast<size_t>(vars[i]->words)) {
            napi_throw_range_error(env, nullptr, "runColumns: a column is not a Uint32Array of cycles x words");
            return false;
        }
        out.push_back(data);
    }
    return true;
}

// runColumns(inputs: Int32Array, columns: Uint32Array[], cycles, observe: Int32Array, out: Uint32Array[])
// One call for the whole batch: column j holds input j's words cycle after
// cycle, out[i] receives observed variable i's. Returns undefined, or
// [input, cycle] of the first value with bits above its width (then nothing runs).
napi_value jsRunColumns(napi_env env, napi_callback_info info) {
    size_t argc = 5;
    napi_value argv[5];
    Instance* in = self(env, info, &argc, argv);
    if (!in) return nullptr;
    if (argc < 5) {
        napi_throw_type_error(env, nullptr, "runColumns: five arguments expected");
        return nullptr;
    }
    double cyclesD = 0;
    NAPI_OK(napi_get_value_double(env, argv[2], &cyclesD));
    const size_t cycles = static_cast<size_t>(cyclesD);
    std::vector<const Var*> ins, obs;
    std::vector<uint32_t*> src, dst;
    if (!varsOf(env, in, argv[0], ins, "runColumns: bad input index") || !varsOf(env, in, argv[3], obs, "runColumns: bad observe index")
        || !columnsOf(env, argv[1], ins, cycles, src) || !columnsOf(env, argv[4], obs, cycles, dst))
        return nullptr;
    for (size_t j = 0; j < ins.size(); j++) {
        const Var& v = *ins[j];
        if (v.width % 32 == 0) continue;
        for (size_t c = 0; c < cycles; c++) {
            if (!fitsWidth(v, src[j] + c * v.words)) {
                napi_value pair;
                NAPI_OK(napi_create_array_with_length(env, 2, &pair));
                if (!setInt(env, pair, 0, static_cast<int32_t>(j)) || !setInt(env, pair, 1, static_cast<int32_t>(c))) return nullptr;
                return pair;
            }
        }
    }
    for (size_t c = 0; c < cycles; c++) {
        for (size_t j = 0; j < ins.size(); j++) {
            storeWords(*ins[j], src[j]);
            src[j] += ins[j]->words;
        }
        edge(in);
        for (size_t i = 0; i < obs.size(); i++) {
            loadWords(*obs[i], dst[i]);
            dst[i] += obs[i]->words;
        }
    }
    return nullptr;
}

// A bound set of inputs and outputs: raw pointers into two ArrayBuffers that
// JavaScript shares, so cycle() takes no arguments and converts nothing.
struct Binding {
    Instance* in = nullptr;
    std::vector<const Var*> ins, obs;
    // The inputs whose width is not a multiple of 32: the buffer word holding
    // their top bits, and the shift that leaves only the bits above the width.
    std::vector<std::pair<uint32_t, uint32_t>> checks;
    std::vector<uint32_t> checkInput;  // the input each check belongs to
    std::vector<std::string> tooWide;  // per input: the error for a value wider than it
    uint32_t* inBuf = nullptr;
    uint32_t* outBuf = nullptr;
    std::vector<napi_ref> refs;  // the instance object and both buffers stay alive while the binding does
};

void finalizeBinding(napi_env env, void* data, void*) {
    Binding* b = static_cast<Binding*>(data);
    for (napi_ref r : b->refs) napi_delete_reference(env, r);
    delete b;
}

// One bound cycle: store the inputs (after checking all of them), one rising
// edge, load the observed variables. Returns null, or the error to throw
// (`range`: a RangeError).
const char* bindingCycle(Binding* b, bool* range) {
    Instance* in = b->in;
    if (in->closed) {
        *range = false;
        return "this simulator is closed";
    }
    enter(in);
    const uint32_t* src = b->inBuf;
    for (size_t k = 0; k < b->checks.size(); k++) {
        if (src[b->checks[k].first] >> b->checks[k].second) {
            *range = true;
            return b->tooWide[b->checkInput[k]].c_str();
        }
    }
    for (const Var* v : b->ins) {
        storeWords(*v, src);
        src += v->words;
    }
    edge(in);
    uint32_t* dst = b->outBuf;
    for (const Var* v : b->obs) {
        loadWords(*v, dst);
        dst += v->words;
    }
    return nullptr;
}

// cycle() through Node-API (the fallback of makeCycle).
napi_value jsCycle(napi_env env, napi_callback_info info) {
    void* data = nullptr;
    size_t argc = 0;
    if (napi_get_cb_info(env, info, &argc, nullptr, nullptr, &data) != napi_ok) return nullptr;
    bool range = false;
    if (const char* err = bindingCycle(static_cast<Binding*>(data), &range)) {
        if (range) napi_throw_range_error(env, nullptr, err);
        else napi_throw_error(env, nullptr, err);
    }
    return nullptr;
}

void throwV8(v8::Isolate* iso, const char* msg, bool range) {
    v8::Local<v8::String> s = v8::String::NewFromUtf8(iso, msg).ToLocalChecked();
    iso->ThrowException(range ? v8::Exception::RangeError(s) : v8::Exception::Error(s));
}

// cycle() as a V8 callback: without Node-API's per-call wrapping (environment
// scope, error bookkeeping, exception check), which cost about as much as a
// small model's cycle (the 4096-word RAM: ~24 ns).
void v8Cycle(const v8::FunctionCallbackInfo<v8::Value>& info) {
    bool range = false;
    if (const char* err = bindingCycle(static_cast<Binding*>(info.Data().As<v8::External>()->Value()), &range)) throwV8(info.GetIsolate(), err, range);
}

// The cycle function for a binding, as a napi_value: Node-API represents a
// value by the address of its V8 local handle (v8impl::JsValueFromV8LocalValue
// in Node's js_native_api_v8.h), and this runs inside a Node-API callback's
// handle scope. Falls back to the Node-API function when V8 refuses.
napi_value makeCycle(napi_env env, Binding* b) {
    v8::Isolate* iso = v8::Isolate::GetCurrent();
    v8::Local<v8::Function> f;
    if (iso && v8::Function::New(iso->GetCurrentContext(), v8Cycle, v8::External::New(iso, b), 0, v8::ConstructorBehavior::kThrow).ToLocal(&f)) {
        return reinterpret_cast<napi_value>(*f);
    }
    napi_value fn = nullptr;
    if (napi_create_function(env, "cycle", NAPI_AUTO_LENGTH, jsCycle, b, &fn) != napi_ok) return nullptr;
    return fn;
}

// bind(inputs: Int32Array, inBuf: Uint32Array, observe: Int32Array, outBuf: Uint32Array, tooWide: string[]) -> cycle
napi_value jsBind(napi_env env, napi_callback_info info) {
    size_t argc = 5;
    napi_value argv[5];
    napi_value thisObj;
    void* data = nullptr;
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, &thisObj, &data));
    Instance* in = self(env, info, &argc, argv);
    if (!in) return nullptr;
    if (argc < 5) {
        napi_throw_type_error(env, nullptr, "bind: five arguments expected");
        return nullptr;
    }
    Binding* b = new Binding;
    b->in = in;
    size_t nInBuf = 0, nOutBuf = 0;
    b->inBuf = typedArrayData(env, argv[1], &nInBuf, napi_uint32_array);
    b->outBuf = typedArrayData(env, argv[3], &nOutBuf, napi_uint32_array);
    bool ok = varsOf(env, in, argv[0], b->ins, "bind: bad input index") && varsOf(env, in, argv[2], b->obs, "bind: bad observe index");
    if (ok) {
        size_t inWords = 0, outWords = 0;
        for (const Var* v : b->ins) inWords += v->words;
        for (const Var* v : b->obs) outWords += v->words;
        uint32_t at = 0;
        for (size_t j = 0; j < b->ins.size(); j++) {
            const Var& v = *b->ins[j];
            if (v.width % 32) {
                b->checks.emplace_back(at + v.words - 1, static_cast<uint32_t>(v.width % 32));
                b->checkInput.push_back(static_cast<uint32_t>(j));
            }
            at += v.words;
        }
        if ((!b->inBuf && inWords) || (!b->outBuf && outWords) || nInBuf != inWords || nOutBuf != outWords) {
            napi_throw_range_error(env, nullptr, "bind: the buffers must be Uint32Arrays of exactly the bound words");
            ok = false;
        }
    }
    uint32_t nMsg = 0;
    if (ok && (napi_get_array_length(env, argv[4], &nMsg) != napi_ok || nMsg != b->ins.size())) {
        napi_throw_type_error(env, nullptr, "bind: one message per input expected");
        ok = false;
    }
    for (uint32_t i = 0; ok && i < nMsg; i++) {
        napi_value s;
        size_t len = 0;
        ok = napi_get_element(env, argv[4], i, &s) == napi_ok && napi_get_value_string_utf8(env, s, nullptr, 0, &len) == napi_ok;
        if (ok) {
            std::string str(len, '\0');
            ok = napi_get_value_string_utf8(env, s, &str[0], len + 1, &len) == napi_ok;
            b->tooWide.push_back(str);
        }
    }
    napi_value fn = nullptr;
    if (ok) ok = (fn = makeCycle(env, b)) != nullptr;
    for (napi_value keep : {thisObj, argv[1], argv[3]}) {
        napi_ref r;
        if (ok) ok = napi_create_reference(env, keep, 1, &r) == napi_ok;
        if (ok) b->refs.push_back(r);
    }
    if (ok) ok = napi_add_finalizer(env, fn, b, finalizeBinding, nullptr, nullptr) == napi_ok;
    if (!ok) {
        for (napi_ref r : b->refs) napi_delete_reference(env, r);
        delete b;
        bool pending = false;
        napi_is_exception_pending(env, &pending);
        if (!pending) napi_throw_error(env, nullptr, "bind: node-api call failed");
        return nullptr;
    }
    return fn;
}

// cycles(): rising edges applied since creation.
napi_value jsCycles(napi_env env, napi_callback_info info) {
    size_t argc = 0;
    Instance* in = self(env, info, &argc, nullptr);
    if (!in) return nullptr;
    napi_value v;
    NAPI_OK(napi_create_double(env, *in->cycles, &v));
    return v;
}

void freeInstance(Instance* in) {
    if (in->modelp) {
        enter(in);
        sf_model_final(in->modelp);
        sf_model_delete(in->modelp);
        in->modelp = nullptr;
    }
    if (in->contextp) {
        if (Verilated::threadContextp() == in->contextp) Verilated::threadContextp(nullptr);
        if (g_entered == in) g_entered = nullptr;
        delete in->contextp;
        in->contextp = nullptr;
    }
}

napi_value jsClose(napi_env env, napi_callback_info info) {
    void* data = nullptr;
    size_t argc = 0;
    NAPI_OK(napi_get_cb_info(env, info, &argc, nullptr, nullptr, &data));
    Instance* in = static_cast<Instance*>(data);
    if (in->closed) return nullptr;
    in->closed = true;
    // Views into the model must not outlive it: detach them before freeing.
    for (napi_ref r : in->buffers) {
        napi_value ab;
        if (napi_get_reference_value(env, r, &ab) == napi_ok && ab) napi_detach_arraybuffer(env, ab);
        napi_delete_reference(env, r);
    }
    in->buffers.clear();
    freeInstance(in);
    return nullptr;
}

void finalizeInstance(napi_env, void* data, void*) {
    Instance* in = static_cast<Instance*>(data);
    if (!in->closed) freeInstance(in);  // references die with the environment
    delete in;
}

Kind kindOf(VerilatedVarType t) {
    switch (t) {
    case VLVT_UINT8: return K_U8;
    case VLVT_UINT16: return K_U16;
    case VLVT_UINT32: return K_U32;
    case VLVT_UINT64: return K_U64;
    default: return K_WIDE;
    }
}

napi_value setInt(napi_env env, napi_value arr, uint32_t i, int32_t x) {
    napi_value v;
    if (napi_create_int32(env, x, &v) != napi_ok) return nullptr;
    if (napi_set_element(env, arr, i, v) != napi_ok) return nullptr;
    return v;
}

// create(plusargs: string[]) -> { vars, buffers, eval, powerUp, step, setClock, run, close }
// vars[i] = [name, kind, width, words, depth, low, rw, buffer, byteOffset, entSize]
napi_value jsCreate(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
    std::vector<std::string> args{"spikeforge"};
    if (argc >= 1) {
        uint32_t n = 0;
        NAPI_OK(napi_get_array_length(env, argv[0], &n));
        for (uint32_t i = 0; i < n; i++) {
            napi_value s;
            NAPI_OK(napi_get_element(env, argv[0], i, &s));
            size_t len = 0;
            NAPI_OK(napi_get_value_string_utf8(env, s, nullptr, 0, &len));
            std::string str(len, '\0');
            NAPI_OK(napi_get_value_string_utf8(env, s, &str[0], len + 1, &len));
            args.push_back(str);
        }
    }
    std::vector<const char*> cargs;
    for (const std::string& a : args) cargs.push_back(a.c_str());

    Instance* in = new Instance;
    in->contextp = new VerilatedContext;
    in->contextp->fatalOnError(false);
    in->contextp->commandArgs(static_cast<int>(cargs.size()), cargs.data());
    Verilated::threadContextp(in->contextp);  // random reset draws from the thread's context
    g_entered = in;
    g_enteredThread = pthread_self();
    in->modelp = sf_model_new(in->contextp);
    in->settleFirst = sf_model_trigger_count() != 1;  // exactly one trigger: the clock

    // Every public variable of every scope; scope names start with the model name "TOP".
    const VerilatedScopeNameMap* scopes = in->contextp->scopeNameMap();
    if (scopes) {
        for (const auto& sc : *scopes) {
            const VerilatedVarNameMap* vars = sc.second->varsp();
            if (!vars) continue;
            for (const auto& vv : *vars) {
                const VerilatedVar& var = vv.second;
                if (var.isParam() || var.udims() > 1) continue;
                const VerilatedVarType t = var.vltype();
                if (t != VLVT_UINT8 && t != VLVT_UINT16 && t != VLVT_UINT32 && t != VLVT_UINT64 && t != VLVT_WDATA) continue;
                Var v;
                v.name = std::string(sc.first) + "." + vv.first;
                v.data = static_cast<uint8_t*>(var.datap());
                v.kind = kindOf(t);
                v.width = var.dims() - var.udims() > 0 ? var.packed().elements() : 1;
                v.words = (v.width + 31) / 32;
                v.entSize = v.kind == K_WIDE ? v.words * 4 : static_cast<int32_t>(v.kind);
                v.depth = var.udims() == 1 ? var.unpacked().elements() : 0;
                v.low = var.udims() == 1 ? var.unpacked().low() : 0;
                v.rw = var.isPublicRW();
                in->vars.push_back(v);
            }
        }
    }

    // Group the variables' bytes into non-overlapping regions, 8-byte aligned at
    // the start so that every view keeps its natural alignment.
    std::vector<size_t> order(in->vars.size());
    for (size_t i = 0; i < order.size(); i++) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return in->vars[a].data < in->vars[b].data; });
    struct Region {
        uintptr_t lo, hi;
    };
    std::vector<Region> regions;
    for (size_t k : order) {
        Var& v = in->vars[k];
        const uintptr_t lo = reinterpret_cast<uintptr_t>(v.data) & ~static_cast<uintptr_t>(7);
        const uintptr_t hi = reinterpret_cast<uintptr_t>(v.data) + static_cast<uintptr_t>(v.entSize) * (v.depth ? v.depth : 1);
        if (regions.empty() || lo > regions.back().hi + 256) {
            regions.push_back({lo, hi});
        } else {
            regions.back().hi = std::max(regions.back().hi, hi);
        }
        v.region = static_cast<int32_t>(regions.size() - 1);
    }
    for (Var& v : in->vars) v.offset = static_cast<int32_t>(reinterpret_cast<uintptr_t>(v.data) - regions[v.region].lo);

    napi_value obj, varsArr, bufArr;
    NAPI_OK(napi_create_object(env, &obj));
    NAPI_OK(napi_wrap(env, obj, in, finalizeInstance, nullptr, nullptr));
    NAPI_OK(napi_create_array_with_length(env, regions.size(), &bufArr));
    for (size_t i = 0; i < regions.size(); i++) {
        napi_value ab;
        NAPI_OK(napi_create_external_arraybuffer(env, reinterpret_cast<void*>(regions[i].lo), regions[i].hi - regions[i].lo,
                                                 nullptr, nullptr, &ab));
        napi_ref ref;
        NAPI_OK(napi_create_reference(env, ab, 1, &ref));
        in->buffers.push_back(ref);
        NAPI_OK(napi_set_element(env, bufArr, static_cast<uint32_t>(i), ab));
    }
    NAPI_OK(napi_create_array_with_length(env, in->vars.size(), &varsArr));
    for (size_t i = 0; i < in->vars.size(); i++) {
        const Var& v = in->vars[i];
        napi_value row, name, rw;
        NAPI_OK(napi_create_array_with_length(env, 10, &row));
        NAPI_OK(napi_create_string_utf8(env, v.name.c_str(), v.name.size(), &name));
        NAPI_OK(napi_set_element(env, row, 0, name));
        if (!setInt(env, row, 1, v.kind) || !setInt(env, row, 2, v.width) || !setInt(env, row, 3, v.words)
            || !setInt(env, row, 4, v.depth) || !setInt(env, row, 5, v.low))
            return nullptr;
        NAPI_OK(napi_get_boolean(env, v.rw, &rw));
        NAPI_OK(napi_set_element(env, row, 6, rw));
        if (!setInt(env, row, 7, v.region) || !setInt(env, row, 8, v.offset) || !setInt(env, row, 9, v.entSize)) return nullptr;
        NAPI_OK(napi_set_element(env, varsArr, static_cast<uint32_t>(i), row));
    }
    NAPI_OK(napi_set_named_property(env, obj, "vars", varsArr));
    NAPI_OK(napi_set_named_property(env, obj, "buffers", bufArr));
    napi_value counter;
    void* counterData = nullptr;
    NAPI_OK(napi_create_arraybuffer(env, sizeof(double), &counterData, &counter));
    in->cycles = static_cast<double*>(counterData);
    *in->cycles = 0;
    napi_property_descriptor methods[] = {
        {"eval", nullptr, jsEval, nullptr, nullptr, nullptr, napi_default, in},
        {"powerUp", nullptr, jsPowerUp, nullptr, nullptr, nullptr, napi_default, in},
        {"step", nullptr, jsStep, nullptr, nullptr, nullptr, napi_default, in},
        {"setClock", nullptr, jsSetClock, nullptr, nullptr, nullptr, napi_default, in},
        {"run", nullptr, jsRun, nullptr, nullptr, nullptr, napi_default, in},
        {"runColumns", nullptr, jsRunColumns, nullptr, nullptr, nullptr, napi_default, in},
        {"bind", nullptr, jsBind, nullptr, nullptr, nullptr, napi_default, in},
        {"cycles", nullptr, jsCycles, nullptr, nullptr, nullptr, napi_default, in},
        {"counter", nullptr, nullptr, nullptr, nullptr, counter, napi_default, nullptr},
        {"close", nullptr, jsClose, nullptr, nullptr, nullptr, napi_default, in},
    };
    NAPI_OK(napi_define_properties(env, obj, sizeof(methods) / sizeof(methods[0]), methods));
    return obj;
}

napi_value jsVersion(napi_env env, napi_callback_info) {
    napi_value v;
    NAPI_OK(napi_create_string_utf8(env, Verilated::productVersion(), NAPI_AUTO_LENGTH, &v));
    return v;
}

}  // namespace

NAPI_MODULE_INIT() {
    napi_value fn;
    if (napi_create_function(env, "create", NAPI_AUTO_LENGTH, jsCreate, nullptr, &fn) != napi_ok) return nullptr;
    if (napi_set_named_property(env, exports, "create", fn) != napi_ok) return nullptr;
    if (napi_create_function(env, "verilatorVersion", NAPI_AUTO_LENGTH, jsVersion, nullptr, &fn) != napi_ok) return nullptr;
    if (napi_set_named_property(env, exports, "verilatorVersion", fn) != napi_ok) return nullptr;
    return exports;
}
