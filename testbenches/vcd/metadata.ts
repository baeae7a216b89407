// The one `$comment` line a spikeforge VCD carries so that reading it back
// recovers what plain VCD cannot say: the clock period in time units, which
// variable is the generated clock, the top scope, and which signals are signed.
// Other tools ignore comments, so the file stays standard.
//
//   $comment spikeforge period=10 clock=clk top=top signed=core.v,acc $end

export interface VcdMetadata {
  /** Time units per clock cycle. */
  period: number;
  /** Name of the generated clock variable inside the top scope, or null when there is none. */
  clock: string | null;
  /** Name of the enclosing top scope. */
  top: string;
  /** Signals (names without the top scope) holding two's-complement values. */
  signed: string[];
}

const TAG = 'spikeforge';

export function formatMetadata(meta: VcdMetadata): string {
  const parts = [TAG, `period=${meta.period}`];
  if (meta.clock !== null) parts.push(`clock=${meta.clock}`);
  parts.push(`top=${meta.top}`);
  if (meta.signed.length > 0) parts.push(`signed=${meta.signed.join(',')}`);
  return parts.join(' ');
}

/** The metadata from one comment's text, or null when the comment is not ours. */
export function parseMetadata(comment: string): VcdMetadata | null {
  const words = comment.trim().split(/\s+/);
  if (words[0] !== TAG) return null;
  const fields = new Map<string, string>();
  for (const word of words.slice(1)) {
    const eq = word.indexOf('=');
    if (eq > 0) fields.set(word.slice(0, eq), word.slice(eq + 1));
  }
  const period = Number(fields.get('period'));
  const top = fields.get('top');
  if (!Number.isSafeInteger(period) || period <= 0 || top === undefined) return null;
  const signed = fields.get('signed');
  return {
    period,
    clock: fields.get('clock') ?? null,
    top,
    signed: signed ? signed.split(',') : [],
  };
}
