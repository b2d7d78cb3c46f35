// Types of schema-validator.mjs for the unit tests (the module itself is plain JavaScript served to the browser).
export declare function validate(schema: object, value: unknown, where?: string): Array<{ field: string; message: string }>;
export declare function unsupportedKeywords(schema: object, at?: string): string[];
