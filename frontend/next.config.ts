import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Turbopack only compiles files under its root. That is the repo root (npm workspaces hoist
 * `node_modules` there), widened to the common ancestor of wherever `node_modules` really lives when
 * it is a symlink (git worktrees sharing one install).
 */
function workspaceRoot(): string {
  const repo = path.join(here, "..");
  let real: string;
  try {
    real = fs.realpathSync(path.join(repo, "node_modules"));
  } catch {
    return repo;
  }
  let root = repo;
  while (!real.startsWith(root + path.sep) && real !== root) root = path.dirname(root);
  return root;
}

/**
 * Next.js configuration: strict React, no `x-powered-by`, the workspace root for Turbopack.
 * `DCX_NEXT_DIST_DIR` lets the e2e run and `npm run bench:web` build into their own directory
 * (`.next/e2e`, see `e2e/support/web.ts`) without replacing the build `npm start` serves.
 */
const nextConfig: NextConfig = {
  distDir: process.env.DCX_NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: workspaceRoot() },
};

export default nextConfig;
