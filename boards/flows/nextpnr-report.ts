// Reading nextpnr's `--report` JSON (nextpnr >= 0.6): achieved and required
// frequency per clock, the critical path of each clock pair, and the
// utilisation of every BEL type. Names in it are nextpnr/Yosys names; where
// they still carry the user's signal name it is recovered for messages.
export interface NextpnrClock {
  /** The clock net as nextpnr names it, e.g. 'clk12$SB_IO_IN_$glb_clk'. */
  net: string;
  /** The user's name for it, e.g. 'clk12'. */
  name: string;
  achievedMHz: number;
  constraintMHz: number;
}

export interface PathEnd {
  cell: string;
  port: string;
  /** The user's signal, where the names still say it. */
  signal?: string;
}

export interface CriticalPath {
  from: string;
  to: string;
  delayNs: number;
  logicLevels: number;
  start: PathEnd;
  end: PathEnd;
  /** Nets along the path, in order. */
  nets: string[];
}

export interface NextpnrReport {
  clocks: NextpnrClock[];
  paths: CriticalPath[];
  utilisation: Record<string, { used: number; available: number }>;
}

interface RawEnd {
  cell: string;
  port: string;
}
interface RawStep {
  type: string;
  delay: number;
  from: RawEnd;
  to: RawEnd;
  net?: string;
}
interface RawReport {
  fmax?: Record<string, { achieved: number; constraint: number }>;
  critical_paths?: { from: string; to: string; path: RawStep[] }[];
  utilization?: Record<string, { used: number; available: number }>;
}

/** The user's part of a nextpnr/Yosys name: 'count[0]$SB_IO_OUT' -> 'count[0]', 'value_SB_DFFESR_Q_7' -> 'value'; undefined for generated names. */
export function userSignal(name: string): string | undefined {
  if (name.startsWith('$')) return undefined;
  let s = name.split('$')[0]!;
  const sb = s.search(/_(SB|ICESTORM|TRELLIS)_/);
  if (sb > 0) s = s.slice(0, sb);
  return s || undefined;
}

export function parseNextpnrReport(json: string): NextpnrReport {
  const raw = JSON.parse(json) as RawReport;
  const clocks = Object.entries(raw.fmax ?? {})
    .map(([net, f]) => ({ net, name: userSignal(net) ?? net, achievedMHz: f.achieved, constraintMHz: f.constraint }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const paths = (raw.critical_paths ?? []).map((p): CriticalPath => {
    const steps = p.path ?? [];
    const first = steps[0];
    const last = steps[steps.length - 1];
    const nets = steps.filter((s) => s.net !== undefined).map((s) => s.net!);
    const startSignal = (nets[0] !== undefined ? userSignal(nets[0]) : undefined) ?? (first ? userSignal(first.from.cell) : undefined);
    const endSignal = last ? userSignal(last.to.cell) : undefined;
    const start: PathEnd = { cell: first?.from.cell ?? '?', port: first?.from.port ?? '?' };
    if (startSignal) start.signal = startSignal;
    const end: PathEnd = { cell: last?.to.cell ?? '?', port: last?.to.port ?? '?' };
    if (endSignal) end.signal = endSignal;
    return {
      from: p.from,
      to: p.to,
      delayNs: steps.reduce((s, x) => s + x.delay, 0),
      logicLevels: steps.filter((s) => s.type === 'logic').length,
      start,
      end,
      nets,
    };
  });
  return { clocks, paths, utilisation: { ...(raw.utilization ?? {}) } };
}

/** The critical path inside one clock domain (register to register on that clock). */
export function pathOfClock(r: NextpnrReport, clock: NextpnrClock): CriticalPath | undefined {
  const onClock = (s: string): boolean => /^(posedge|negedge) /.test(s) && s.replace(/^(posedge|negedge) /, '') === clock.net;
  return r.paths.find((p) => onClock(p.from) && onClock(p.to));
}

function endText(e: PathEnd, rename: (signal: string) => string): string {
  return e.signal ? `${rename(e.signal)} (cell ${e.cell}, port ${e.port})` : `cell ${e.cell}, port ${e.port}`;
}

/**
 * One line describing a path: where it starts and ends, its delay and logic
 * depth. `rename` shows a recovered signal name (quoted by default), e.g. a
 * top-level pin as the design signal it carries.
 */
export function describePath(p: CriticalPath, rename: (signal: string) => string = (s) => `'${s}'`): string {
  return `worst path from ${endText(p.start, rename)} to ${endText(p.end, rename)}: ${p.delayNs.toFixed(2)} ns, ${p.logicLevels} logic level${p.logicLevels === 1 ? '' : 's'}`;
}
