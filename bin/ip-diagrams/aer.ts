// The AER encoder and decoder (ip/aer).
// Encoder: 8 lines, a 2-word FIFO, one waiting spike per line. Three lines
// spike together and leave in round-robin order; the consumer holds off for a
// while, so the FIFO fills, and a line that spikes again while its spike
// still waits loses it. Every cycle is checked against AerEncoderModel.
// Decoder ('frame' mode): addresses collected during a time step come out as
// one spike vector at the step. Every cycle is checked against AerDecoderModel.
import { elaborate } from '../../hdl/index.ts';
import { AerDecoder, AerDecoderModel, AerEncoder, AerEncoderModel, type AerDecoderParams, type AerEncoderParams } from '../../ip/aer/index.ts';
import type { WaveAnnotation } from '../../generators/wavedrom/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { bit, expectEqual, traceOf, type IpDiagram } from './diagram.ts';

const enc: AerEncoderParams = { lines: 8, fifoDepth: 2, pendingWidth: 1 };

/** Per cycle: the lines that spike, and whether the consumer is ready. */
const encoderCycles: { spikes: number[]; ready: boolean }[] = [
  { spikes: [], ready: true },
  { spikes: [1, 4, 6], ready: false },
  { spikes: [], ready: false },
  { spikes: [], ready: false },
  { spikes: [6], ready: false },
  { spikes: [6], ready: false },
  { spikes: [], ready: true },
  { spikes: [], ready: true },
  { spikes: [2], ready: true },
  { spikes: [], ready: true },
  { spikes: [], ready: true },
  { spikes: [], ready: true },
  { spikes: [], ready: true },
  { spikes: [], ready: true },
];

const ENCODER_SIGNALS = ['spikes', 'aer_valid', 'aer_ready', 'aer_addr', 'lost', 'idle'];

function vectorOf(lines: readonly number[]): bigint {
  return lines.reduce((x, i) => x | (1n << BigInt(i)), 0n);
}

export const aerEncoderDiagram: IpDiagram = {
  name: 'aer-encoder',
  doc: 'aer.md',
  record() {
    const name = 'aer-encoder';
    const sim = createBuiltinSimulator(elaborate(AerEncoder, enc), { trace: { signals: ENCODER_SIGNALS } });
    const model = new AerEncoderModel(enc);
    const annotations: WaveAnnotation[] = [];
    let sent = 0;
    let lost = 0;
    try {
      sim.reset(1);
      const from = sim.cycle;
      for (const cyc of encoderCycles) {
        const c = sim.cycle;
        sim.poke('spikes', vectorOf(cyc.spikes));
        sim.poke('aer_ready', bit(cyc.ready));
        const want = model.cycle(cyc);
        const valid = sim.peek('aer_valid') === 1n;
        expectEqual(name, c, 'aer_valid', want.valid, valid);
        if (want.valid) expectEqual(name, c, 'aer_addr', want.addr, Number(sim.peek('aer_addr')));
        expectEqual(name, c, 'lost', want.lost.length > 0, sim.peek('lost') === 1n);
        if (cyc.spikes.length > 0) annotations.push({ cycle: c, signal: 'spikes', text: `line${cyc.spikes.length > 1 ? 's' : ''} ${cyc.spikes.join(', ')}` });
        if (want.transferred !== null) {
          sent++;
          annotations.push({ cycle: c, signal: 'aer_addr', text: `${want.transferred} sent` });
        }
        if (want.lost.length > 0) {
          lost += want.lost.length;
          annotations.push({ cycle: c, signal: 'lost', text: `line ${want.lost.join(', ')}: spike lost (one already waits)` });
        }
        sim.step(1);
        expectEqual(name, c, 'idle after the edge', model.idle, sim.peek('idle') === 1n);
      }
      if (lost === 0 || sent < 4) throw new Error(`${name}: the stimulus should send at least 4 addresses and lose a spike (sent ${sent}, lost ${lost})`);
      return {
        trace: traceOf(sim),
        options: {
          from,
          signals: ENCODER_SIGNALS,
          radix: { spikes: 'hex' },
          title: 'AerEncoder: 8 lines, 2-word FIFO, 1 waiting spike per line; round-robin grants',
          annotations,
        },
        checked: `${encoderCycles.length} cycles equal to AerEncoderModel, ${sent} addresses sent, ${lost} spike lost`,
      };
    } finally {
      sim.close();
    }
  },
};

const dec: AerDecoderParams = { lines: 8, mode: 'frame' };

/** Per cycle: an address on the stream (or none), and the step marker. */
const decoderCycles: { addr: number | null; step: boolean }[] = [
  { addr: null, step: false },
  { addr: 2, step: false },
  { addr: 5, step: false },
  { addr: null, step: false },
  { addr: 2, step: false },
  { addr: 7, step: true },
  { addr: null, step: false },
  { addr: 0, step: false },
  { addr: null, step: false },
  { addr: null, step: true },
  { addr: null, step: false },
  { addr: null, step: false },
];

const DECODER_SIGNALS = ['aer_valid', 'aer_addr', 'step', 'spikes', 'spikes_valid'];

export const aerDecoderDiagram: IpDiagram = {
  name: 'aer-decoder',
  doc: 'aer.md',
  record() {
    const name = 'aer-decoder';
    const sim = createBuiltinSimulator(elaborate(AerDecoder, dec), { trace: { signals: DECODER_SIGNALS } });
    const model = new AerDecoderModel(dec);
    const annotations: WaveAnnotation[] = [];
    try {
      sim.reset(1);
      const from = sim.cycle;
      for (const cyc of decoderCycles) {
        const c = sim.cycle;
        sim.poke('aer_valid', bit(cyc.addr !== null));
        sim.poke('aer_addr', cyc.addr ?? 0);
        sim.poke('step', bit(cyc.step));
        const want = model.cycle({ valid: cyc.addr !== null, addr: cyc.addr ?? 0, step: cyc.step });
        if (cyc.step) annotations.push({ cycle: c, signal: 'step', text: 'end of step' });
        sim.step(1);
        const shown = want.spikes.flatMap((s, i) => (s ? [i] : []));
        expectEqual(name, c, 'spikes after the edge', vectorOf(shown), sim.peek('spikes'));
        expectEqual(name, c, 'spikes_valid after the edge', want.frameValid, sim.peek('spikes_valid') === 1n);
        if (want.frameValid) annotations.push({ cycle: c + 1, signal: 'spikes', text: shown.length === 0 ? 'no line' : `line${shown.length > 1 ? 's' : ''} ${shown.join(', ')}` });
      }
      return {
        trace: traceOf(sim),
        options: { from, signals: DECODER_SIGNALS, radix: { spikes: 'hex' }, title: "AerDecoder, 'frame' mode, 8 lines", annotations },
        checked: `${decoderCycles.length} cycles equal to AerDecoderModel`,
      };
    } finally {
      sim.close();
    }
  },
};
