// Elaboration: runs design bodies into IR modules, once per parameter set,
// names each module deterministically, collects every error, and checks the
// result. Nothing is returned (and so nothing can be written) while errors remain.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { DesignError, DiagnosticSink } from './diagnostics.ts';
import type { Design } from './design.ts';
import type { IrDesign, IrModule, SourceLoc } from './ir.ts';
import { ModuleBuilder } from './module.ts';
import { runChecks } from './passes/run-checks.ts';

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v;
}

/** Merges given parameters over the defaults; unknown names and wrong types are errors. */
export function resolveParams<P extends object>(design: Design<P>, given: Partial<P> | Record<string, unknown>, loc: SourceLoc = design.loc): P {
  const sink = new DiagnosticSink();
  const defaults = design.defaults as Record<string, unknown>;
  for (const [k, v] of Object.entries(given)) {
    if (!(k in defaults)) {
      const known = Object.keys(defaults);
      sink.error('unknown-param', `design '${design.name}' has no parameter '${k}'${known.length ? ` (parameters: ${known.join(', ')})` : ' (it takes no parameters)'}`, loc);
      continue;
    }
    const want = kindOf(defaults[k]);
    const got = kindOf(v);
    if (want !== got && defaults[k] !== undefined) {
      sink.error('param-type', `parameter '${k}' of design '${design.name}' must be a ${want}, got ${got} ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}`, loc);
    } else if (typeof v === 'number' && !Number.isFinite(v)) {
      sink.error('param-type', `parameter '${k}' of design '${design.name}' must be a finite number, got ${v}`, loc);
    }
  }
  sink.throwIfAny();
  return { ...(design.defaults as P), ...(given as Partial<P>) };
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

interface Elaborated {
  module: IrModule;
  io: unknown;
}

export class Elaboration {
  readonly sink = new DiagnosticSink();
  readonly modules: IrModule[] = [];
  private readonly cache = new Map<string, Elaborated>();
  private readonly owners = new Map<string, string>();
  private readonly inProgress = new Set<string>();
  private readonly designIds = new Map<Design, number>();

  private keyOf(design: Design, params: object): string {
    let id = this.designIds.get(design);
    if (id === undefined) {
      id = this.designIds.size;
      this.designIds.set(design, id);
    }
    return `${id}:${canonicalJson(params)}`;
  }

  /** Deterministic module name: the design name, plus the parameters that differ from the defaults. */
  private moduleName(design: Design, params: object, key: string, top: boolean): string {
    const defaults = design.defaults as Record<string, unknown>;
    const diff = Object.keys(params)
      .sort()
      .filter((k) => canonicalJson((params as Record<string, unknown>)[k]) !== canonicalJson(defaults[k]));
    const candidates: string[] = [];
    if (top || diff.length === 0) candidates.push(design.name);
    const readable = diff.map((k) => `${k}${String((params as Record<string, unknown>)[k])}`).join('_');
    if (diff.length > 0 && readable.length <= 48 && diff.every((k) => typeof (params as Record<string, unknown>)[k] !== 'object')) {
      candidates.push(sanitize(`${design.name}_${readable}`));
    }
    candidates.push(`${design.name}_${createHash('sha256').update(key.slice(key.indexOf(':') + 1)).digest('hex').slice(0, 8)}`);
    for (const c of candidates) {
      const owner = this.owners.get(c);
      if (owner === undefined || owner === key) return c;
    }
    let i = 1;
    while (this.owners.has(`${candidates[candidates.length - 1]}_${i}`)) i++;
    return `${candidates[candidates.length - 1]}_${i}`;
  }

  moduleFor(design: Design, given: object, loc: SourceLoc, top = false): Elaborated & { params: object } {
    let params: object;
    try {
      params = resolveParams(design, given as Record<string, unknown>, loc);
    } catch (e) {
      if (e instanceof DesignError) for (const d of e.diagnostics) this.sink.items.push(d);
      params = design.defaults;
    }
    // A black box is one module whatever its instance parameters.
    const key = this.keyOf(design, design.blackbox ? {} : params);
    const done = this.cache.get(key);
    if (done) return { ...done, params };
    if (this.inProgress.has(key)) {
      this.sink.error('recursive-instance', `design '${design.name}' instantiates itself with the same parameters`, loc);
      throw new DesignError(this.sink.items.slice());
    }
    this.inProgress.add(key);
    const name = design.blackbox ? design.name : this.moduleName(design, params, key, top);
    this.owners.set(name, key);
    const m = new ModuleBuilder(name, this, design.loc);
    const io = design.body(m, params);
    const module = m.finish({ design: design.name, params: design.blackbox ? {} : (JSON.parse(canonicalJson(params)) as Record<string, unknown>) }, design.doc, design.blackbox);
    this.inProgress.delete(key);
    const e: Elaborated = { module, io };
    this.cache.set(key, e);
    this.modules.push(module);
    return { ...e, params };
  }
}

export interface ElaborateOptions {
  /** Run the IR checks (widths, drivers, combinational loops). Default true. */
  check?: boolean;
}

/** Elaborates a design into IR; throws DesignError with every error found. */
export function elaborate<P extends object>(design: Design<P>, params: Partial<P> = {}, opts: ElaborateOptions = {}): IrDesign {
  resolveParams(design, params);
  const session = new Elaboration();
  const top = session.moduleFor(design, params, design.loc, true);
  session.sink.throwIfAny();
  const ir: IrDesign = { top: top.module.name, modules: session.modules };
  if (opts.check ?? true) {
    const problems = runChecks(ir);
    if (problems.length > 0) throw new DesignError(problems);
  }
  return ir;
}
