// Lint: typescript-eslint (type-checked) with the rules that matter for a streaming service.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Export names explicitly, not export *.' }],
    },
  },
  {
    // The web console (console/src): React's hooks rules, and no raw HTML anywhere (attacker-
    // controlled strings are rendered as text only).
    files: ['console/src/**/*.ts', 'console/src/**/*.tsx'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['console/src/**/*.ts', 'console/src/**/*.tsx'],
    rules: {
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Export names explicitly, not export *.' },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'The console renders text only: no dangerouslySetInnerHTML.' },
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'The console renders text only: no innerHTML/outerHTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'The console renders text only.' },
        { selector: "CallExpression[callee.property.name='write'][callee.object.name='document']", message: 'The console renders text only.' },
      ],
    },
  },
  {
    // The console's unit tests compile with their own tsconfig (node types, for node --test).
    files: ['console/src/**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './console/tsconfig.test.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.mjs', 'bin/**', 'console/vite.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
