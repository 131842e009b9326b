import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';

/** A real redis-server on 127.0.0.1 that a test owns, so it may crash, freeze and restart it. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  /** SIGKILL, as a crash: no goodbye to clients, nothing saved. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGSTOP: the kernel still accepts connections on the port, but nothing answers. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Starts a new redis-server on the same port (after `kill`). */
  restart(): Promise<void>;
  /** SIGTERM and wait; safe to call twice or after `kill`. */
  stop(): Promise<void>;
}

/**
 * Starts redis-server on a free loopback port (or `port`), without persistence.
 * @throws when redis-server is not installed or does not report ready within 10 s.
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  let child = await spawnReady(chosen);
  const exited = async (process: ChildProcess) => {
    if (process.exitCode === null && process.signalCode === null) await once(process, 'exit');
  };
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    freeze() {
      child.kill('SIGSTOP');
    },
    thaw() {
      child.kill('SIGCONT');
    },
    async restart() {
      await exited(child);
      child = await spawnReady(chosen);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A frozen process ignores SIGTERM until it runs again.
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/** A TCP server on 127.0.0.1 that accepts connections and never answers: Redis as a black hole. */
export async function startSilentServer(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('silent server has no port');
  return {
    url: `redis://127.0.0.1:${address.port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function spawnReady(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready (port ${port} taken?)`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  // Keep draining its output, or a chatty server blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

/** Whether redis-server is installed, for tests that start their own. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}
