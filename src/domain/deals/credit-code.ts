/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015, which names every counterparty of a deal:
 *   position 1       registration authority (登记管理部门代码), e.g. 9 for market regulation
 *   position 2       organisation type (机构类别代码), e.g. 1 for an enterprise
 *   positions 3–8    administrative division of the registering authority (登记管理机关行政区划码, GB/T 2260)
 *   positions 9–17   organisation code (主体标识码, GB 11714), its own check character at position 17
 *   position 18      check character over positions 1–17 (校验码)
 * Only the outer check (position 18) is verified. It already catches every single wrong character and every
 * swap of neighbours; the inner GB 11714 check could then only refuse a code whose outer check is right, that
 * is a code as the registry issued it, which the fund must still be able to record (docs/selling-rules.md).
 */

/** The 31 characters of the code, in the order of their values 0–30 (no I, O, S, V, Z). */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of positions 1–17: 3^(i−1) mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const LENGTH = 18;

/** Why `code` is not a well-formed credit code with a correct check character, or null when it is. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== LENGTH) return `a unified social credit code has ${LENGTH} characters; "${code}" has ${code.length}`;
  if (code !== code.toUpperCase()) return `a unified social credit code is written in upper case: "${code.toUpperCase()}"`;
  for (let i = 0; i < LENGTH; i++) {
    if (!ALPHABET.includes(code[i])) {
      return `character ${i + 1} of "${code}" is "${code[i]}", which is not in the code's alphabet (0-9 and A-Z without I, O, S, V, Z)`;
    }
  }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) {
    return `characters 3-8 of "${code}" are the administrative division code, six digits; "${code.slice(2, 8)}" is not`;
  }
  const expected = checkCharacter(code.slice(0, 17));
  if (code[17] !== expected) return `the check character of "${code}" is "${code[17]}"; characters 1-17 give "${expected}"`;
  return null;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/**
 * Positions 3–8: the administrative division (GB/T 2260) of the authority that registered the holder, e.g.
 * "330110" for Yuhang. It is where the code was issued, not necessarily where the company is today.
 * Null when the code is not valid.
 */
export function districtOfCreditCode(code: string): string | null {
  return isValidCreditCode(code) ? code.slice(2, 8) : null;
}

/** 31 − (Σ value × weight mod 31), as a character: 31 is written "0" (value 0) and 30 "Y". */
function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}
