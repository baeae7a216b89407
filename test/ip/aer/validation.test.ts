// Impossible AER parameters are rejected at build time, each naming the
// parameter, by the hardware and by the golden models.
import { describe, expect, it } from 'vitest';
import { DesignError, elaborate } from '../../../hdl/index.ts';
import {
  AddressFifo,
  AerDecoder,
  AerDecoderModel,
  AerEncoder,
  AerEncoderModel,
  defaultAerDecoderParams,
  defaultAerEncoderParams,
} from '../../../ip/aer/index.ts';

function diagnostics(f: () => unknown): DesignError['diagnostics'] {
  try {
    f();
  } catch (e) {
    if (e instanceof DesignError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected a DesignError');
}

describe('AER parameter checks', () => {
  const enc: [string, object, string][] = [
    ['zero lines', { lines: 0 }, 'lines'],
    ['a zero-depth FIFO', { fifoDepth: 0 }, 'fifoDepth'],
    ['no pending counter', { pendingWidth: 0 }, 'pendingWidth'],
    ['a fractional line count', { lines: 2.5 }, 'lines'],
  ];
  for (const [what, change, param] of enc) {
    it(`encoder, ${what}: names ${param}`, () => {
      const p = { ...defaultAerEncoderParams, ...change };
      const ds = diagnostics(() => elaborate(AerEncoder, p));
      const d = ds.find((x) => x.code === 'aer-param' && x.message.includes(`${param}:`));
      expect(d).toBeDefined();
      expect(d!.loc.file).toMatch(/test\/ip\/aer\/validation\.test\.ts$/);
      expect(() => new AerEncoderModel(p)).toThrow(new RegExp(`${param}:`));
    });
  }

  it('decoder: zero lines and an unknown mode', () => {
    const ds = diagnostics(() => elaborate(AerDecoder, { lines: 0, mode: 'burst' as 'frame' }));
    expect(ds.map((d) => d.message).join('\n')).toMatch(/lines:[^]*mode:/);
    expect(() => new AerDecoderModel({ ...defaultAerDecoderParams, lines: -1 })).toThrow(/lines:/);
  });

  it('FIFO: zero depth', () => {
    const ds = diagnostics(() => elaborate(AddressFifo, { width: 4, depth: 0 }));
    expect(ds.some((d) => d.code === 'fifo-param' && d.message.includes('depth:'))).toBe(true);
  });
});
