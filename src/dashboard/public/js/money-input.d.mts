// Types of money-input.mjs for the unit tests (the module itself is plain JavaScript served to the browser).
export declare function parseYuan(text: unknown): { ok: true; yuan: string; fen: bigint } | { ok: false; message: string };
export declare function fenToYuan(fen: bigint): string;
export declare function withUnit(text: string, unit: '' | '万' | '亿'): string;
