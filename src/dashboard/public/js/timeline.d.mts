// Types of timeline.mjs for the unit tests (the module itself is plain JavaScript served to the browser).
export declare function quarterEnds(from: string, to: string): string[];
export declare function thin(dates: string[], max: number): string[];
export declare function netCashFlow(distributed: string, paidIn: string): string | null;
