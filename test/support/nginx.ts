/**
 * A real reverse proxy in front of API processes: Debian's nginx (`/usr/sbin/nginx`, installed by
 * .ci/run), run as a non-daemon child of the caller with a generated configuration in a temporary
 * folder (pid, logs and temp files inside it), listening on 127.0.0.1 only, round-robin over the
 * upstreams with keep-alive connections. Each answer says which upstream served it
 * (`x-graphrec-upstream`), so a test can prove both processes took part.
 * Used by test/api/two-processes.spec.ts and bench/api (`--processes 2`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export const NGINX = process.env.GRAPHREC_NGINX ?? '/usr/sbin/nginx';
export const UPSTREAM_HEADER = 'x-graphrec-upstream';

export interface RunningNginx {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}


/** The configuration for `upstreams` (host:port each) on `port`, everything under `dir`. */
export function nginxConfig(dir: string, port: number, upstreams: readonly string[]): string {
  const temp = (name: string) => join(dir, 'temp', name);
  return `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  upstream graphrec_api {
${upstreams.map((u) => `    server ${u} max_fails=0;`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 1m;
    location / {
      proxy_pass http://graphrec_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
      add_header ${UPSTREAM_HEADER} $upstream_addr always;
    }
  }
}
`;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Starts nginx in front of `upstreams` (base URLs such as http://127.0.0.1:41234); resolves once it listens. */
export async function startNginx(upstreams: readonly string[], timeoutMs = 20_000): Promise<RunningNginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx (.ci/run installs it)`);
  const dir = mkdtempSync(join(tmpdir(), 'graphrec-nginx-'));
  for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, 'temp', name), { recursive: true });
  const port = await freePort();
  const hosts = upstreams.map((u) => new URL(u).host);
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, hosts));
  // -e: the error log before the configuration is read (the default, /var/log/nginx, is root's).
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => `${stderr}${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`;
  for (const until = Date.now() + timeoutMs; !(await answers(port)); ) {
    if (child.exitCode !== null) throw new Error(`nginx exited (code ${child.exitCode}) before listening:\n${log()}`);
    if (Date.now() > until) {
      child.kill('SIGTERM');
      throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${timeoutMs} ms:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      // SIGQUIT: graceful stop (finish the requests in flight), then the folder goes.
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
