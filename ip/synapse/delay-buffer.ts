// The delay ring buffer in hardware. One memory holds D + 1 slots per target
// (address = slot * targets + target); `head` is the slot of the current time
// step. An add reads, accumulates and writes back its slot; a tick drains the
// head slot of every target in order, clears it and advances head. The
// read-modify-write is a two-stage pipeline (issue the read; add and write
// back) with a forwarding register, so back-to-back adds to one slot are exact.
import { Bool, design, SInt, UInt, addrWidth, type ModuleBuilder, type Signal } from '../../hdl/index.ts';
import { paramLoc } from '../param-errors.ts';
import { validateDelayParams, type DelayParams } from './spec.ts';

export const defaultDelayParams: DelayParams = { targets: 16, maxDelay: 7, valueWidth: 8, accWidth: 12, overflow: 'saturate' };

export interface DelayBufferPorts {
  in_valid: Signal;
  in_ready: Signal;
  in_tick: Signal;
  in_target: Signal;
  in_delay: Signal;
  in_value: Signal;
  out_valid: Signal;
  out_target: Signal;
  out_value: Signal;
  busy: Signal;
}

/** Fits an exact signed value to `width` bits by the overflow rule. */
function fitSigned(x: Signal, width: number, overflow: DelayParams['overflow']): Signal {
  return overflow === 'saturate' ? x.saturate(width) : x.truncate(width);
}

/**
 * Input transactions (valid/ready): an add (`in_tick` low) accumulates
 * `in_value` into `in_target`'s slot `in_delay` steps ahead (a delay past
 * maxDelay or a target past the end is dropped); a tick (`in_tick` high)
 * drains the current step: `out_valid` is high for one cycle per target, in
 * target order 0..targets-1, with the slot's value, which is then cleared.
 * The output has no back-pressure. `busy` is high while anything accepted is
 * still being processed.
 */
