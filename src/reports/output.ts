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
    if (!out.write(chunk)) await drained(out);
  };
}

/** Resolves on 'drain' (or 'close': a client that went away), rejects on 'error'; removes its listeners either way. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onDrain);
      out.off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    out.on('drain', onDrain);
    out.on('close', onDrain);
    out.on('error', settle);
  });
}
