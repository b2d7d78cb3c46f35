// Types of decimal-input.mjs for the unit tests (the module itself is plain JavaScript served to the browser).
export declare function readDecimal(text: unknown, options?: { percent?: 'fraction' | 'unit' }): { ok: true; value: string } | { ok: false; message: string };
export declare function percentDigits(value: string): number;
