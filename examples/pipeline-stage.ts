// A valid/ready pipeline register (a full-throughput skid buffer): breaks the
// combinational ready path without losing a beat.
import { design, stream, UInt } from '../hdl/index.ts';

export interface PipelineStageParams {
  /** Payload width in bits. */
  width: number;
}

/** Registered valid/ready stage; sustains one beat per cycle and never drops data under back-pressure. */
export const PipelineStage = design(
  'PipelineStage',
  { width: 16 } as PipelineStageParams,
  (m, p) => {
    const input = m.input('in', stream(UInt(p.width)));
    const output = m.output('out', stream(UInt(p.width)));

    const valid = m.reg('valid', UInt(1), { reset: 0 });
    const data = m.reg('data', UInt(p.width), { init: 0 });
    const skidValid = m.reg('skid_valid', UInt(1), { reset: 0 });
    const skidData = m.reg('skid_data', UInt(p.width), { init: 0 });

    const inReady = m.let('in_ready_r', skidValid.not());
    const take = m.let('take', input.valid.and(inReady));
    const drain = m.let('drain', valid.not().or(output.ready));

    m.when(drain, () => {
      m.when(skidValid, () => {
        valid.set(1);
        data.set(skidData);
        skidValid.set(0);
      }).otherwise(() => {
        valid.set(take);
        m.when(take, () => data.set(input.data));
      });
    }).elseWhen(take, () => {
      skidValid.set(1);
      skidData.set(input.data);
    });

    input.ready.set(inReady);
    output.valid.set(valid);
    output.data.set(data);
    return { in: input, out: output };
  },
  { doc: 'Valid/ready register slice with a skid buffer.' },
);
