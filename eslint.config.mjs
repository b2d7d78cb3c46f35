// A lean rule set: the recommended checks of ESLint and typescript-eslint (no type-aware rules,
// so it stays fast) and a few that guard this codebase's habits. Formatting is not linted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // tsc (noUnusedLocals/noUnusedParameters) already reports unused names; `_x` marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Chinese report titles separate their parts with the ideographic space (U+3000) on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  {
    // The dashboard's browser modules run in the page, not in Node.
    files: ['src/dashboard/**/*.{js,mjs}'],
    languageOptions: {
      globals: { Node: 'readonly', SwaggerUIBundle: 'readonly', window: 'readonly', document: 'readonly', fetch: 'readonly', console: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', Intl: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', HTMLElement: 'readonly', Event: 'readonly', CustomEvent: 'readonly', AbortController: 'readonly', location: 'readonly', history: 'readonly', navigator: 'readonly', matchMedia: 'readonly', requestAnimationFrame: 'readonly', crypto: 'readonly', queueMicrotask: 'readonly', CSS: 'readonly', TextDecoderStream: 'readonly' },
    },
  },
  {
    // The package's bin: CommonJS stubs (the compiled CLI's loader, the prestart build check).
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The CLI talks to its user on stdout and stderr; everything else logs through pino.
    files: ['src/cli.ts', 'src/cli/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // chai's property assertions (`.to.be.empty`) are expressions.
    files: ['test/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
