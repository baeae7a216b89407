// The only code that names the Verilated class: compiled with the model, it
// gives the design-independent harness (addon.cpp) four plain entry points.
#include "Vmodel.h"

extern "C" {
void* sf_model_new(VerilatedContext* contextp) { return new Vmodel{contextp, "TOP"}; }
void sf_model_eval(void* modelp) { static_cast<Vmodel*>(modelp)->eval(); }
void sf_model_final(void* modelp) { static_cast<Vmodel*>(modelp)->final(); }
void sf_model_delete(void* modelp) { delete static_cast<Vmodel*>(modelp); }
}