export const DelayBuffer = design(
  'DelayBuffer',
  defaultDelayParams,
  (m: ModuleBuilder, p: DelayParams): DelayBufferPorts => {
    const errs = validateDelayParams(p);
    for (const e of errs) m.report('synapse-params', e, paramLoc());
    const ok = errs.length === 0;
    const T = ok ? p.targets : 1;
    const D = ok ? p.maxDelay : 0;
    const tw = addrWidth(T);
    const sw = addrWidth(D + 1);
    const accW = ok ? p.accWidth : 2;

    const inValid = m.input('in_valid', Bool());
    const inReady = m.output('in_ready', Bool());
    const inTick = m.input('in_tick', Bool());
    const inTarget = m.input('in_target', UInt(tw));
    const inDelay = m.input('in_delay', UInt(sw));
    const inValue = m.input('in_value', SInt(ok ? p.valueWidth : 2));
    const outValid = m.output('out_valid', Bool());
    const outTarget = m.output('out_target', UInt(tw));
    const outValue = m.output('out_value', SInt(accW));
    const busy = m.output('busy', Bool());
    const ports = { in_valid: inValid, in_ready: inReady, in_tick: inTick, in_target: inTarget, in_delay: inDelay, in_value: inValue, out_valid: outValid, out_target: outTarget, out_value: outValue, busy };
    if (!ok) {
      for (const o of [inReady, outValid, outTarget, outValue, busy]) o.set(0);
      return ports;
    }

    const depth = (D + 1) * T;
    const aw = addrWidth(depth);
    const mem = m.memory('slots', { type: SInt(accW), depth });

    // ---- sequencer: one accepted transaction at a time; a tick is a pass over the targets.
    const active = m.reg('active', Bool(), { reset: 0 });
    const opTick = m.reg('op_tick', Bool(), { reset: 0 });
    const opTarget = m.reg('op_target', UInt(tw), { reset: 0 });
    const opDelay = m.reg('op_delay', UInt(sw), { reset: 0 });
    const opValue = m.reg('op_value', SInt(p.valueWidth), { reset: 0 });
    const idx = m.reg('drain_idx', UInt(tw), { reset: 0 });
    const head = m.reg('head', UInt(sw), { reset: 0 });

    const issue = active;
    const lastDrain = m.let('last_drain', idx.eq(T - 1));
    const last = m.let('last_issue', issue.and(opTick.not().or(lastDrain)));
    const ready = active.not().or(last);
    inReady.set(ready);
    const accept = inValid.and(ready);

    // Slot of an add: (head + delay) mod (D + 1).
    const sum = head.add(opDelay);
    const wrapped = sum.ge(D + 1).select(sum.sub(D + 1).truncate(sum.width), sum);
    const addSlot = wrapped.truncate(sw);
    const slot = opTick.select(head, addSlot);
    const target = opTick.select(idx, opTarget);
    const wide = slot.mul(T).add(target);
    const issueAddr = m.let('issue_addr', wide.width >= aw ? wide.truncate(aw) : wide.zext(aw));
    // An add with a delay past the buffer or a target past the end does nothing.
    let addOk: Signal = opTick.not();
    if (1 << sw !== D + 1) addOk = addOk.and(opDelay.le(D));
    if (1 << tw !== T) addOk = addOk.and(opTarget.lt(T));
    const issueOk = m.let('issue_ok', issue.and(opTick.or(addOk)));

    m.when(issue.and(opTick), () => {
      idx.set(lastDrain.select(idx.lit(0, idx.type), idx.addWrap(1)));
      m.when(lastDrain, () => head.set(head.eq(D).select(head.lit(0, head.type), head.addWrap(1))));
    });
    m.when(last, () => active.set(0));
    m.when(accept, () => {
      active.set(1);
      opTick.set(inTick);
      opTarget.set(inTarget);
      opDelay.set(inDelay);
      opValue.set(inValue);
    });

    // ---- stage 1: read data arrives; accumulate (add) or drain (tick), write back.
    const rd = mem.read(issueAddr, { sync: true, enable: issueOk, name: 'slot_rd' });
    const s1Valid = m.reg('s1_valid', Bool(), { reset: 0 });
    const s1Tick = m.reg('s1_tick', Bool(), { reset: 0 });
    const s1Addr = m.reg('s1_addr', UInt(aw), { reset: 0 });
    const s1Target = m.reg('s1_target', UInt(tw), { reset: 0 });
    const s1Value = m.reg('s1_value', SInt(p.valueWidth), { reset: 0 });
    s1Valid.set(issueOk);
    s1Tick.set(opTick);
    s1Addr.set(issueAddr);
    s1Target.set(target);
    s1Value.set(opValue);

    // The read issued on the edge that wrote the same word saw the old word: forward the written one.
    const fwdValid = m.reg('fwd_valid', Bool(), { reset: 0 });
    const fwdAddr = m.reg('fwd_addr', UInt(aw), { reset: 0 });
    const fwdData = m.reg('fwd_data', SInt(accW), { reset: 0 });
    const cur = m.let('slot_cur', fwdValid.and(fwdAddr.eq(s1Addr)).select(fwdData, rd));
    const accumulated = fitSigned(cur.add(s1Value.sext(Math.max(accW, p.valueWidth))), accW, p.overflow);
    const written = m.let('slot_next', s1Tick.select(cur.lit(0, cur.type), accumulated));
    mem.write(s1Addr, written, s1Valid);
    fwdValid.set(s1Valid);
    fwdAddr.set(s1Addr);
    fwdData.set(written);

    outValid.set(s1Valid.and(s1Tick));
    outTarget.set(s1Target);
    outValue.set(cur);
    busy.set(active.or(s1Valid));
    return ports;
  },
  { doc: 'Synaptic delay ring buffer: maxDelay + 1 slots per target, accumulating adds, a tick drains the current slot of every target.' },
);
