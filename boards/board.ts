// Typed board definitions: the device on the board, its clocks, LEDs,
// buttons, switches, UART and headers, each with the package pin and the IO
// standard the board's documentation gives. Every board file in boards/defs/
// cites the constraint file its pins come from. Pins are facts: change them
// only against the cited source.

/** Device families the flows know. */
export type DeviceFamily = 'ice40' | 'ecp5' | 'xilinx7' | 'zynq7' | 'cyclonev';

/** What `spikeforge build` does for a board. */
export type FlowKind =
  /** Yosys + nextpnr-ice40 + icepack, all inside Node: a bitstream. */
  | 'ice40'
  /** LPF and a nextpnr-ecp5/ecppack script; a Yosys utilisation estimate. */
  | 'ecp5'
  /** XDC and a Vivado non-project Tcl script; a Yosys utilisation estimate. */
  | 'vivado'
  /** QSF/SDC and a Quartus Tcl script; a Yosys utilisation estimate. */
  | 'quartus';

/** IO standards as the vendor tools spell them (PCF has none: iCE40 banks are set by their supply). */
export type IoStandard = 'LVCMOS33' | 'LVCMOS25' | 'LVCMOS18' | '3.3-V LVTTL' | '3.3-V LVCMOS';

/** Capacity of a device, for fit checks and for "which device would fit". */
export interface DeviceCapacity {
  /** Logic cells: iCE40 LCs (LUT4+FF), ECP5 LUT4s, 7-series LUT6s, Cyclone V ALMs. */
  logic: number;
  /** What `logic` counts, e.g. 'LC', 'LUT4', 'LUT6', 'ALM'. */
  logicUnit: string;
  /** LUT inputs of the logic unit (4 or 6; an ALM is counted as 6). */
  lutInputs: number;
  flipFlops: number;
  /** Block RAMs and the bits of one. */
  blockRams: number;
  blockRamBits: number;
  /** Large single-port RAMs (iCE40 UltraPlus SPRAM, 256 kbit each). */
  spram: number;
  /** Hard multipliers (SB_MAC16, MULT18X18D, DSP48E1, Cyclone V DSP blocks). */
  dsp: number;
  plls: number;
  /** User IO pins of this package. */
  io: number;
}

export interface DeviceDef {
  vendor: 'Lattice' | 'AMD Xilinx' | 'Intel';
  family: DeviceFamily;
  /** The full ordering code as on the board, e.g. 'iCE40UP5K-SG48I', 'xc7a35ticsg324-1L'. */
  part: string;
  /** The device as the tools name it without package: 'up5k', 'hx8k', 'LFE5U-85F', 'xc7a35t', '5CSEBA6'. */
  device: string;
  /** Package as the tools want it: 'sg48', 'ct256', 'CABGA381', 'csg324', 'clg400', 'U23'. */
  package: string;
  speedGrade: string;
  capacity: DeviceCapacity;
}

/** One package pin of the board and how it is wired. */
export interface PinDef {
  /** Package pin or ball, as the vendor tools spell it ('35', 'E3', 'AH17'). */
  pin: string;
  /** Overrides the board's default IO standard. */
  ioStandard?: IoStandard;
  /** The board drives or reads the pin inverted (LED lit at 0, button reads 0 when pressed). */
  activeLow?: boolean;
  /** Pull resistor the board's constraint file enables in the FPGA. */
  pull?: 'up' | 'down';
  /** Silkscreen or schematic name, for messages and docs. */
  label?: string;
}

export interface ClockDef extends PinDef {
  /** Resource name, e.g. 'clk12'. */
  name: string;
  frequencyMHz: number;
}

export interface UartDef {
  /** The FPGA transmits on this pin. */
  tx: PinDef;
  /** The FPGA receives on this pin. */
  rx: PinDef;
  /** Where it goes (the on-board USB bridge, or a header needing an adapter). */
  note: string;
}

export interface HeaderDef {
  /** Resource prefix, e.g. 'pmod1a'; pin k is the resource '<name>_<label>'. */
  name: string;
  /** In header order; each pin's label is its number on the header. */
  pins: (PinDef & { label: string })[];
  note?: string;
}

