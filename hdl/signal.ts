// Hardware signals: the operator library of vec.ts, building IR cells in the
// module they belong to. Ports, wires and registers are signals too; the ones
// that can be driven are Assignable.
import type { CellOp, NetId, SourceLoc } from './ir.ts';
import { callerLoc } from './source-location.ts';
import { typeName, type HwType } from './types.ts';
import { Vec, type CellParams, type Operand } from './vec.ts';
import type { ModuleBuilder } from './module.ts';

export class Signal extends Vec<Signal> {
  constructor(
    readonly mod: ModuleBuilder,
    readonly net: NetId,
    readonly type: HwType,
  ) {
    super();
  }

  /** The name of the net in the IR (user's name, or a generated one for temporaries). */
  get name(): string {
    return this.mod.netName(this.net);
  }

  protected cell(op: CellOp, args: Signal[], type: HwType, params?: CellParams): Signal {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a.mod !== this.mod) {
        this.fail('foreign-signal', `signal '${a.name}' belongs to module '${a.mod.name}' and cannot be used in '${this.mod.name}'; connect it through a port`);
        return this.mod.constantSignal(0n, type);
      }
    }
    return this.mod.addCell(op, args, type, params, currentLoc());
  }

  protected constant(pattern: bigint, type: HwType): Signal {
    return this.mod.constantSignal(pattern, type);
  }

  fail(code: string, message: string): void {
    this.mod.report(code, message, currentLoc());
  }

  override toString(): string {
    return `${this.name}:${typeName(this.type)}`;
  }
}

// One user call (say `a.addSat(b)`) makes several cells; they all share the
// location of that call, captured once, on entry: stack capture costs
// microseconds, and the fewer frames sit above the caller's, the fewer it costs.
let depth = 0;
let pending: SourceLoc | null = null;

function currentLoc(): SourceLoc {
  return depth === 0 ? callerLoc() : (pending ??= callerLoc());
}

/** The location of the user call being elaborated, when one is (else null). */
export function userCallLoc(): SourceLoc | null {
  return depth === 0 ? null : pending;
}

// Vec's private helpers are only ever called from its own methods, inside a
// user call: they need no wrapper. (Listing one here is only about speed: an
// unwrapped method called directly still gets its location per cell.)
const HELPERS = new Set(['self', 'rawOf', 'lift', 'refine', 'pair', 'grown', 'sameType', 'extendTo', 'dropFraction', 'shift', 'bitwise', 'compare']);

for (const key of Object.getOwnPropertyNames(Vec.prototype)) {
  const desc = Object.getOwnPropertyDescriptor(Vec.prototype, key);
  if (key === 'constructor' || HELPERS.has(key) || !desc || typeof desc.value !== 'function') continue;
  const inner = desc.value as (...args: unknown[]) => unknown;
  const wrapper = function (this: Signal): unknown {
    // eslint-disable-next-line prefer-rest-params
    if (depth > 0) return inner.apply(this, arguments as unknown as unknown[]);
    depth = 1;
    pending = callerLoc(wrapper);
    try {
      // eslint-disable-next-line prefer-rest-params
      return inner.apply(this, arguments as unknown as unknown[]);
    } finally {
      depth = 0;
      pending = null;
    }
  };
  Object.defineProperty(Signal.prototype, key, { ...desc, value: wrapper });
}

/** A module input port (read-only inside the module). */
export class InputPort extends Signal {
  readonly portKind = 'input' as const;
}

/** A signal that assignments drive: output ports, wires, registers, instance inputs. */
export class Assignable extends Signal {
  /** Drives this signal (inside `when` blocks: only on that path; the last assignment wins). */
  set(value: Operand<Signal>): void {
    // No location yet: most assignments never need one (see ModuleBuilder.assign).
    this.mod.assign(this, value, null);
  }
}

export class OutputPort extends Assignable {
  readonly portKind = 'output' as const;
}

export class Wire extends Assignable {
  readonly wireKind = 'wire' as const;
}

export class Reg extends Assignable {
  readonly regKind = 'reg' as const;
}

/** The parent's side of an instance input: drive it like a wire. */
export class InstanceInput extends Assignable {
  readonly instKind = 'input' as const;
}
