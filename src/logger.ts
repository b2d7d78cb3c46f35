import pino, { type Logger } from 'pino';

/** JSON logs on stdout; every request line carries its request id (src/http/request-log.ts). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'phoenix' }, redact: ['req.headers.authorization', 'headers.authorization', 'req.headers.cookie', 'headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'] });
}
