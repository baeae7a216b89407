// AER decoder: a valid/ready address stream in (never back-pressured), spike
// lines out. 'pulse' raises the addressed line for the one cycle after the
// transfer; 'frame' collects the addresses of a time step and, on `step`,
// publishes them as a spike vector held until the next step.
import { addrWidth, Bool, design, UInt, type InputPort, type OutputPort } from '../../hdl/index.ts';
import { defaultAerDecoderParams, validateAerDecoderParams } from './params.ts';
import { reportParamErrors } from '../param-errors.ts';
import { packBits } from './priority-encoder.ts';

export interface AerDecoderPorts {
  aer_valid: InputPort;
  aer_ready: OutputPort;
  aer_addr: InputPort;
  /** 'frame' only: ends the time step (an address in the same cycle belongs to it). */
  step?: InputPort;
  spikes: OutputPort;
  /** 'frame' only: high for the one cycle in which `spikes` shows a new frame. */
  spikes_valid?: OutputPort;
}

export const AerDecoder = design(
  'AerDecoder',
  defaultAerDecoderParams,
  (m, p): AerDecoderPorts => {
    const bad = reportParamErrors(m, 'aer-param', 'AerDecoder', validateAerDecoderParams(p));
    const n = bad ? 1 : p.lines;
    const ports: AerDecoderPorts = {
      aer_valid: m.input('aer_valid', Bool()),
      aer_ready: m.output('aer_ready', Bool()),
      aer_addr: m.input('aer_addr', UInt(addrWidth(n))),
      spikes: m.output('spikes', UInt(n)),
    };
    ports.aer_ready.set(1);
    if (bad) {
      ports.spikes.set(0);
      return ports;
    }
    const hit = Array.from({ length: n }, (_, i) => ports.aer_valid.and(ports.aer_addr.eq(i)));
    if (p.mode === 'pulse') {
      const line = hit.map((h, i) => {
        const r = m.reg(`line_${i}`, Bool(), { reset: 0 });
        r.set(h);
        return r;
      });
      ports.spikes.set(packBits(line));
      return ports;
    }
    const step = m.input('step', Bool());
    ports.step = step;
    const valid = m.reg('frame_valid', Bool(), { reset: 0 });
    valid.set(step);
    const out = hit.map((h, i) => {
      const acc = m.reg(`collect_${i}`, Bool(), { reset: 0 });
      const shown = m.reg(`frame_${i}`, Bool(), { reset: 0 });
      const now = acc.or(h);
      m.when(step, () => {
        shown.set(now);
        acc.set(0);
      }).otherwise(() => acc.set(now));
      return shown;
    });
    ports.spikes.set(packBits(out));
    ports.spikes_valid = m.output('spikes_valid', Bool());
    ports.spikes_valid.set(valid);
    return ports;
  },
  { doc: "AER decoder: address stream to one-cycle spike lines ('pulse') or to a spike vector per time step ('frame')." },
);
