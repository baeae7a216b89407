// The only code that names the Verilated class: compiled with the model, it
// gives the design-independent harness (addon.cpp) plain entry points.
#include "Vmodel.h"
#include "Vmodel___024root.h"
// SF_TRIGGER_PREVS(X): Verilator's previous value of every 1-bit event
// trigger (posedge/negedge), listed by the build from Vmodel___024root.h.
#include "sf_triggers.h"

extern "C" {
void* sf_model_new(VerilatedContext* contextp) { return new Vmodel{contextp, "TOP"}; }
void sf_model_eval(void* modelp) { static_cast<Vmodel*>(modelp)->eval(); }
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
}
