// The activity LEDs on the built-in simulator: a pulse lights its LED from
// the next cycle for the asked time (to within one strobe period of the shared prescaler, and
// exactly when the time fits the LED counter), a new pulse restarts it, and
// the heartbeat toggles every half period.
import { describe, expect, it } from 'vitest';
import { Bool, design, elaborate } from '../../../hdl/index.ts';
import { ClockDomain, heartbeat, LED_COUNTER_BITS, ledTimeBase, stretchPulse } from '../../../boards/wrapper/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';

function ledBench(ledCycles: number, halfBeat: number) {
  let period = 0;
  const top = design('LedBench', {}, (m) => {
    const rst = m.input('rst_sys', Bool());
    const pulse = m.input('pulse', Bool());
    const d = new ClockDomain(m, m.clock, rst);
    const base = ledTimeBase(d, 'led_time', Math.min(ledCycles, halfBeat));
    period = base.period;
    m.output('led', Bool()).set(stretchPulse(d, 'led_lit', pulse, ledCycles, base));
    m.output('beat', Bool()).set(heartbeat(d, 'beat_level', halfBeat, base));
    return {};
  });
  const sim = createBuiltinSimulator(elaborate(top));
  return { sim, period };
}

/** Cycles from `start` for which `signal` stays high after a one-cycle pulse there, and the beat's edges. */
function run(ledCycles: number, halfBeat: number, cycles: number, pulses: number[]) {
  const { sim, period } = ledBench(ledCycles, halfBeat);
  sim.poke('rst_sys', 0);
  const led: number[] = [];
  const beatEdges: number[] = [];
  let last = 0n;
  for (let c = 0; c < cycles; c++) {
    sim.poke('pulse', pulses.includes(c) ? 1 : 0);
    sim.step();
    led.push(Number(sim.peek('led')));
    const b = sim.peek('beat');
    if (b !== last) beatEdges.push(c);
    last = b;
  }
  sim.close();
  return { led, beatEdges, period };
}

function litRuns(led: number[]): { from: number; length: number }[] {
  const runs: { from: number; length: number }[] = [];
  led.forEach((v, i) => {
    if (v && (i === 0 || !led[i - 1])) runs.push({ from: i, length: 0 });
    if (v) runs[runs.length - 1]!.length++;
  });
  return runs;
}

describe('activity LEDs', () => {
  it('count exactly when the time fits the LED counter', () => {
    const { led, beatEdges, period } = run(100, 40, 400, [10]);
    expect(period).toBe(1);
    // The pulse is registered: lit from the cycle after it.
    expect(litRuns(led)).toEqual([{ from: 11, length: 100 }]);
    // Toggles every 40 clocks.
    expect(beatEdges.slice(1).map((e, i) => e - beatEdges[i]!)).toEqual(new Array(beatEdges.length - 1).fill(40));
  });

  it('count longer times in prescaler strobes, to within one strobe period, and restart on a new pulse', () => {
    const ledCycles = 3000;
    const halfBeat = 5000;
    const { led, beatEdges, period } = run(ledCycles, halfBeat, 30_000, [100, 1500, 9000]);
    // 3000 needs 12 bits; with 8-bit LED counters the strobe comes every 2^4 clocks.
    expect(LED_COUNTER_BITS).toBe(8);
    expect(period).toBe(16);
    const runs = litRuns(led);
    // The pulse at 1500 restarts the first stretch: one run from 100 to about 1500 + 3000.
    expect(runs.map((r) => r.from)).toEqual([101, 9001]);
    for (const [r, start] of [[runs[0]!, 1501], [runs[1]!, 9001]] as const) {
      const end = r.from + r.length;
      expect(end - start).toBeGreaterThan(ledCycles - period);
      expect(end - start).toBeLessThanOrEqual(ledCycles + period);
    }
    const halves = beatEdges.slice(1).map((e, i) => e - beatEdges[i]!);
    expect(halves.length).toBeGreaterThan(3);
    for (const h of halves) expect(Math.abs(h - halfBeat)).toBeLessThanOrEqual(period);
  });
});
