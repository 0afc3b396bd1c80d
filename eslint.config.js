// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.next/**",
      "artifacts/**",
      "cache/**",
      "types/**",
      "coverage/**",
      "ignition/deployments/**",
      "**/generated/**",
      "**/next-env.d.ts",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // NestJS: parameter types of decorated methods are emitted as runtime metadata (validation, DI),
    // so the type-import rule must know decorators emit metadata.
    files: ["backend/**/*.ts"],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },
  {
    // Tests read untyped JSON bodies.
    files: ["backend/test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // chai assertions such as `expect(x).to.be.true` are expressions.
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
);
