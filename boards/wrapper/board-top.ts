// The board top of a spiking core: the board clock (through a PLL when the
// requested frequency differs), a reset synchroniser with a power-on counter,
// the UART spike bridge on the board's UART pins, activity LEDs, and the core.
// docs/board-top.md describes the structure, the ports and the pins.
import { Bool, callerLoc, design, InstanceInput, Signal, type Design, type ModuleBuilder, type SourceLoc } from '../../hdl/index.ts';
import { coreGeometry, defaultCoreParams, NeurosynapticCore, type CoreParams } from '../../ip/core/index.ts';
import { SpikeBridge, uartTiming, validateUartParams, weightAddressMap, type SpikeBridgeParams, type UartTiming } from '../../ip/uart/index.ts';
import type { BoardDef } from '../board.ts';
import { defaultClock } from '../board.ts';
import { BoardError } from '../errors.ts';
import { ClockDomain } from './domain.ts';
import { heartbeat, ledTimeBase, stretchPulse } from './leds.ts';
import { instantiateClock, planClock, type ClockPlan, type Ice40PllPrimitive, type PllMode } from './pll.ts';
import { buildSystemReset } from './reset.ts';

/** Where the AER interface is in the object the core's design returns (property names; 'a.b' for nesting). */
export interface CorePortMap {
  /** Input transaction offered (core input). */
  inValid: string;
  /** The core takes it (core output). */
  inReady: string;
  /** 1: a time step (tick); 0: a synaptic event (core input). */
  inTick: string;
  /** The event's axon address, at most 16 bits (core input). */
  inAxon: string;
  /** A spike address is offered (core output). */
  outValid: string;
  /** The receiver takes it (core input). */
  outReady: string;
  /** The spiking neuron's address, at most 16 bits (core output). */
  outAddr: string;
  /** High from the cycle after an accepted transaction until its last spike has been taken (core output). */
  busy: string;
  /**
   * The optional weight write port (core inputs), used when the core has all
   * three: one word `wloadData` written at `wloadAddr` per cycle while
   * `wloadValid` is high, only while the core is idle (ip/core with
   * weightLoad 'runtime'). Defaults: NEUROSYNAPTIC_WEIGHT_PORTS.
   */
  wloadValid?: string;
  wloadAddr?: string;
  wloadData?: string;
}

/** The port names of ip/core's NeurosynapticCore (the default). */
export const NEUROSYNAPTIC_CORE_PORTS: CorePortMap = {
  inValid: 'in_valid',
  inReady: 'in_ready',
  inTick: 'in_tick',
  inAxon: 'in_axon',
  outValid: 'out_valid',
  outReady: 'out_ready',
  outAddr: 'out_addr',
  busy: 'busy',
};

/** The weight port names of ip/core's NeurosynapticCore with weightLoad 'runtime' (optional: a core may have none). */
export const NEUROSYNAPTIC_WEIGHT_PORTS: Required<Pick<CorePortMap, 'wloadValid' | 'wloadAddr' | 'wloadData'>> = {
  wloadValid: 'wload_valid',
  wloadAddr: 'wload_addr',
  wloadData: 'wload_data',
};

/** The core's weight memory as the bridge addresses it: `bank << addrWidth(words) | word`. */
export interface CoreWeightMemory {
  /** Words per bank. */
  words: number;
  /** Banks (ip/core: lanes); default 1. */
  banks?: number;
}

export interface CoreSpec<P extends object = any> {
  design: Design<P>;
  params?: Partial<P>;
  /** Overrides of the default port names (NEUROSYNAPTIC_CORE_PORTS). */
  ports?: Partial<CorePortMap>;
  /**
   * The weight memory behind the wload port, for the bridge's address check.
   * Default: ip/core's geometry for NeurosynapticCore; for another core, every
   * address `wload_addr` can carry (one bank of 2^width words).
   */
  weightMemory?: CoreWeightMemory;
}

