import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'designer-ui/dist/**', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code must stay deterministic: no I/O, no clocks or randomness outside the SDK's.
    files: ['workflows/**/*.ts', 'domain/**/*.ts', 'rules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'child_process'],
              message: 'workflow and domain code does no I/O',
            },
            {
              group: ['typeorm', 'pg', 'express', '@temporalio/client', '@temporalio/worker', '**/activities/*[!s]'],
              message: 'no I/O modules in deterministic code',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'structuredClone', message: 'not available in the Temporal workflow sandbox; tickets are JSON, copy them as JSON' },
        { name: 'setTimeout', message: 'use workflow timers (sleep / condition) in workflow code' },
        { name: 'fetch', message: 'workflow and domain code does no I/O' },
      ],
    },
  },
);
