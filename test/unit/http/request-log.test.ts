import { Writable } from 'node:stream';
import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { requestLog } from '../../../src/http/request-log';

/** An app whose log lines are captured, with routes answering 200, 404 and 500. */
function appLoggingAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const app = express();
  app.use(requestLog(pino({ level }, sink)));
  app.get('/ok', (req, res) => {
    res.json({ id: req.id });
  });
  app.get('/missing', (_req, res) => {
    res.status(404).json({});
  });
  app.get('/broken', (_req, res) => {
    res.status(500).json({});
  });
  return { app, lines };
}

describe('request log', () => {
  it('gives each request an id, answers it, and logs one line with method, url, status and time', async () => {
    const { app, lines } = appLoggingAt('info');
    const res = await request(app).get('/ok?x=1');
    expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(res.body.id).to.equal(res.headers['x-request-id']);
    await new Promise((r) => setImmediate(r));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.deep.include({ level: 30, msg: 'request completed', req: { id: res.headers['x-request-id'], method: 'GET', url: '/ok?x=1' }, res: { statusCode: 200 } });
    expect(lines[0].responseTime).to.be.a('number');
  });

  it("keeps a caller's plain request id and replaces one that is not", async () => {
    const { app } = appLoggingAt('info');
    expect((await request(app).get('/ok').set('X-Request-Id', 'batch-7.row_3')).headers['x-request-id']).to.equal('batch-7.row_3');
    expect((await request(app).get('/ok').set('X-Request-Id', 'a b')).headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('logs a 4xx at warn and a 5xx as errored, and nothing below the configured level', async () => {
    const { app, lines } = appLoggingAt('warn');
    await request(app).get('/ok');
    await request(app).get('/missing');
    await request(app).get('/broken');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.level, l.msg, (l.res as { statusCode: number }).statusCode])).to.deep.equal([
      [40, 'request completed', 404],
      [50, 'request errored', 500],
    ]);
  });
});
