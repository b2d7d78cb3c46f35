import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Write } from './report-definition';

/**
 * A `Write` onto a Node stream that honours back-pressure: it waits for 'drain' when the stream's
 * buffer is full, so a slow reader slows the export instead of growing memory. `beforeFirst` runs
 * once, just before the first chunk (an HTTP reply sets its status and headers there).
 */
export function streamWriter(out: Writable, beforeFirst?: () => void): Write {
  let started = false;
  return async (chunk) => {
    if (!started) {
      started = true;
      beforeFirst?.();
    }
    if (out.destroyed) throw new Error('the output stream was closed');
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  };
}
