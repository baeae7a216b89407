// Words a Verilog name must not be. Verilator parses every file as
// SystemVerilog and warns (SYMRSVDWORD) about names that are C++ words of its
// generated model, so all three lists are reserved.

/** IEEE 1800-2017 Table B.1 (a superset of the Verilog-2005 keywords). */
const SYSTEMVERILOG_2017 = `
accept_on alias always always_comb always_ff always_latch and assert assign assume automatic
before begin bind bins binsof bit break buf bufif0 bufif1 byte case casex casez cell chandle
checker class clocking cmos config const constraint context continue cover covergroup coverpoint
cross deassign default defparam design disable dist do edge else end endcase endchecker endclass
endclocking endconfig endfunction endgenerate endgroup endinterface endmodule endpackage
endprimitive endprogram endproperty endspecify endsequence endtable endtask enum event eventually
expect export extends extern final first_match for force foreach forever fork forkjoin function
generate genvar global highz0 highz1 if iff ifnone ignore_bins illegal_bins implements implies
import incdir include initial inout input inside instance int integer interconnect interface
intersect join join_any join_none large let liblist library local localparam logic longint
macromodule matches medium modport module nand negedge nettype new nexttime nmos nor
noshowcancelled not notif0 notif1 null or output package packed parameter pmos posedge primitive
priority program property protected pull0 pull1 pulldown pullup pulsestyle_ondetect
pulsestyle_onevent pure rand randc randcase randsequence rcmos real realtime ref reg reject_on
release repeat restrict return rnmos rpmos rtran rtranif0 rtranif1 s_always s_eventually
s_nexttime s_until s_until_with scalared sequence shortint shortreal showcancelled signed small
soft solve specify specparam static string strong strong0 strong1 struct super supply0 supply1
sync_accept_on sync_reject_on table tagged task this throughout time timeprecision timeunit tran
tranif0 tranif1 tri tri0 tri1 triand trior trireg type typedef union unique unique0 unsigned
until until_with untyped use uwire var vectored virtual void wait wait_order wand weak weak0 weak1
while wildcard wire with within wor xnor xor
`;

/** Verilator's V3LanguageWords (C++ and SystemC words it reports as SYMRSVDWORD), plus newer C++ keywords. */
const VERILATOR_CPP_WORDS = `
NULL abort alignas alignof and and_eq asm atomic_cancel atomic_commit atomic_noexcept auto
bit_vector bitand bitor bool break case catch cdecl char char16_t char32_t char8_t class co_await
co_return co_yield compl complex concept const const_cast const_iterator const_reference consteval
constexpr constinit continue decltype default delete deque do double dynamic_cast else enum
explicit export extern false far float for friend goto huge if import inline int interrupt
iterator list long map module mutable namespace near new noexcept not not_eq nullptr operator or
or_eq override pascal private protected public queue reference register reinterpret_cast
requires restrict return set short signed sizeof stack static static_assert static_cast struct
switch synchronized template this thread_local throw transaction_safe transaction_safe_dynamic
true try type_info typedef typeid typename uint16_t uint32_t uint8_t union unsigned using vector
virtual void volatile wchar_t while xor xor_eq
sc_clock sc_in sc_inout sc_out sc_signal sensitive sensitive_neg sensitive_pos
`;

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w.length > 0);

export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  ...words(SYSTEMVERILOG_2017),
  ...words(VERILATOR_CPP_WORDS),
]);

export function isReservedWord(name: string): boolean {
  return RESERVED_WORDS.has(name);
}
