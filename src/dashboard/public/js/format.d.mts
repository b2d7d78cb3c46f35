// Types of format.mjs for the unit tests (the module itself is plain JavaScript served to the browser).
export declare function toFen(amount: unknown): bigint | null;
export declare function readableYuan(amount: string | null | undefined): string;
export declare function exactYuan(amount: string | null | undefined): string;
export declare function moneyRatio(a: string | null | undefined, b: string | null | undefined): string | null;
export declare function ratioOf(a: string | null | undefined, b: string | null | undefined): string | null;
export declare function multiple(ratio: string | null | undefined): string;
export declare function percent(ratio: string | null | undefined, digits?: number): string;
export declare function barWidth(ratio: string | null | undefined, scale?: string): string;
export declare function compareDecimal(a: string, b: string): number;
export declare function isDecimal(value: unknown): boolean;
export declare function price(value: string | null | undefined): string;
export declare function label(table: Record<string, { zh: string; en: string }>, code: string | null | undefined): string;
export declare function todayInShanghai(now?: Date): string;
export declare const LEVELS: Record<'normal' | 'elevated' | 'warning' | 'critical', { zh: string; en: string; rank: number }>;
export declare const DECISIONS: Record<'eligible' | 'needs_review' | 'ineligible', { zh: string; en: string }>;
export declare const ROUTES: Record<'relief' | 'ma', { zh: string; en: string }>;
export declare const FUND_TYPES: typeof ROUTES;
export declare const FUND_STATUSES: Record<'planned' | 'active' | 'closed', { zh: string; en: string }>;