export interface BoardTopOptions {
  /** System clock in MHz; default the board oscillator. */
  freqMHz?: number;
  /** 'auto' (default): a PLL when freqMHz differs from the oscillator; 'none': never (simulation). */
  pll?: PllMode;
  /** iCE40: 'auto' (default: PAD when the board clock is on the PLL's pad), 'core' (SB_PLL40_CORE) or 'pad' (SB_PLL40_PAD). */
  pllPrimitive?: Ice40PllPrimitive;
  /** Accepted PLL output error in percent (default 1). */
  pllTolerancePercent?: number;
  /** UART rate (default 115200); clockHz / baud must round to >= 4 clocks per bit within 2 %. */
  baud?: number;
  /** Host bytes the bridge buffers (default 64). */
  rxFifoDepth?: number;
  /** Cycles the power-on counter holds the reset after configuration, a button press or a PLL relock (default: 1 ms). */
  resetCycles?: number;
  /** How long an activity LED stays lit after a spike, ms (default 50). */
  ledPulseMs?: number;
  /** Heartbeat LED blink rate, Hz (default 1). */
  heartbeatHz?: number;
  /** UART pins when the board has no UART (board resource names, e.g. header pins). */
  uartPins?: { rx: string; tx: string };
  /** Module name of the top (default 'BoardTop'). */
  name?: string;
}

export interface BoardTop {
  /** The top design: elaborate it, simulate it (pll 'none'), or hand it to the board flow. */
  design: Design<Record<string, never>>;
  clock: ClockPlan;
  uart: UartTiming & { baud: number };
  /** `--pins` specs that put every top port on its board resource (boards/pins.ts syntax). */
  pins: string[];
  /** LED port -> board resource, in priority order (heartbeat, spike in, spike out, error). */
  leds: { port: string; resource: string }[];
  /** Power-on reset length in cycles. */
  resetCycles: number;
}

const LED_PORTS = ['led_heartbeat', 'led_spike_in', 'led_spike_out', 'led_error'] as const;

function lookup(side: unknown, path: string): unknown {
  let x: unknown = side;
  for (const k of path.split('.')) x = x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined;
  return x;
}

/** Every signal in an instance's side object, with its path. */
function signalsOf(side: unknown, prefix = ''): { path: string; signal: Signal }[] {
  if (side instanceof Signal) return [{ path: prefix, signal: side }];
  if (!side || typeof side !== 'object') return [];
  return Object.entries(side).flatMap(([k, v]) => signalsOf(v, prefix ? `${prefix}.${k}` : k));
}

interface WeightPort {
  valid: InstanceInput;
  addr: InstanceInput;
  data: InstanceInput;
  words: number;
  banks: number;
}

/**
 * The core's weight write port, when it has one (all three of wloadValid,
 * wloadAddr, wloadData are core inputs), with the memory the bridge checks
 * addresses against. Half a port, a port wider than the packets carry, or a
 * memory that does not match the address width is a design error.
 */
function weightPort(m: ModuleBuilder, c: unknown, portMap: Required<CorePortMap>, core: CoreSpec, userLoc: SourceLoc): WeightPort | null {
  const keys = ['wloadValid', 'wloadAddr', 'wloadData'] as const;
  const found = keys.map((k) => lookup(c, portMap[k]));
  const present = found.filter((s) => s !== undefined);
  if (present.length === 0) return null;
  const bad = (msg: string): null => {
    m.report('board-top-core', `core weight port: ${msg} (design '${core.design.name}')`, userLoc);
    return null;
  };
  if (present.length < keys.length) {
    return bad(`the core has ${keys.filter((_, i) => found[i] !== undefined).map((k) => `'${portMap[k]}'`).join(' and ')} but not ${keys.filter((_, i) => found[i] === undefined).map((k) => `'${portMap[k]}'`).join(' and ')}; a weight port needs all three`);
  }
  for (let i = 0; i < keys.length; i++) {
    if (!(found[i] instanceof InstanceInput)) return bad(`${keys[i]} = '${portMap[keys[i]!]}' is not a core input`);
  }
  const [valid, addr, data] = found as [InstanceInput, InstanceInput, InstanceInput];
  if (valid.width !== 1) return bad(`'${portMap.wloadValid}' is ${valid.width} bits, expected 1`);
  if (addr.width > 16) return bad(`'${portMap.wloadAddr}' is ${addr.width} bits; the write-weight packet carries a 16-bit address`);
  let mem = core.weightMemory;
  if (!mem && core.design === (NeurosynapticCore as unknown)) {
    const p = { ...defaultCoreParams, ...(core.params as Partial<CoreParams>) };
    mem = { words: coreGeometry(p).weights.depth, banks: p.lanes };
  }
  mem ??= { words: 2 ** addr.width, banks: 1 };
  const banks = mem.banks ?? 1;
  const map = weightAddressMap(mem.words, banks);
  if (map.width !== addr.width) {
    return bad(`'${portMap.wloadAddr}' is ${addr.width} bits, but ${banks} bank(s) of ${mem.words} words are addressed with ${map.width} bits (weightMemory)`);
  }
  return { valid, addr, data, words: mem.words, banks };
}

