// A reader for NumPy's .npy files (format versions 1.0, 2.0 and 3.0), as
// written by numpy.save: the magic "\x93NUMPY", two version bytes, the header
// length (uint16 little-endian in 1.0, uint32 in 2.0/3.0), a Python dict
// literal {'descr': ..., 'fortran_order': ..., 'shape': (...)} padded with
// spaces and a newline, then the raw array. Numeric dtypes only (no pickled
// objects, strings or structured types). The values come back as float64 in
// C (row-major) order, whatever order the file uses.
export interface NpyArray {
  /** The file's dtype, e.g. '<f4', '|i1'. */
  descr: string;
  shape: number[];
  /** The file stored the array column-major; `values` are row-major regardless. */
  fortranOrder: boolean;
  /** Every element, row-major (C order). */
  values: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type Kind = 'f' | 'i' | 'u' | 'b';

interface Dtype {
  kind: Kind;
  size: number;
  littleEndian: boolean;
}

function parseDescr(descr: string, what: string): Dtype {
  const m = /^([<>|=]?)([fiub])(\d+)$/.exec(descr);
  if (!m) throw new Error(`${what}: dtype '${descr}' is not supported (numeric dtypes only: f4, f8, i1, i2, i4, i8, u1, u2, u4, u8, b1)`);
  const order = m[1]!;
  const kind = m[2] as Kind;
  const size = Number(m[3]);
  const sizes: Record<Kind, number[]> = { f: [4, 8], i: [1, 2, 4, 8], u: [1, 2, 4, 8], b: [1] };
  if (!sizes[kind].includes(size)) throw new Error(`${what}: dtype '${descr}' is not supported (no ${size}-byte '${kind}')`);
  // '|' (not applicable) and '=' (native) read as little-endian: every machine numpy and Node share today.
  return { kind, size, littleEndian: order !== '>' };
}

// ---- the header: a Python literal ------------------------------------------------

type PyValue = string | number | boolean | PyValue[] | { [k: string]: PyValue };

function parsePythonLiteral(text: string, what: string): PyValue {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${what}: bad header (${msg} at character ${i}): ${text.trim()}`);
  };
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [k: string]: PyValue } = {};
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return obj;
        }
        const key = value();
        if (typeof key !== 'string') fail('a dict key must be a string');
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        obj[key as string] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail("expected ',' or '}'");
      }
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          return items;
        }
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(`expected ',' or '${close}'`);
      }
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const word = /^(True|False|-?\d+L?)/.exec(text.slice(i));
    if (!word) return fail('unexpected token');
    i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    return Number(word[0].replace('L', ''));
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing text');
  return v;
}

/** Parses the bytes of a .npy file. `what` names the file in errors. */
export function parseNpy(bytes: Uint8Array, what = 'npy'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, k) => bytes[k] !== b)) throw new Error(`${what}: not a .npy file (no \\x93NUMPY magic)`);
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3) throw new Error(`${what}: .npy format version ${major}.${minor} is not supported (1.0, 2.0, 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw new Error(`${what}: truncated header`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + headerLen > bytes.length) throw new Error(`${what}: the header says ${headerLen} bytes, the file has ${bytes.length - start} after the length`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const dict = parsePythonLiteral(header, what);
  if (typeof dict !== 'object' || Array.isArray(dict)) throw new Error(`${what}: the header is not a dict: ${header.trim()}`);
  const keys = Object.keys(dict).sort().join(',');
  if (keys !== 'descr,fortran_order,shape') throw new Error(`${what}: the header needs exactly the keys descr, fortran_order, shape; got ${keys}`);
  const descr = dict.descr;
  const fortran = dict.fortran_order;
  const shape = dict.shape;
  if (typeof descr !== 'string') throw new Error(`${what}: descr must be a dtype string (structured dtypes are not supported), got ${JSON.stringify(descr)}`);
  if (typeof fortran !== 'boolean') throw new Error(`${what}: fortran_order must be True or False`);
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)) {
    throw new Error(`${what}: shape must be a tuple of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const dims = shape as number[];
  const dt = parseDescr(descr, what);
  const count = dims.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLen;
  const need = count * dt.size;
  const have = bytes.length - dataStart;
  if (have !== need) throw new Error(`${what}: shape (${dims.join(', ')}) of ${descr} needs ${need} data bytes, the file has ${have}`);

  const raw = new Float64Array(count);
  const le = dt.littleEndian;
  for (let n = 0, off = dataStart; n < count; n++, off += dt.size) {
    let x: number;
    switch (dt.kind) {
      case 'f':
        x = dt.size === 4 ? view.getFloat32(off, le) : view.getFloat64(off, le);
        break;
      case 'b':
        x = view.getUint8(off) !== 0 ? 1 : 0;
        break;
      case 'i':
      case 'u': {
        const signed = dt.kind === 'i';
        if (dt.size === 1) x = signed ? view.getInt8(off) : view.getUint8(off);
        else if (dt.size === 2) x = signed ? view.getInt16(off, le) : view.getUint16(off, le);
        else if (dt.size === 4) x = signed ? view.getInt32(off, le) : view.getUint32(off, le);
        else {
          const b = signed ? view.getBigInt64(off, le) : view.getBigUint64(off, le);
          if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error(`${what}: element ${n} = ${b} is beyond 2^53`);
          x = Number(b);
        }
        break;
      }
    }
    raw[n] = x;
  }
  return { descr, shape: dims.slice(), fortranOrder: fortran, values: fortran ? fortranToC(raw, dims) : raw };
}

/** Reorders column-major values into row-major. */
function fortranToC(values: Float64Array, shape: number[]): Float64Array {
  if (shape.length < 2) return values;
  const out = new Float64Array(values.length);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  // Walk C order; the Fortran offset uses strides 1, d0, d0*d1, ...
  const fStride = new Array<number>(nd);
  fStride[0] = 1;
  for (let k = 1; k < nd; k++) fStride[k] = fStride[k - 1]! * shape[k - 1]!;
  for (let n = 0; n < values.length; n++) {
    let off = 0;
    for (let k = 0; k < nd; k++) off += idx[k]! * fStride[k]!;
    out[n] = values[off]!;
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}
