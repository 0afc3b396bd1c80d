import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import { freePort } from "../../src/compute/provisioners/free-port.js";

export type RunningNginx = { url: string; pid: number; stop: () => Promise<void> };

/**
 * The reference proxy's configuration: least_conn over keep-alive upstream connections, as one
 * would tune nginx in front of a pool. `worker_processes auto` is one worker per core (2 on the
 * benchmark machine), whereas our load balancer is one Node.js event loop: the comparison is per
 * machine, not per core.
 */
export function nginxConfig(dir: string, port: number, upstreams: { host: string; port: number }[]): string {
  const servers = upstreams.map((u) => `    server ${u.host}:${u.port};`).join("\n");
  return `daemon off;
master_process on;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream pool {
    least_conn;
${servers}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://pool;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/**
 * Starts nginx in the foreground as a child process, with a generated configuration, pid and logs
 * in a fresh temp directory, and waits until it proxies `/healthz`.
 * @throws {Error} with the tail of nginx's error log when it exits or does not answer within 10 s.
 */
export async function startNginx(binary: string, upstreams: { host: string; port: number }[]): Promise<RunningNginx> {
  const dir = await mkdtemp(join(tmpdir(), "dcx-bench-nginx-"));
  // Workers run as an unprivileged user when nginx starts as root: they must be able to enter the directory.
  await chmod(dir, 0o755);
  const port = await freePort();
  await writeFile(join(dir, "nginx.conf"), nginxConfig(dir, port, upstreams));
  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-2_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (alive) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const log = async () =>
    `${stderr}${await readFile(join(dir, "error.log"), "utf8").catch(() => "")}`.trim().slice(-2_000);
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    if (!alive) {
      const message = `nginx exited while starting: ${await log()}`;
      await stop();
      throw new Error(message);
    }
    try {
      const res = await request(`${url}/healthz`, { headersTimeout: 1_000, bodyTimeout: 1_000 });
      await res.body.dump();
      if (res.statusCode === 200) return { url, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  const message = `nginx did not answer within 10 s: ${await log()}`;
  await stop();
  throw new Error(message);
}
