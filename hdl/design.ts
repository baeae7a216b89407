// A design is a named, parameterised module description: a body that builds
// the module from a parameter object, and the defaults for every parameter.
// Designs are plain values, so the command line and ts-morph can find them.
import type { SourceLoc } from './ir.ts';
import type { ModuleBuilder } from './module.ts';
import type { InputPort, InstanceInput, OutputPort, Signal } from './signal.ts';
import { callerLoc } from './source-location.ts';

export interface Design<P extends object = any, IO = any> {
  readonly kind: 'spikeforge.design';
  readonly name: string;
  readonly defaults: Readonly<P>;
  readonly body: (m: ModuleBuilder, p: P) => IO;
  readonly doc?: string;
  readonly loc: SourceLoc;
  /** A black box: the body declares ports only; parameters go to each instance. */
  readonly blackbox?: boolean;
}

/** The parent's view of an instance's ports: child inputs are driven, child outputs are read. */
export type InstanceSide<IO> = IO extends OutputPort
  ? Signal
  : IO extends InputPort
    ? InstanceInput
    : IO extends Signal
      ? Signal
      : IO extends object
        ? { [K in keyof IO]: InstanceSide<IO[K]> }
        : never;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Declares a design. `body(m, params)` builds the module with `m` and returns
 * its ports (any nesting of objects), which instances then expose.
 */
export function design<P extends object, IO>(
  name: string,
  defaults: P,
  body: (m: ModuleBuilder, p: P) => IO,
  opts: { doc?: string } = {},
): Design<P, IO> {
  if (!NAME.test(name)) throw new Error(`design name '${name}' must be an identifier (letters, digits, _)`);
  const d: Design<P, IO> = { kind: 'spikeforge.design', name, defaults: Object.freeze({ ...defaults }), body, loc: callerLoc() };
  return opts.doc ? { ...d, doc: opts.doc } : d;
}

/**
 * Declares a black box, e.g. a vendor primitive: `ports(m)` declares its
 * ports only, and `params` lists the parameters an instance may set (with
 * defaults). Each instance passes its own parameter values.
 */
export function primitive<P extends Record<string, number | string>, IO>(
  name: string,
  params: P,
  ports: (m: ModuleBuilder) => IO,
  opts: { doc?: string } = {},
): Design<P, IO> {
  if (!NAME.test(name)) throw new Error(`primitive name '${name}' must be an identifier (letters, digits, _)`);
  const d: Design<P, IO> = { kind: 'spikeforge.design', name, defaults: Object.freeze({ ...params }), body: (m) => ports(m), loc: callerLoc(), blackbox: true };
  return opts.doc ? { ...d, doc: opts.doc } : d;
}

export function isDesign(x: unknown): x is Design {
  return !!x && typeof x === 'object' && (x as Design).kind === 'spikeforge.design';
}
