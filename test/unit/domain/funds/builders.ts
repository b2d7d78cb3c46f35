import type { Fund, Investor } from '../../../../src/domain/funds/fund';
import { SUBFUND_POLICY } from '../../../../src/domain/funds/fund';
import { DomainError } from '../../../../src/domain/errors';

export const yuan = (text: string): bigint => {
  const [whole, cents = ''] = text.replace(/,/g, '').split('.');
  return BigInt(whole) * 100n + BigInt(cents.padEnd(2, '0'));
};

export function subfund(overrides: Partial<Fund> = {}): Fund {
  return {
    code: 'PHX-RELIEF',
    name: 'relief',
    kind: 'subfund',
    type: 'relief',
    parent: 'PHX',
    programme: 'YH-GIF',
    status: 'active',
    targetSize: yuan('1000000000'),
    inceptionDate: '2019-01-01',
    policy: SUBFUND_POLICY,
    ...overrides,
  };
}

export function investor(code: string, capitalClass: Investor['capitalClass'] = 'social', fund: string | null = null): Investor {
  return { code, name: code, category: fund ? 'fund' : 'private', capitalClass, fund };
}

export function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}
