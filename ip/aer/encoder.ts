// AER encoder: N spike lines in, a stream of line addresses out. Each line
// counts its waiting spikes (so nothing is lost while the arbiter or the
// output is busy, up to the counter's capacity); a round-robin arbiter grants
// one waiting line per cycle into a FIFO on a memory; the FIFO drives the
// valid/ready output. The rule is written out in docs/ip/aer.md.
import { addrWidth, Bool, design, UInt, type InputPort, type OutputPort, type Signal } from '../../hdl/index.ts';
import { AddressFifo } from './fifo.ts';
import { defaultAerEncoderParams, validateAerEncoderParams } from './params.ts';
import { reportParamErrors } from '../param-errors.ts';
import { anyOf, roundRobinPick } from './priority-encoder.ts';

export interface AerEncoderPorts {
  spikes: InputPort;
  aer_valid: OutputPort;
  aer_ready: InputPort;
  aer_addr: OutputPort;
  /** A spike arrived on a line whose pending counter was full (this cycle). */
  lost: OutputPort;
  /** No spike is waiting and the FIFO is empty. */
  idle: OutputPort;
}

export const AerEncoder = design(
  'AerEncoder',
  defaultAerEncoderParams,
  (m, p): AerEncoderPorts => {
    const bad = reportParamErrors(m, 'aer-param', 'AerEncoder', validateAerEncoderParams(p));
    const n = bad ? 1 : p.lines;
    const pw = bad ? 1 : p.pendingWidth;
    const aw = addrWidth(n);
    const ports: AerEncoderPorts = {
      spikes: m.input('spikes', UInt(n)),
      aer_valid: m.output('aer_valid', Bool()),
      aer_ready: m.input('aer_ready', Bool()),
      aer_addr: m.output('aer_addr', UInt(aw)),
      lost: m.output('lost', Bool()),
      idle: m.output('idle', Bool()),
    };
    if (bad) {
      ports.aer_valid.set(0);
      ports.aer_addr.set(0);
      ports.lost.set(0);
      ports.idle.set(1);
      return ports;
    }
    const full = (1 << pw) - 1;
    const pend = Array.from({ length: n }, (_, i) => m.reg(`pend_${i}`, UInt(pw), { reset: 0 }));
    const req = pend.map((c, i) => m.let(`req_${i}`, c.ne(0)));
    const pointer = m.reg('pointer', UInt(aw), { reset: 0 });
    const fifo = m.instance('fifo', AddressFifo, { width: aw, depth: p.fifoDepth });

    const pick = roundRobinPick(req, pointer);
    const grantIndex = m.let('grant_index', pick.index);
    const grant = m.let('grant', pick.any.and(fifo.enq_ready));
    fifo.enq_valid.set(pick.any);
    fifo.enq_data.set(grantIndex);
    fifo.deq_ready.set(ports.aer_ready);
    m.when(grant, () => pointer.set(n === 1 ? pointer : grantIndex.eq(n - 1).select(pointer.lit(0, UInt(aw)), grantIndex.addWrap(1))));

    const lostBits: Signal[] = [];
    for (let i = 0; i < n; i++) {
      const arrive = n === 1 ? ports.spikes : ports.spikes.bit(i);
      const granted = grant.and(grantIndex.eq(i));
      const c = pend[i]!;
      // A grant and an arrival on the same edge cancel out.
      m.when(arrive.and(granted.not()), () => {
        m.when(c.ne(full), () => c.set(c.addWrap(1)));
      }).elseWhen(granted.and(arrive.not()), () => c.set(c.subWrap(1)));
      lostBits.push(arrive.and(granted.not()).and(c.eq(full)));
    }
    const anyLost = anyOf(lostBits);
    const anyReq = anyOf(req);

    ports.aer_valid.set(fifo.deq_valid);
    ports.aer_addr.set(fifo.deq_data);
    ports.lost.set(anyLost);
    ports.idle.set(anyReq.not().and(fifo.count.eq(0)));
    return ports;
  },
  { doc: 'AER encoder: per-line pending counters, round-robin arbiter, output FIFO on a memory, valid/ready address stream.' },
);
