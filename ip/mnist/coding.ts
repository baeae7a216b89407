// Input coding: how an image's intensities in [0, 1] become the input spikes
// of each time step (lists of input indices, ascending, each index at most
// once per step: one spike of input i adds weight row i).
//
// - 'rate': Bernoulli rate coding. At step t pixel i spikes when u < p, u the
//   next uniform number of a generator seeded by mixSeed(seed, sample id); the
//   numbers are drawn step by step, pixel by pixel (all pixels, zero or not),
//   so the spikes depend only on the seed, the sample and the pixel values.
// - 'integrate': a deterministic integrate-and-fire encoder per pixel. The
//   intensity is quantised to q = round(p * levels); a phase starts at
//   `initial` and gains q per step; when it reaches `levels` the pixel spikes
//   and the phase drops by `levels`. A pixel of intensity p spikes
//   floor((initial + t * q) / levels) times in t steps: the rate of the Bernoulli
//   code without its noise.
import { mixSeed, SeededRandom } from './random.ts';

export type InputCoding =
  | { kind: 'rate'; seed: number }
  | { kind: 'integrate'; levels: number; initial: number };

export const defaultRateCoding: InputCoding = { kind: 'rate', seed: 1 };
export const defaultIntegrateCoding: InputCoding = { kind: 'integrate', levels: 255, initial: 128 };

export function validateInputCoding(c: InputCoding): string[] {
  const errs: string[] = [];
  if (!c || typeof c !== 'object') return ['coding: must be { kind: "rate", seed } or { kind: "integrate", levels, initial }'];
  if (c.kind === 'rate') {
    if (!Number.isSafeInteger(c.seed)) errs.push(`coding.seed: must be a safe integer, got ${String(c.seed)}`);
  } else if (c.kind === 'integrate') {
    if (!Number.isSafeInteger(c.levels) || c.levels < 1 || c.levels > 65535) errs.push(`coding.levels: must be an integer in 1..65535, got ${String(c.levels)}`);
    else if (!Number.isSafeInteger(c.initial) || c.initial < 0 || c.initial >= c.levels) errs.push(`coding.initial: must be an integer in 0..levels-1, got ${String(c.initial)}`);
  } else errs.push(`coding.kind: must be 'rate' or 'integrate', got ${String((c as { kind: unknown }).kind)}`);
  return errs;
}

/**
 * The input spikes of `steps` time steps for one image: element t lists the
 * pixels that spike in step t, ascending. `id` is the sample identity (it
 * seeds the rate code; the integrate code ignores it).
 */
export function encodeImage(image: ArrayLike<number>, id: number, steps: number, coding: InputCoding): Int32Array[] {
  const errs = validateInputCoding(coding);
  if (errs.length) throw new RangeError(errs.join('; '));
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  const n = image.length;
  const out: Int32Array[] = [];
  const buf = new Int32Array(n);
  if (coding.kind === 'rate') {
    const rng = new SeededRandom(mixSeed(coding.seed, id));
    for (let t = 0; t < steps; t++) {
      let k = 0;
      for (let i = 0; i < n; i++) if (rng.next() < image[i]!) buf[k++] = i;
      out.push(buf.slice(0, k));
    }
  } else {
    const L = coding.levels;
    const q = new Int32Array(n);
    const phase = new Int32Array(n).fill(coding.initial);
    for (let i = 0; i < n; i++) q[i] = Math.round(Math.min(1, Math.max(0, image[i]!)) * L);
    for (let t = 0; t < steps; t++) {
      let k = 0;
      for (let i = 0; i < n; i++) {
        const p = phase[i]! + q[i]!;
        if (p >= L) {
          phase[i] = p - L;
          buf[k++] = i;
        } else phase[i] = p;
      }
      out.push(buf.slice(0, k));
    }
  }
  return out;
}

/** The expected spikes per step of each input under the coding (what the conversion calibrates with). */
export function codedRate(p: number, coding: InputCoding): number {
  const x = Math.min(1, Math.max(0, p));
  return coding.kind === 'integrate' ? Math.round(x * coding.levels) / coding.levels : x;
}
