import { expect } from 'chai';
import { SlidingWindowLimiter } from '../../../src/http/rate-limit';

describe('sliding-window rate limiter', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000 * 60_000;
  });

  it('lets `limit` events through in a window, then asks to wait until the window moves', () => {
    const limiter = new SlidingWindowLimiter(3, 60_000, clock);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).to.deep.equal([0, 0, 0]);
    expect(limiter.take('a')).to.equal(60);
    expect(limiter.take('b')).to.equal(0);
    now += 30_000;
    expect(limiter.retryAfter('a')).to.equal(30);
  });

  it('weights the previous window by its overlap, so a burst at a window edge is not doubled', () => {
    const limiter = new SlidingWindowLimiter(10, 60_000, clock);
    now += 59_000;
    for (let i = 0; i < 10; i += 1) limiter.hit('a');
    now += 2_000; // next window, 1 s in: the previous 10 still weigh 10 × 59/60
    expect(limiter.take('a')).to.equal(0);
    expect(limiter.retryAfter('a')).to.be.greaterThan(0);
    now += 54_000; // 55 s in: they weigh 10 × 5/60
    expect(limiter.take('a')).to.equal(0);
  });

  it('forgets idle keys and bounds its memory', () => {
    const limiter = new SlidingWindowLimiter(1, 60_000, clock, 100);
    for (let i = 0; i < 1000; i += 1) limiter.hit(`k${i}`);
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).to.be.at.most(100);
    limiter.hit('x');
    expect(limiter.retryAfter('x')).to.be.greaterThan(0);
    now += 180_000;
    expect(limiter.retryAfter('x')).to.equal(0);
  });
});
