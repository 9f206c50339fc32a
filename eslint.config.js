// Flat config: typed rules for all TS, plus a layering rule that keeps src/analysis
// free of DOM, React and worker imports (it must run in Node and in workers alike).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['eslint.config.js', 'src/analysis/globals.d.ts', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bin/**', 'scripts/**/*.mjs', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'zustand', 'comlink', 'monaco-editor'], message: 'src/analysis is a plain TS library: no UI or worker imports.' },
          { group: ['**/workers/**', '**/ui/**', '../../workers/*', '../../ui/*'], message: 'src/analysis must not import from workers or UI.' },
          { group: ['node:*', 'fs', 'path', 'worker_threads'], message: 'src/analysis must not import Node modules; pass adapters in.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'localStorage'],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
