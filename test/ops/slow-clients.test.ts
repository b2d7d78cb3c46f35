import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { TEST_DIALECT } from '../helpers/database';

/**
 * Issue 12 item 5: slow clients were never timed out (200 sockets trickling headers held for 25 s).
 * A socket that trickles its headers or its body past the configured timeout is answered 408 and closed.
 */
if (TEST_DIALECT === 'sqlite') {
  describe('slow clients are timed out (sqlite, in-process server)', function () {
    this.timeout(20_000);
    let server: RunningServer;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-slow-'));
    before(async () => {
      const config = loadConfig({
        PHOENIX_DB: path.join(dir, 'slow.sqlite'),
        PORT: '0',
        HOST: '127.0.0.1',
        PHOENIX_SEED: 'none',
        LOG_LEVEL: 'silent',
        PHOENIX_HEADERS_TIMEOUT_MS: '1000',
        PHOENIX_REQUEST_TIMEOUT_MS: '1500',
        PHOENIX_KEEP_ALIVE_TIMEOUT_MS: '500',
        PHOENIX_SHUTDOWN_GRACE_S: '0',
      });
      server = await startServer(config, pino({ level: 'silent' }));
    });
    after(async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Sends `first`, then one more byte every 200 ms; resolves with what came back and after how long the socket closed. */
    function trickle(first: string, byte: string): Promise<{ answer: string; closedAfterMs: number }> {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const socket = net.connect(server.port, '127.0.0.1', () => socket.write(first));
        let answer = '';
        const timer = setInterval(() => socket.writable && socket.write(byte), 200);
        const giveUp = setTimeout(() => {
          socket.destroy();
          reject(new Error('the slow socket was still open after 10 s'));
        }, 10_000);
        socket.on('data', (d) => (answer += d.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(timer);
          clearTimeout(giveUp);
          resolve({ answer, closedAfterMs: Date.now() - started });
        });
      });
    }

    it('closes a socket that trickles its headers once the headers timeout has passed', async () => {
      const { answer, closedAfterMs } = await trickle('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n');
      expect(closedAfterMs).to.be.within(900, 4000);
      expect(answer).to.match(/^HTTP\/1\.1 408|^$/);
    });

    it('closes a socket that trickles its body once the request timeout has passed', async () => {
      const head = 'POST /api/v1/funds HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
      const { closedAfterMs } = await trickle(head, ' ');
      expect(closedAfterMs).to.be.within(1400, 4500);
    });
  });
}

if (TEST_DIALECT === 'sqlite') {
  describe('kept-alive connections under the default timeouts (sqlite, in-process server)', function () {
    this.timeout(20_000);
    let server: RunningServer;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-keepalive-'));
    before(async () => {
      const config = loadConfig({ PHOENIX_DB: path.join(dir, 'ka.sqlite'), PORT: '0', HOST: '127.0.0.1', PHOENIX_SEED: 'none', LOG_LEVEL: 'silent', PHOENIX_SHUTDOWN_GRACE_S: '0' });
      server = await startServer(config, pino({ level: 'silent' }));
    });
    after(async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const get = (agent: http.Agent) =>
      new Promise<{ status: number; reused: boolean; keepAlive: string }>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port: server.port, path: '/api/v1/health', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, keepAlive: String(res.headers['keep-alive']) }));
        });
        req.on('error', reject);
      });

    it('reuses a connection after an idle gap past the old 5 s boundary, and tells the client 65 s', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const first = await get(agent);
        expect(first).to.include({ status: 200, reused: false });
        expect(first.keepAlive).to.equal('timeout=65');
        await new Promise((resolve) => setTimeout(resolve, 5_500));
        const second = await get(agent);
        expect(second).to.include({ status: 200, reused: true });
      } finally {
        agent.destroy();
      }
    });
  });
}

describe('socket timeout settings', () => {
  it('are read from the environment, with defaults that bound slow clients', () => {
    // Issue 22: the keep-alive default outlasts a proxy's 60 s idle timeout, the headers timeout above it.
    const defaults = loadConfig({});
    expect(defaults).to.include({ keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000, requestTimeoutMs: 120_000 });
    expect(loadConfig({ PHOENIX_KEEP_ALIVE_TIMEOUT_MS: '1000', PHOENIX_HEADERS_TIMEOUT_MS: '2000', PHOENIX_REQUEST_TIMEOUT_MS: '3000' })).to.include({ headersTimeoutMs: 2000, requestTimeoutMs: 3000 });
    expect(loadConfig({ PHOENIX_KEEP_ALIVE_TIMEOUT_MS: '90000' })).to.include({ keepAliveTimeoutMs: 90_000, headersTimeoutMs: 91_000, requestTimeoutMs: 120_000 });
    expect(() => loadConfig({ PHOENIX_HEADERS_TIMEOUT_MS: '5000', PHOENIX_REQUEST_TIMEOUT_MS: '1000' })).to.throw(ConfigError);
    expect(() => loadConfig({ PHOENIX_HEADERS_TIMEOUT_MS: '10000' })).to.throw(ConfigError, /must be above PHOENIX_KEEP_ALIVE_TIMEOUT_MS/);
    expect(() => loadConfig({ PHOENIX_KEEP_ALIVE_TIMEOUT_MS: 'soon' })).to.throw(ConfigError);
  });
});
