// Lint rules: typescript-eslint's recommended set, plus the layer rule of DESIGN.md (no `vscode` in core or ci).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'test-results/', 'demo/', 'test/fixtures/', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/ci/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'core, ci and cli must not depend on VS Code.' }] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'core must not depend on VS Code.' },
            { name: 'node:http', message: 'core does no network.' },
            { name: 'node:https', message: 'core does no network.' },
            { name: 'node:fs', message: 'core touches no disk: take data, return data.' },
            { name: 'node:fs/promises', message: 'core touches no disk: take data, return data.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'core reads no clock: take the time as an argument.' }],
    },
  },
);