export interface BoardDef {
  /** Name on the command line: 'icebreaker'. */
  id: string;
  name: string;
  maker: string;
  url: string;
  /** Where the pin assignments come from (repository and path, or document). */
  sources: string[];
  device: DeviceDef;
  /** IO standard of pins that do not name one. */
  ioStandard?: IoStandard;
  /** The first clock is the default one. */
  clocks: ClockDef[];
  leds: PinDef[];
  buttons: PinDef[];
  switches: PinDef[];
  /** Resource the design's reset goes to by default (a button), if any. */
  reset?: string;
  uart?: UartDef;
  headers: HeaderDef[];
  flow: FlowKind;
  /** Board notes shown by `spikeforge boards`. */
  notes?: string[];
}

export type ResourceKind = 'clock' | 'led' | 'button' | 'switch' | 'uart' | 'header';

/** One named, single-pin resource of a board, resolved: what `--pins port=resource` names. */
export interface BoardResource {
  name: string;
  kind: ResourceKind;
  pin: string;
  /** Undefined on iCE40 (no IO standard in a PCF). */
  ioStandard?: IoStandard;
  activeLow: boolean;
  pull?: 'up' | 'down';
  /** 'in': may only drive a design input; 'out': only take a design output. */
  direction: 'in' | 'out' | 'inout';
  frequencyMHz?: number;
  label?: string;
}

/** A group of resources a multi-bit port can be mapped to as a whole: 'leds', 'buttons', 'switches', a header. */
export interface ResourceGroup {
  name: string;
  members: string[];
}

function resource(b: BoardDef, name: string, kind: ResourceKind, p: PinDef, direction: BoardResource['direction'], extra: Partial<BoardResource> = {}): BoardResource {
  const r: BoardResource = { name, kind, pin: p.pin, activeLow: p.activeLow ?? false, direction, ...extra };
  const std = p.ioStandard ?? b.ioStandard;
  if (std) r.ioStandard = std;
  if (p.pull) r.pull = p.pull;
  if (p.label) r.label = p.label;
  return r;
}

/** Every single-pin resource of a board, in a stable order: clocks, LEDs, buttons, switches, UART, headers. */
export function boardResources(b: BoardDef): BoardResource[] {
  const out: BoardResource[] = [];
  for (const c of b.clocks) out.push(resource(b, c.name, 'clock', c, 'in', { frequencyMHz: c.frequencyMHz }));
  b.leds.forEach((p, i) => out.push(resource(b, `led${i}`, 'led', p, 'out')));
  b.buttons.forEach((p, i) => out.push(resource(b, `btn${i}`, 'button', p, 'in')));
  b.switches.forEach((p, i) => out.push(resource(b, `sw${i}`, 'switch', p, 'in')));
  if (b.uart) {
    out.push(resource(b, 'uart_tx', 'uart', b.uart.tx, 'out'));
    out.push(resource(b, 'uart_rx', 'uart', b.uart.rx, 'in'));
  }
  for (const h of b.headers) for (const p of h.pins) out.push(resource(b, `${h.name}_${p.label}`, 'header', { ...p, label: `${h.name} pin ${p.label}` }, 'inout'));
  return out;
}

/** Named groups: 'leds', 'buttons', 'switches', 'uart' and every header. */
export function boardGroups(b: BoardDef): ResourceGroup[] {
  const groups: ResourceGroup[] = [];
  if (b.leds.length) groups.push({ name: 'leds', members: b.leds.map((_, i) => `led${i}`) });
  if (b.buttons.length) groups.push({ name: 'buttons', members: b.buttons.map((_, i) => `btn${i}`) });
  if (b.switches.length) groups.push({ name: 'switches', members: b.switches.map((_, i) => `sw${i}`) });
  for (const h of b.headers) groups.push({ name: h.name, members: h.pins.map((p) => `${h.name}_${p.label}`) });
  return groups;
}

/** The default (first) clock of a board. */
export function defaultClock(b: BoardDef): ClockDef {
  const c = b.clocks[0];
  if (!c) throw new Error(`board '${b.id}' defines no clock`);
  return c;
}
