// The reference point for the Verilator back end's speed: the same Verilated
// model (through glue.cpp) driven by a plain C++ loop, no JavaScript at all.
// Per cycle: every input gets the fixed pseudo-random pattern of stimulus.ts,
// one rising edge, every output is folded into a checksum (so the work cannot
// be optimised away, and a JavaScript run of the same stimulus can be checked
// against it).
//
//   bare-loop <cycles> <clock key or -> [-r <reset key> <0|1 asserted level>]... [-i <input key>]... [-o <output key>]...
//
// Prints one line of JSON: {"cycles":N,"seconds":S,"checksum":"<16 hex digits>"}.
#include "verilated.h"
#include "verilated_syms.h"

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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
}

namespace {

struct Var {
    uint8_t* data;
    int type;  // bytes per value, 0 for 32-bit words
    int width;
    int words;
};

// Same function as stimulusWord() in stimulus.ts.
inline uint32_t stimulusWord(uint32_t cycle, uint32_t input, uint32_t word) {
    uint32_t x = (cycle * 0x9E3779B1u) ^ (input * 0x85EBCA77u + word * 0xC2B2AE3Du + 0x27D4EB2Fu);
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    x *= 0x297A2D39u;
    x ^= x >> 15;
    return x;
}

inline uint32_t topMask(int width) { return width % 32 ? (1u << (width % 32)) - 1u : 0xFFFFFFFFu; }

void store(const Var& v, uint32_t cycle, uint32_t input) {
    switch (v.type) {
    case 1: *v.data = static_cast<uint8_t>(stimulusWord(cycle, input, 0) & topMask(v.width)); break;
    case 2: *reinterpret_cast<uint16_t*>(v.data) = static_cast<uint16_t>(stimulusWord(cycle, input, 0) & topMask(v.width)); break;
    case 4: *reinterpret_cast<uint32_t*>(v.data) = stimulusWord(cycle, input, 0) & topMask(v.width); break;
    case 8: {
        const uint64_t lo = stimulusWord(cycle, input, 0);
        const uint64_t hi = stimulusWord(cycle, input, 1) & topMask(v.width);
        *reinterpret_cast<uint64_t*>(v.data) = lo | (hi << 32);
        break;
    }
    default: {
        uint32_t* w = reinterpret_cast<uint32_t*>(v.data);
        for (int i = 0; i < v.words; i++) w[i] = stimulusWord(cycle, input, i);
        w[v.words - 1] &= topMask(v.width);
    }
    }
}

inline uint64_t fold(uint64_t h, uint32_t word) {
    h ^= word;
    return h * 0x100000001B3ull;
}

uint64_t foldVar(uint64_t h, const Var& v) {
    switch (v.type) {
    case 1: return fold(h, *v.data);
    case 2: return fold(h, *reinterpret_cast<const uint16_t*>(v.data));
    case 4: return fold(h, *reinterpret_cast<const uint32_t*>(v.data));
    case 8: {
        const uint64_t x = *reinterpret_cast<const uint64_t*>(v.data);
        return fold(fold(h, static_cast<uint32_t>(x)), static_cast<uint32_t>(x >> 32));
    }
    default: {
        const uint32_t* w = reinterpret_cast<const uint32_t*>(v.data);
        for (int i = 0; i < v.words; i++) h = fold(h, w[i]);
        return h;
    }
    }
}

Var find(VerilatedContext* ctx, const std::string& key) {
    const size_t dot = key.rfind('.');
    if (dot != std::string::npos) {
        const VerilatedScope* scope = ctx->scopeFind(key.substr(0, dot).c_str());
        if (scope) {
            const VerilatedVar* var = scope->varFind(key.substr(dot + 1).c_str());
            if (var) {
                Var v;
                v.data = static_cast<uint8_t*>(var->datap());
                v.width = var->dims() > 0 ? var->packed().elements() : 1;
                v.words = (v.width + 31) / 32;
                switch (var->vltype()) {
                case VLVT_UINT8: v.type = 1; break;
                case VLVT_UINT16: v.type = 2; break;
                case VLVT_UINT32: v.type = 4; break;
                case VLVT_UINT64: v.type = 8; break;
                default: v.type = 0;
                }
                return v;
            }
        }
    }
    std::fprintf(stderr, "bare-loop: no public variable '%s'\n", key.c_str());
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bare-loop <cycles> <clock key|-> [-r key level]... [-i key]... [-o key]...\n");
        return 2;
    }
    const uint64_t cycles = std::strtoull(argv[1], nullptr, 10);
    VerilatedContext* ctx = new VerilatedContext;
    Verilated::threadContextp(ctx);
    void* model = sf_model_new(ctx);

    uint8_t* clock = std::strcmp(argv[2], "-") ? find(ctx, argv[2]).data : nullptr;
    std::vector<std::pair<Var, int>> resets;
    std::vector<Var> ins, outs;
    for (int i = 3; i < argc; i++) {
        if (!std::strcmp(argv[i], "-r") && i + 2 < argc) {
            resets.emplace_back(find(ctx, argv[i + 1]), std::atoi(argv[i + 2]));
            i += 2;
        } else if (!std::strcmp(argv[i], "-i") && i + 1 < argc) {
            ins.push_back(find(ctx, argv[++i]));
        } else if (!std::strcmp(argv[i], "-o") && i + 1 < argc) {
            outs.push_back(find(ctx, argv[++i]));
        } else {
            std::fprintf(stderr, "bare-loop: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    auto edge = [&]() {
        // As edge() in addon.cpp for a model whose only trigger is the clock (the
        // benchmark designs): no settling eval before the edge.
        if (clock) {
            *clock = 1;
            sf_model_eval_cycle(model);
            *clock = 0;
        }
        sf_model_eval_cycle(model);
    };
    // Resets deasserted at the start, as in every back end.
    for (auto& r : resets) *r.first.data = static_cast<uint8_t>(!r.second);
    if (clock) *clock = 0;
    sf_model_eval(model);
    // The edges of time 0, as powerUp() in addon.cpp: asynchronous resets asserted at power-up act.
    sf_model_powerup_edges(model, 1);
    sf_model_eval(model);
    sf_model_powerup_edges(model, 0);
    sf_model_eval(model);

    uint64_t h = 0xCBF29CE484222325ull;
    const auto t0 = std::chrono::steady_clock::now();
    for (uint64_t c = 0; c < cycles; c++) {
        for (size_t j = 0; j < ins.size(); j++) store(ins[j], static_cast<uint32_t>(c), static_cast<uint32_t>(j));
        edge();
        for (const Var& v : outs) h = foldVar(h, v);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"cycles\":%" PRIu64 ",\"seconds\":%.9f,\"checksum\":\"%016" PRIx64 "\"}\n", cycles, seconds, h);
    sf_model_final(model);
    sf_model_delete(model);
    delete ctx;
    return 0;
}
