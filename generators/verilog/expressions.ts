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
  /** printed(net).text, operand(printed(net)) and printed(net).vsigned without a Printed object. */
  text(net: NetId): string;
  operand(net: NetId): string;
  vsigned(net: NetId): boolean;
  name(net: NetId): string;
  width(net: NetId): number;
}

/** The expression for every form except `case`, which is a statement block. */
function expr(text: string, vsigned: boolean, sensitive = false): Printed {
  return { text, atomic: false, vsigned, sensitive };
}

function atom(text: string, vsigned = false): Printed {
  return { text, atomic: true, vsigned, sensitive: false };
}

export function printForm(f: Form, args: ArgInfo): Printed {
  const p = args.printed;
  switch (f.kind) {
    case 'literal':
      return printedLiteral(f.width, f.value);
    case 'pass':
      return p(f.a);
    case 'unary':
      return expr(`${f.op}${args.operand(f.a)}`, args.vsigned(f.a));
    case 'reduce':
      return expr(`${f.op}${args.operand(f.a)}`, false);
    case 'nary': {
      let vsigned = f.op !== '==' && f.op !== '!=';
      let text = '';
      const sep = ` ${f.op} `;
      for (let i = 0; i < f.args.length; i++) {
        const x = f.args[i]!;
        if (!args.vsigned(x)) vsigned = false;
        text += i === 0 ? args.operand(x) : sep + args.operand(x);
      }
      return expr(text, vsigned);
    }
    case 'compare': {
      if (f.signed) return expr(`${signedSide(p(f.a))} ${f.op} ${signedSide(p(f.b))}`, false);
      // Two signed-looking sides would make Verilog compare them as signed.
      if (args.vsigned(f.a) && args.vsigned(f.b)) return expr(`$unsigned(${args.text(f.a)}) ${f.op} $unsigned(${args.text(f.b)})`, false);
      return expr(`${args.operand(f.a)} ${f.op} ${args.operand(f.b)}`, false);
    }
    case 'bitCompare': {
      const a = args.operand(f.a);
      const b = args.operand(f.b);
      switch (f.op) {
        case '<':
          return expr(`~${a} & ${b}`, false);
        case '<=':
          return expr(`~${a} | ${b}`, false);
        case '>':
          return expr(`${a} & ~${b}`, false);
        case '>=':
          return expr(`${a} | ~${b}`, false);
      }
      break;
    }
    case 'shift': {
      if (typeof f.amount !== 'number' && f.amount.narrow !== undefined) {
        // Guarded (see the shift form in cell-forms.ts): amount >= width gives 0.
        const w = args.width(f.a);
        const name = args.name(f.amount.net);
        const aw = args.width(f.amount.net);
        return expr(`${name} >= ${literal(aw, BigInt(w))} ? ${zero(w)} : ${args.operand(f.a)} ${f.op} ${bits(name, aw, 0, f.amount.narrow)}`, false);
      }
      const amt = typeof f.amount === 'number' ? String(f.amount) : args.operand(f.amount.net);
      return expr(`${args.operand(f.a)} ${f.op} ${amt}`, args.vsigned(f.a));
    }
    case 'sra': {
      const amt = typeof f.amount === 'number' ? String(f.amount) : args.operand(f.amount.net);
      return expr(`$signed(${args.text(f.a)}) >>> ${amt}`, true, true);
    }
    case 'slice':
      return atom(bits(args.name(f.a), args.width(f.a), f.lo, f.width));
    case 'concat': {
      let text = '{';
      for (let i = 0; i < f.args.length; i++) text += i === 0 ? args.text(f.args[i]!) : ', ' + args.text(f.args[i]!);
      return atom(text + '}');
    }
    case 'zext':
      return atom(`{${zero(f.pad)}, ${args.text(f.a)}}`);
    case 'sext': {
      const name = args.name(f.a);
      const aw = args.width(f.a);
      if (aw === 1) return atom(`{${f.pad + 1}{${name}}}`);
      return atom(`{{${f.pad}{${name}[${aw - 1}]}}, ${name}}`);
    }
    case 'ternary': {
      const sel = args.operand(f.sel);
      const cond = args.width(f.sel) === 1 ? sel : `(${sel} != ${zero(args.width(f.sel))})`;
      return expr(`${cond} ? ${args.operand(f.a1)} : ${args.operand(f.a0)}`, args.vsigned(f.a0) && args.vsigned(f.a1));
    }
    case 'case':
      break;
  }
  throw new Error(`a ${f.kind} form prints as a statement block`);
}

function signedSide(x: Printed): string {
  if (x.literal) return signedLiteral(x.literal.width, x.literal.value);
  if (x.vsigned && x.atomic) return x.text;
  return `$signed(${x.text})`;
}
