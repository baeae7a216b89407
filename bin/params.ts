// `--param name=value`: the text is read as the type of the parameter's
// default (number, boolean, string, bigint, or JSON for arrays and objects),
// so `--param width=12` gives the number 12 and `--param taps=[1,2]` an array.
import type { Design } from '../hdl/index.ts';
import { UserError } from './errors.ts';

// Decimal (with fraction/exponent) or 0x / 0o / 0b integers, optionally signed.
const NUMBER = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)$/;
const BIGINT = /^-?(?:\d+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)n?$/;

export function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v;
}

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  const n = sign * Number(body);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses one value as the kind of `like`; undefined when the text is not of that kind. */
function parseAs(text: string, like: unknown): { ok: true; value: unknown } | { ok: false } {
  switch (kindOf(like)) {
    case 'number': {
      const n = parseNumber(text);
      return n === undefined ? { ok: false } : { ok: true, value: n };
    }
    case 'bigint': {
      const t = text.trim();
      if (!BIGINT.test(t)) return { ok: false };
      const neg = t.startsWith('-');
      const v = BigInt(t.replace(/^-/, '').replace(/n$/, ''));
      return { ok: true, value: neg ? -v : v };
    }
    case 'boolean':
      return text === 'true' ? { ok: true, value: true } : text === 'false' ? { ok: true, value: false } : { ok: false };
    case 'string':
      return { ok: true, value: text };
    case 'array':
    case 'object': {
      try {
        const v: unknown = JSON.parse(text);
        return kindOf(v) === kindOf(like) ? { ok: true, value: v } : { ok: false };
      } catch {
        return { ok: false };
      }
    }
    default: {
      // No default to go by (undefined or null): JSON when it parses, else the text.
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return { ok: true, value: text };
      }
    }
  }
}

const EXPECTED: Record<string, string> = {
  number: 'a finite number (e.g. 12, -3, 0.5, 0x1f)',
  bigint: 'an integer (e.g. 12, 0xff)',
  boolean: 'true or false',
  array: 'a JSON array (e.g. [1,2,3])',
  object: 'a JSON object (e.g. {"a":1})',
};

/** The parameter object given by `--param k=v` texts, checked against the design's defaults. */
export function parseParams(design: Design, texts: readonly string[]): Record<string, unknown> {
  const defaults = design.defaults as Record<string, unknown>;
  const names = Object.keys(defaults);
  const listing = names.length ? `parameters of '${design.name}': ${names.map((n) => `${n} (${kindOf(defaults[n])}, default ${JSON.stringify(defaults[n], bigintText)})`).join(', ')}` : `'${design.name}' takes no parameters`;
  const out: Record<string, unknown> = {};
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UserError(`--param '${text}' must be name=value`, { details: [listing] });
    const name = text.slice(0, eq);
    const raw = text.slice(eq + 1);
    if (!Object.prototype.hasOwnProperty.call(defaults, name)) {
      throw new UserError(`design '${design.name}' has no parameter '${name}'`, { details: [listing] });
    }
    if (Object.prototype.hasOwnProperty.call(out, name)) throw new UserError(`--param ${name} is given more than once`);
    const like = defaults[name];
    const parsed = parseAs(raw, like);
    if (!parsed.ok) {
      const kind = kindOf(like);
      throw new UserError(`parameter '${name}' of design '${design.name}' must be ${EXPECTED[kind] ?? `a ${kind}`}, got '${raw}'`, { details: [listing] });
    }
    out[name] = parsed.value;
  }
  return out;
}

function bigintText(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}
