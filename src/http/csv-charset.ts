import type { Request } from 'express';
import { DomainError } from '../domain/errors';
import { encodingNamed, type TextEncodingName } from '../import/text-encoding';

/**
 * The charset a CSV body declares (UTF-8 unless it says GBK / GB18030).
 * @throws DomainError UNSUPPORTED_MEDIA_TYPE for any other charset
 */
export function csvCharset(req: Request): TextEncodingName {
  const declared = /;\s*charset="?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (declared === undefined) return 'utf-8';
  const encoding = encodingNamed(declared);
  if (!encoding) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `charset ${declared} is not supported: send UTF-8 or GBK (charset=gbk)`);
  return encoding;
}
