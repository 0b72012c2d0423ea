// Lint rules of the web app: ESLint's and typescript-eslint's recommended sets and the rules of
// React hooks (dependencies of effects, hooks only at the top level of components).
//   npx eslint --config web/eslint.config.mjs web   (from the plan folder)
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores(['dist/']),
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
  },
]);
