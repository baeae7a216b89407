// The AER blocks on every installed back end (testbenches/cosim): the back
// ends agree with each other on every output in every cycle, and the
// encoder's stream-valid and idle outputs follow the golden model.
import { describe, expect, it } from 'vitest';
import { AerDecoder, AerEncoder, AerEncoderModel, type AerEncoderParams } from '../../../ip/aer/index.ts';
import { cosim, type GoldenModel, type InputRecord, type SignalValues } from '../../../testbenches/cosim/index.ts';
import { BACKENDS, CACHE_DIR } from '../../cosim/helpers.ts';
import { Random } from '../../hdl/random.ts';

const enc: AerEncoderParams = { lines: 12, fifoDepth: 3, pendingWidth: 2 };

function encoderStimulus(cycles: number): InputRecord[] {
  const r = new Random(31);
  return Array.from({ length: cycles }, (_, c) => {
    const rate = c % 200 < 40 ? 0.3 : 0.03;
    let spikes = 0n;
    for (let i = 0; i < enc.lines; i++) if (r.next() < rate) spikes |= 1n << BigInt(i);
    return { spikes, aer_ready: r.next() < 0.5 ? 1 : 0 };
  });
}

/** The encoder model seen after each edge: the stream is valid when the FIFO holds a word. */
function encoderModel(): GoldenModel {
  let g = new AerEncoderModel(enc);
  return {
    reset: () => {
      g = new AerEncoderModel(enc);
    },
    step: (x: SignalValues) => {
      const spikes: number[] = [];
      for (let i = 0; i < enc.lines; i++) if ((x.spikes! >> BigInt(i)) & 1n) spikes.push(i);
      g.cycle({ spikes, ready: x.aer_ready === 1n });
      return { aer_valid: g.queued > 0, idle: g.idle };
    },
  };
}

describe('AER co-simulation', () => {
  it(`encoder: back ends agree on every output; valid and idle follow the model (${BACKENDS.join(', ')})`, () => {
    const stim = encoderStimulus(1500);
    // From random power-up state the FIFO may hold a junk word that shows on
    // aer_addr while aer_valid is low (a don't-care), so the every-output
    // comparison starts from the defined state and the random-reset runs
    // check the outputs the model defines.
    const all = cosim({ design: AerEncoder, params: enc, stimulus: stim, backends: BACKENDS, cacheDir: CACHE_DIR, randReset: false });
    expect(all.observe.slice().sort()).toEqual(['aer_addr', 'aer_valid', 'idle', 'lost']);
    const modelled = cosim({ design: AerEncoder, params: enc, model: encoderModel(), observe: ['aer_valid', 'idle'], stimulus: stim, backends: BACKENDS, cacheDir: CACHE_DIR });
    expect(modelled.reference).toBe('model');
  });

  for (const mode of ['pulse', 'frame'] as const) {
    it(`decoder (${mode}): back ends agree on every output`, () => {
      const r = new Random(mode.length);
      const stim = Array.from({ length: 800 }, () => ({ aer_valid: r.int(0, 1), aer_addr: r.int(0, 15), ...(mode === 'frame' ? { step: r.next() < 0.1 ? 1 : 0 } : {}) }));
      const res = cosim({ design: AerDecoder, params: { lines: 13, mode }, stimulus: stim, backends: BACKENDS, cacheDir: CACHE_DIR });
      expect(res.cycles).toBe(800);
    });
  }
});
