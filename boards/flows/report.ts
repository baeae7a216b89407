// report.json: what a build did and found, for people and for scripts. It
// holds no times or paths of the machine, so the same build gives the same
// report; the command line prints the elapsed times instead.
import type { BoardDef } from '../board.ts';
import type { TopPort } from '../shim.ts';
import { REPORT_TOOL } from './build-dir.ts';
import type { ClockTiming } from './ice40.ts';
import { useLines, type Utilisation } from './utilisation.ts';

export interface ReportPin {
  port: string;
  pin: string;
  carries: string;
  inverted: boolean;
}

export interface BuildReport {
  tool: typeof REPORT_TOOL;
  ok: boolean;
  board: { id: string; name: string; part: string; family: string; flow: string };
  design: { top: string; boardTop: string };
  /** Set when the design is boards/wrapper's board top around a core. */
  wrapper?: { core: string; systemMHz: number; pll: string | null; baud: number };
  /** What the numbers are: a placed-and-routed bitstream or a synthesis estimate. */
  result: 'bitstream' | 'estimate';
  /** The board clock pin and its constraint; `system` when the design runs at another frequency (PLL). */
  clock?: { port: string; frequencyMHz: number; source: string; system?: { frequencyMHz: number; via: string } };
  pins: ReportPin[];
  utilisation?: {
    source: Utilisation['source'];
    lines: { what: string; used: number; available: number; percent: number }[];
    cells: Record<string, number>;
  };
  timing?: { clock: string; achievedMHz: number; targetMHz: number; met: boolean; worstPath?: { from: string; to: string; delayNs: number; logicLevels: number } }[];
  files: string[];
  /** Why the build failed (empty when ok). */
  problems: string[];
  notes: string[];
}

export function reportPins(ports: readonly TopPort[]): ReportPin[] {
  return ports.map((p) => ({ port: p.name, pin: p.resource.pin, carries: p.carries, inverted: p.inverted }));
}

export function reportUtilisation(u: Utilisation, board: BoardDef): NonNullable<BuildReport['utilisation']> {
  const cells = Object.fromEntries(Object.entries(u.cells).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    source: u.source,
    lines: useLines(u, board.device.capacity).map((l) => ({ ...l, percent: l.available ? Math.round((1000 * l.used) / l.available) / 10 : 0 })),
    cells,
  };
}

/** Timing for the report; `carries` names what a top-level pin carries, so a path ending on a pin names the design's signal. */
export function reportTiming(clocks: readonly ClockTiming[], carries: ReadonlyMap<string, string> = new Map()): NonNullable<BuildReport['timing']> {
  return clocks.map((c) => {
    const t: NonNullable<BuildReport['timing']>[number] = { clock: c.name, achievedMHz: Math.round(c.achievedMHz * 100) / 100, targetMHz: c.targetMHz, met: c.met };
    if (c.worstPath) {
      const p = c.worstPath;
      const name = (sig: string): string => (carries.has(sig) ? `${carries.get(sig)} (pin ${sig})` : sig);
      const end = (e: typeof p.start): string => (e.signal ? `${name(e.signal)} [${e.cell}.${e.port}]` : `${e.cell}.${e.port}`);
      t.worstPath = { from: end(p.start), to: end(p.end), delayNs: Math.round(p.delayNs * 1000) / 1000, logicLevels: p.logicLevels };
    }
    return t;
  });
}
