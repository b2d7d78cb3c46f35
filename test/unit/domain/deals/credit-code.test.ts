import { expect } from 'chai';
import fc from 'fast-check';
import { creditCodeProblem, districtOfCreditCode, isValidCreditCode } from '../../../../src/domain/deals/credit-code';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Published codes (docs/selling-rules.md gives where each was found). */
const REAL: [string, string][] = [
  ['9131000013221158XC', '上海浦东发展银行股份有限公司 (600000.SH)'],
  ['91440300100012316L', '中国平安保险（集团）股份有限公司 (601318.SH)'],
  ['91520000214434146R', '中航重机股份有限公司 (600765.SH)'],
  ['91420100568359390C', '武汉光庭信息技术股份有限公司'],
  ['91110000600037341L', 'the test vector most validators use (holder not checked)'],
];

describe('the unified social credit code (GB 32100-2015)', () => {
  for (const [code, holder] of REAL) {
    it(`accepts ${code}, published for ${holder}`, () => {
      expect(creditCodeProblem(code)).to.equal(null);
      expect(isValidCreditCode(code)).to.equal(true);
    });
  }

  it('writes a check value of 30 as "Y" and of 31 as "0"', () => {
    expect(isValidCreditCode('91330110000000002Y')).to.equal(true);
    expect(isValidCreditCode('9133011000000000P0')).to.equal(true);
    expect(creditCodeProblem('91330110000000002Z')).to.match(/character 18 .*"Z"/);
  });

  it('gives the registering authority\'s administrative division, positions 3-8', () => {
    expect(districtOfCreditCode('9131000013221158XC')).to.equal('310000');
    expect(districtOfCreditCode('91420100568359390C')).to.equal('420100');
    expect(districtOfCreditCode('91330110000000002Y')).to.equal('330110');
    expect(districtOfCreditCode('9131000013221158XD')).to.equal(null);
  });

  type Bad = [string, string, RegExp];
  const BAD: Bad[] = [
    ['a wrong check character', '9131000013221158XD', /check character .* is "D"; characters 1-17 give "C"/],
    ['a code one character short', '9131000013221158X', /18 characters; .* has 17/],
    ['a code one character long', '9131000013221158XCC', /has 19/],
    ['lower case', '9131000013221158xc', /upper case: "9131000013221158XC"/],
    ['the letter O for zero', '913100O013221158XC', /character 7 .* "O"/],
    ['the letter I for one', '9I31000013221158XC', /character 2 .* "I"/],
    ['a letter in the division code', '91A1000013221158XC', /characters 3-8 .* "A10000"/],
    ['two neighbours swapped', '9131000031221158XC', /check character/],
    // Issued in the Fujian pilot before the standard; real, but its check character does not follow GB 32100.
    ['a pre-standard pilot code', '91350100M0001TGQXM', /check character .* is "M"; characters 1-17 give "1"/],
  ];
  for (const [what, code, message] of BAD) {
    it(`refuses ${what}, saying why`, () => {
      expect(creditCodeProblem(code)).to.match(message);
      expect(isValidCreditCode(code)).to.equal(false);
    });
  }

  const body = fc
    .tuple(
      fc.array(fc.constantFrom(...ALPHABET), { minLength: 2, maxLength: 2 }),
      fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
      fc.array(fc.constantFrom(...ALPHABET), { minLength: 9, maxLength: 9 }),
    )
    .map(([head, district, organisation]) => [...head, ...district, ...organisation].join(''));
  const complete = (first17: string) => ALPHABET.split('').map((c) => first17 + c).find(isValidCreditCode);

  it('has exactly one check character for every 17 characters', () => {
    fc.assert(fc.property(body, (first17) => ALPHABET.split('').filter((c) => isValidCreditCode(first17 + c)).length === 1));
  });

  it('catches every single wrong character, and every swap of two different neighbours among the first 17', () => {
    fc.assert(
      fc.property(body, fc.nat(17), fc.nat(15), fc.constantFrom(...ALPHABET), (first17, at, swapAt, other) => {
        const code = complete(first17)!;
        const typo = code.slice(0, at) + other + code.slice(at + 1);
        const swapped = code.slice(0, swapAt) + code[swapAt + 1] + code[swapAt] + code.slice(swapAt + 2);
        return (typo === code || !isValidCreditCode(typo)) && (swapped === code || !isValidCreditCode(swapped));
      }),
    );
  });
});
