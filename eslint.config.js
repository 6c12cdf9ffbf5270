// Type-aware lint gate (run by `npm test` through `npm run lint`). See docs/development.md, "Format and lint".
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import noLiteralText from './scripts/eslint/no-literal-text.js';

// Console files whose visible text is not yet in the message catalogue (#13, docs/console.md "Languages").
// Take a file off this list once its text goes through t(…): the rule then keeps it that way.
const NOT_YET_TRANSLATED = [];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      'docs/',
      'test-output/',
      'bench/out/',
      'src/web/dist/',
    ],
  },
  // A disable comment that no longer silences anything is an error: it would hide the next real problem.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A switch over a union names every member, or says `default:` on purpose.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // `_name` marks a value kept on purpose: an unused callback parameter, or a field left out of
      // an object by destructuring (`const { secret: _secret, ...rest } = row`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Off: an `async` function without `await` is how this code keeps a Promise-returning contract
      // (Fastify handlers, MessageBus and module methods); `async` also turns a synchronous throw into
      // a rejection, which callers handle. no-floating-promises / no-misused-promises still apply.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/web/**/*.tsx', 'src/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Every visible string of the console comes from src/web/i18n/messages (Arabic and English).
    files: ['src/web/**/*.tsx'],
    ignores: NOT_YET_TRANSLATED,
    plugins: { tahaluf: { rules: { 'no-literal-text': noLiteralText } } },
    rules: { 'tahaluf/no-literal-text': 'error' },
  },
  {
    // Tests read JSON answers (`res.json()` is `any`) field by field: the unsafe-any rules would only
    // add casts there. Everything else applies to tests as to src.
    files: ['**/*.test.ts', 'test/**/*.ts', '**/testing.ts', '**/*.test-support.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // and the callbacks over those answers (`rows.map((r: any) => r.id)`) may say so.
      '@typescript-eslint/no-explicit-any': 'off',
      // Fixtures are JSON typed as Record<string, unknown> (STIX objects); tests put their fields in URLs.
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain Node scripts (bin/, scripts/): Node's globals.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
