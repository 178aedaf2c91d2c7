// ESLint: typescript-eslint's recommended type-checked rules over the sources, tests and scripts.
//
// typescript-eslint reads programs through TypeScript's JavaScript API, which TypeScript 7 (the compiler
// this project builds with, a native program) does not have. Its rules run on TypeScript 5.9's API,
// installed as `typescript-eslint-api`: the `typescript` that typescript-eslint requires is pointed there
// before it loads. Remove this when typescript-eslint reads TypeScript 7.
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const typescriptApi = dirname(require.resolve('typescript-eslint-api/package.json'));
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const redirected = request === 'typescript' || request.startsWith('typescript/') ? typescriptApi + request.slice('typescript'.length) : request;
  return resolveFilename.call(this, redirected, ...rest);
};

const { default: globals } = await import('globals');
const { default: js } = await import('@eslint/js');
const { default: tseslint } = await import('typescript-eslint');

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results/', 'test/integration/go-iam/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_params` keeps a parameter's type where only its type matters (an action's `validate` that checks nothing).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Re-rejecting a caught error (typed unknown) as it came is right: wrapping it would lose its class.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Tests read JSON.parse's output (typed any) and hand vitest methods of objects; they run no production path.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      // Tests assert that no control character reaches output: their patterns name control characters.
      'no-control-regex': 'off',
    },
  },
  {
    // Scripts, benchmarks and the bin shim are plain JavaScript: not type-checked, Node's globals.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    // The shim is CommonJS on purpose: it starts before any ES module loader is needed.
    files: ['bin/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