/**
 * A board top around `core`: see docs/board-top.md. Everything that can be
 * checked without elaborating (the clock plan, the UART divider, the board's
 * UART) throws a BoardError here; problems with the core's ports are design
 * errors when the top is elaborated.
 */
export function buildBoardTop<P extends object>(board: BoardDef, core: CoreSpec<P>, opts: BoardTopOptions = {}): BoardTop {
  // Core port problems are reported at the caller's line.
  const userLoc = callerLoc(buildBoardTop);
  const osc = defaultClock(board);
  const clock = planClock(board, opts.freqMHz ?? osc.frequencyMHz, {
    mode: opts.pll ?? 'auto',
    ...(opts.pllTolerancePercent !== undefined ? { tolerancePercent: opts.pllTolerancePercent } : {}),
    ...(opts.pllPrimitive ? { ice40Primitive: opts.pllPrimitive } : {}),
  });
  const clockHz = Math.round(clock.systemMHz * 1e6);
  const baud = opts.baud ?? 115_200;
  const uartErrs = validateUartParams({ clockHz, baud });
  if (uartErrs.length > 0) {
    throw new BoardError('uart-baud', `the UART cannot run at ${baud} baud from the ${clock.systemMHz} MHz system clock`, uartErrs);
  }
  const uart = { ...uartTiming({ clockHz, baud }), baud };
  const uartPins = opts.uartPins ?? (board.uart ? { rx: 'uart_rx', tx: 'uart_tx' } : null);
  if (!uartPins) throw new BoardError('no-uart', `board '${board.id}' has no UART; give the pins with uartPins: { rx, tx } (board resources, e.g. header pins)`);
  const resetCycles = Math.max(1, Math.round(opts.resetCycles ?? clock.systemMHz * 1000));
  const ledCycles = ((opts.ledPulseMs ?? 50) / 1000) * clockHz;
  const halfBeat = clockHz / (2 * (opts.heartbeatHz ?? 1));
  const portMap: Required<CorePortMap> = { ...NEUROSYNAPTIC_CORE_PORTS, ...NEUROSYNAPTIC_WEIGHT_PORTS, ...core.ports };
  const leds = LED_PORTS.slice(0, Math.min(LED_PORTS.length, board.leds.length)).map((port, i) => ({ port, resource: `led${i}` }));
  const bridgeBase = { clockHz, baud, rxFifoDepth: opts.rxFifoDepth ?? 64 };

  const top = design(
    opts.name ?? 'BoardTop',
    {} as Record<string, never>,
    (m: ModuleBuilder) => {
      // The raw reset input: asynchronous, active high (the pin shim inverts an active-low button).
      m.setResetStyle({ name: 'rst', async: true, activeLow: false });
      const sys = instantiateClock(m, m.clock, clock);
      const rstSys = buildSystemReset(m, sys.clock, sys.locked, resetCycles);
      const d = new ClockDomain(m, sys.clock, rstSys);

      const uartRx = m.input('uart_rx', Bool());
      const uartTx = m.output('uart_tx', Bool());
      const ledPorts = leds.map((l) => m.output(l.port, Bool()));

      const c = d.instance('core', core.design, core.params);
      const get = (key: keyof CorePortMap, wantInput: boolean): Signal | null => {
        const s = lookup(c, portMap[key]);
        const ok = s instanceof Signal && (s instanceof InstanceInput) === wantInput;
        if (!ok) {
          m.report(
            'board-top-core',
            `core port map: ${key} = '${portMap[key]}' ${s instanceof Signal ? `is a core ${s instanceof InstanceInput ? 'input' : 'output'}, expected an ${wantInput ? 'input' : 'output'}` : 'is not a port of the core'} (design '${core.design.name}')`,
            userLoc,
          );
          return null;
        }
        return s;
      };
      const inValid = get('inValid', true);
      const inReady = get('inReady', false);
      const inTick = get('inTick', true);
      const inAxon = get('inAxon', true);
      const outValid = get('outValid', false);
      const outReady = get('outReady', true);
      const outAddr = get('outAddr', false);
      const busy = get('busy', false);
      for (const [s, what] of [[inAxon, 'inAxon'], [outAddr, 'outAddr']] as const) {
        if (s && s.width > 16) m.report('board-top-core', `core port '${portMap[what]}' is ${s.width} bits; the UART packets carry 16-bit addresses`, userLoc);
      }
      const wload = weightPort(m, c, portMap, core, userLoc);
      const bridgeParams: SpikeBridgeParams = {
        ...bridgeBase,
        axonWidth: Math.min(16, inAxon?.width ?? 1),
        neuronWidth: Math.min(16, outAddr?.width ?? 1),
        weightWords: wload?.words ?? 0,
        weightBanks: wload?.banks ?? 1,
        weightWordWidth: wload?.data.width ?? 0,
      };
      const b = d.instance('bridge', SpikeBridge, bridgeParams);
      b.rx.set(uartRx);
      uartTx.set(b.tx);
      const zero = (w: number): Signal => m.constantSignal(0n, { width: w, signed: false, frac: 0 });
      b.core_in_ready.set(inReady ?? zero(1));
      b.core_out_valid.set(outValid ?? zero(1));
      b.core_out_addr.set(outAddr && outAddr.width <= 16 ? outAddr.asUInt() : zero(bridgeParams.neuronWidth));
      b.core_busy.set(busy ?? zero(1));
      const mapped = new Set<Signal>();
      const pairs: [Signal | null, Signal][] = [[inValid, b.core_in_valid], [inTick, b.core_in_tick], [inAxon, b.core_in_axon], [outReady, b.core_out_ready]];
      if (wload && b.core_wload_valid && b.core_wload_addr && b.core_wload_data) {
        pairs.push([wload.valid, b.core_wload_valid], [wload.addr, b.core_wload_addr], [wload.data, b.core_wload_data]);
      }
      for (const [s, v] of pairs) {
        if (s instanceof InstanceInput && s.width === v.width) {
          s.set(s.signed ? v.asSInt() : v);
          mapped.add(s);
        }
      }
      // Core inputs the interface does not use (configuration, enables) are tied to 0.
      for (const { signal } of signalsOf(c)) {
        if (signal instanceof InstanceInput && !mapped.has(signal)) signal.set(zero(signal.width).as(signal.type));
      }

      const base = ledTimeBase(d, 'led_time', Math.min(ledCycles, halfBeat));
      const act = [
        heartbeat(d, 'heartbeat', halfBeat, base),
        stretchPulse(d, 'spike_in_led', b.spike_in, ledCycles, base),
        stretchPulse(d, 'spike_out_led', b.spike_out, ledCycles, base),
        stretchPulse(d, 'error_led', b.error, ledCycles, base),
      ];
      ledPorts.forEach((p, i) => p.set(act[i]!));
      return {};
    },
    { doc: `Board top for ${board.name}: ${clock.pll ? `${clock.pll.primitive} ${clock.boardMHz} -> ${clock.systemMHz.toFixed(3)} MHz` : `${clock.systemMHz} MHz oscillator`}, reset synchroniser, UART spike bridge at ${baud} baud, activity LEDs, core '${core.design.name}'.` },
  );

  const pins = [
    `clk=${osc.name}`,
    board.reset ? `rst=${board.reset}` : 'rst=0',
    `uart_rx=${uartPins.rx}`,
    `uart_tx=${uartPins.tx}`,
    ...leds.map((l) => `${l.port}=${l.resource}`),
  ];
  return { design: top as Design<Record<string, never>>, clock, uart, pins, leds, resetCycles };
}

