// The board top of a spiking core: the board clock (through a PLL when the
// requested frequency differs), a reset synchroniser with a power-on counter,
// the UART spike bridge on the board's UART pins, activity LEDs, and the core.
// docs/board-top.md describes the structure, the ports and the pins.
import { Bool, callerLoc, design, InstanceInput, Signal, type Design, type ModuleBuilder } from '../../hdl/index.ts';
import { SpikeBridge, uartTiming, validateUartParams, type SpikeBridgeParams, type UartTiming } from '../../ip/uart/index.ts';
import type { BoardDef } from '../board.ts';
import { defaultClock } from '../board.ts';
import { BoardError } from '../errors.ts';
import { ClockDomain } from './domain.ts';
import { heartbeat, stretchPulse } from './leds.ts';
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

export interface CoreSpec<P extends object = any> {
  design: Design<P>;
  params?: Partial<P>;
  /** Overrides of the default port names (NEUROSYNAPTIC_CORE_PORTS). */
  ports?: Partial<CorePortMap>;
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
  const portMap: CorePortMap = { ...NEUROSYNAPTIC_CORE_PORTS, ...core.ports };
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
      const bridgeParams: SpikeBridgeParams = { ...bridgeBase, axonWidth: Math.min(16, inAxon?.width ?? 1), neuronWidth: Math.min(16, outAddr?.width ?? 1) };
      const b = d.instance('bridge', SpikeBridge, bridgeParams);
      b.rx.set(uartRx);
      uartTx.set(b.tx);
      const zero = (w: number): Signal => m.constantSignal(0n, { width: w, signed: false, frac: 0 });
      b.core_in_ready.set(inReady ?? zero(1));
      b.core_out_valid.set(outValid ?? zero(1));
      b.core_out_addr.set(outAddr && outAddr.width <= 16 ? outAddr.asUInt() : zero(bridgeParams.neuronWidth));
      b.core_busy.set(busy ?? zero(1));
      const mapped = new Set<Signal>();
      for (const [s, v] of [[inValid, b.core_in_valid], [inTick, b.core_in_tick], [inAxon, b.core_in_axon], [outReady, b.core_out_ready]] as const) {
        if (s instanceof InstanceInput && s.width === v.width) {
          s.set(s.signed ? v.asSInt() : v);
          mapped.add(s);
        }
      }
      // Core inputs the interface does not use (configuration, enables) are tied to 0.
      for (const { signal } of signalsOf(c)) {
        if (signal instanceof InstanceInput && !mapped.has(signal)) signal.set(zero(signal.width).as(signal.type));
      }

      const act = [
        heartbeat(d, 'heartbeat', halfBeat),
        stretchPulse(d, 'spike_in_led', b.spike_in, ledCycles),
        stretchPulse(d, 'spike_out_led', b.spike_out, ledCycles),
        stretchPulse(d, 'error_led', b.error, ledCycles),
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

