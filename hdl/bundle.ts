// Bundles: named groups of ports described by a spec object. A flipped member
// runs the other way, so one spec serves both ends of an interface.
import type { InputPort, OutputPort } from './signal.ts';
import { Bool, type HwType } from './types.ts';

export class Flip<T extends BundleSpec = BundleSpec> {
  readonly kind = 'spikeforge.flip' as const;
  constructor(readonly inner: T) {}
}

/** Recognised by shape, not class identity, so two copies of hdl/ still agree. */
export function isFlip(x: unknown): x is Flip {
  return !!x && typeof x === 'object' && (x as Flip).kind === 'spikeforge.flip';
}

export type BundleSpec = HwType | Flip<any> | { readonly [key: string]: BundleSpec };

/** Reverses the direction of a member (or of a whole bundle). */
export function flip<T extends BundleSpec>(spec: T): Flip<T> {
  return new Flip(spec);
}

export function isHwType(x: unknown): x is HwType {
  const t = x as HwType;
  return !!t && typeof t === 'object' && typeof t.width === 'number' && typeof t.signed === 'boolean' && typeof t.frac === 'number';
}

type Opposite<D> = D extends 'in' ? 'out' : 'in';

/** The port objects a spec creates, seen from inside the module. */
export type PortsOf<S, D extends 'in' | 'out'> =
  S extends Flip<infer T>
    ? PortsOf<T, Opposite<D>>
    : S extends HwType
      ? D extends 'in'
        ? InputPort
        : OutputPort
      : { [K in keyof S]: PortsOf<S[K], D> };

/** A valid/ready stream of `payload`, as seen by its producer (use with `output`). */
export function stream<T extends HwType>(payload: T): { valid: HwType; ready: Flip<HwType>; data: T } {
  return { valid: Bool(), ready: flip(Bool()), data: payload };
}
