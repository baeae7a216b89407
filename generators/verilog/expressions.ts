// Printing one cell's form as a Verilog expression, given how each argument
// prints. Every printed expression has exactly the IR width when evaluated on
// its own; what can still go wrong is signedness flowing in from the context,
// which `sensitive` marks (see Pos in cell-forms.ts).
import type { NetId } from '../../hdl/ir.ts';
import type { Form } from './cell-forms.ts';
import { literal, signedLiteral, zero } from './literals.ts';

export interface Printed {
  text: string;
  /** Needs no parentheses inside a larger expression. */
  atomic: boolean;
  /** Verilog's view of the expression's signedness (not the IR's). */
  vsigned: boolean;
  /** Its value changes if a context of another signedness coerces it (arithmetic shift). */
  sensitive: boolean;
  /** Set when the expression is a constant literal. */
  literal?: { width: number; value: bigint };
}

export function printedName(name: string, signed: boolean): Printed {
  return { text: name, atomic: true, vsigned: signed, sensitive: false };
}

export function printedLiteral(width: number, value: bigint): Printed {
  return { text: literal(width, value), atomic: true, vsigned: false, sensitive: false, literal: { width, value } };
}

export function operand(p: Printed): string {
  return p.atomic ? p.text : `(${p.text})`;
}

/** Part-select of a declared signal; the whole signal when it is all of it. */
export function bits(name: string, netWidth: number, lo: number, width: number): string {
  if (lo === 0 && width === netWidth) return name;
  if (width === 1) return `${name}[${lo}]`;
  return `${name}[${lo + width - 1}:${lo}]`;
}

/** `if (...)` condition text for a net of any width. */
export function condition(p: Printed, width: number): string {
  return width === 1 ? p.text : `${operand(p)} != ${zero(width)}`;
}

export interface ArgInfo {
  printed(net: NetId): Printed;
  name(net: NetId): string;
  width(net: NetId): number;
}

/** The expression for every form except `case`, which is a statement block. */
export function printForm(f: Form, args: ArgInfo): Printed {
  const p = args.printed;
  const expr = (text: string, vsigned: boolean, sensitive = false): Printed => ({ text, atomic: false, vsigned, sensitive });
  const atom = (text: string, vsigned = false): Printed => ({ text, atomic: true, vsigned, sensitive: false });
  switch (f.kind) {
    case 'literal':
      return printedLiteral(f.width, f.value);
    case 'pass':
      return p(f.a);
    case 'unary':
      return expr(`${f.op}${operand(p(f.a))}`, p(f.a).vsigned);
    case 'reduce':
      return expr(`${f.op}${operand(p(f.a))}`, false);
    case 'nary': {
      const ps = f.args.map(p);
      const vsigned = f.op !== '==' && f.op !== '!=' && ps.every((x) => x.vsigned);
      return expr(ps.map(operand).join(` ${f.op} `), vsigned);
    }
    case 'compare': {
      const a = p(f.a);
      const b = p(f.b);
      if (f.signed) return expr(`${signedSide(a)} ${f.op} ${signedSide(b)}`, false);
      // Two signed-looking sides would make Verilog compare them as signed.
      if (a.vsigned && b.vsigned) return expr(`$unsigned(${a.text}) ${f.op} $unsigned(${b.text})`, false);
      return expr(`${operand(a)} ${f.op} ${operand(b)}`, false);
    }
    case 'bitCompare': {
      const a = operand(p(f.a));
      const b = operand(p(f.b));
      const text = { '<': `~${a} & ${b}`, '<=': `~${a} | ${b}`, '>': `${a} & ~${b}`, '>=': `${a} | ~${b}` }[f.op];
      return expr(text, false);
    }
    case 'shift': {
      const a = p(f.a);
      const amt = typeof f.amount === 'number' ? String(f.amount) : operand(p(f.amount.net));
      return expr(`${operand(a)} ${f.op} ${amt}`, a.vsigned);
    }
    case 'sra': {
      const amt = typeof f.amount === 'number' ? String(f.amount) : operand(p(f.amount.net));
      return expr(`$signed(${p(f.a).text}) >>> ${amt}`, true, true);
    }
    case 'slice':
      return atom(bits(args.name(f.a), args.width(f.a), f.lo, f.width));
    case 'concat':
      return atom(`{${f.args.map((x) => p(x).text).join(', ')}}`);
    case 'zext':
      return atom(`{${zero(f.pad)}, ${p(f.a).text}}`);
    case 'sext': {
      const name = args.name(f.a);
      const aw = args.width(f.a);
      if (aw === 1) return atom(`{${f.pad + 1}{${name}}}`);
      return atom(`{{${f.pad}{${name}[${aw - 1}]}}, ${name}}`);
    }
    case 'ternary': {
      const sel = p(f.sel);
      const cond = args.width(f.sel) === 1 ? operand(sel) : `(${operand(sel)} != ${zero(args.width(f.sel))})`;
      const a1 = p(f.a1);
      const a0 = p(f.a0);
      return expr(`${cond} ? ${operand(a1)} : ${operand(a0)}`, a0.vsigned && a1.vsigned);
    }
    case 'case':
      throw new Error('a case form prints as a statement block');
  }
}

function signedSide(x: Printed): string {
  if (x.literal) return signedLiteral(x.literal.width, x.literal.value);
  if (x.vsigned && x.atomic) return x.text;
  return `$signed(${x.text})`;
}
