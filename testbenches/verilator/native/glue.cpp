// The only code that names the Verilated class: compiled with the model, it
// gives the design-independent harness (addon.cpp) plain entry points.
#include "Vmodel.h"
#include "Vmodel___024root.h"
#include "Vmodel__Syms.h"
// SF_TRIGGER_PREVS(X): Verilator's previous value of every 1-bit event
// trigger (posedge/negedge), listed by the build from Vmodel___024root.h.
#include "sf_triggers.h"

// Verilator's root evaluation function (Vmodel.cpp declares it the same way).
void Vmodel___024root___eval(Vmodel___024root* vlSelf);

extern "C" {
void* sf_model_new(VerilatedContext* contextp) { return new Vmodel{contextp, "TOP"}; }
void sf_model_eval(void* modelp) { static_cast<Vmodel*>(modelp)->eval(); }
// The per-cycle evaluation: Vmodel::eval_step() without its bookkeeping for
// multi-threaded models (mtaskId, end-of-eval message queues of other
// threads), which this single-threaded model never uses but which costs three
// thread-local accesses per eval, each a __tls_get_addr call in a shared
// object. The first evaluation (initial blocks, settle) goes through eval().
void sf_model_eval_cycle(void* modelp) {
    Vmodel* const m = static_cast<Vmodel*>(modelp);
    if (VL_UNLIKELY(!m->rootp->vlSymsp->__Vm_didInit)) {
        m->eval();
        return;
    }
    Vmodel___024root___eval(m->rootp);
}
void sf_model_final(void* modelp) { static_cast<Vmodel*>(modelp)->final(); }
void sf_model_delete(void* modelp) { delete static_cast<Vmodel*>(modelp); }

// Power-up edges. Verilator starts every trigger's previous value at the
// signal's start value, so a signal that starts at 1 (or 0) never had a
// posedge (or negedge), and an asynchronous reset asserted at power-up would
// wait for the clock. Event-driven simulators see x->1 and x->0 at time 0.
// After an eval, every trigger signal at `level` gets the previous value
// !level, so the next eval sees the edge x->level: level 1 gives posedges to
// the signals at 1 (active-high resets asserted), level 0 negedges to those at
// 0 (active-low resets asserted). A signal is moved only towards its own
// level, so no edge appears that the signal's value does not have: a posedge
// needs the signal at 1, a negedge at 0.
void sf_model_powerup_edges(void* modelp, int level) {
    Vmodel___024root* const r = static_cast<Vmodel*>(modelp)->rootp;
    (void)r;
#define SF_POWERUP_EDGE(prev) \
    if (r->prev == level) r->prev = !level;
    SF_TRIGGER_PREVS(SF_POWERUP_EDGE)
#undef SF_POWERUP_EDGE
}

// The number of 1-bit event triggers (the clock's included): with the clock
// as the only one, an edge needs no settling eval before it (addon.cpp).
int sf_model_trigger_count() {
    int n = 0;
#define SF_COUNT_TRIGGER(prev) n++;
    SF_TRIGGER_PREVS(SF_COUNT_TRIGGER)
#undef SF_COUNT_TRIGGER
    return n;
}
}
