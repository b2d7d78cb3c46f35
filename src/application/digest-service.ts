import type { Logger } from 'pino';
import { signDigest, type ChainDigest } from '../domain/ledger/digest';
import type { Clock } from '../domain/ledger/ledger-service';
import type { Database } from '../data/database';
import { appendDigest } from '../data/digest-files';

/** The current chain head, signed now. */
export async function currentDigest(db: Database, key: Buffer, clock: Clock): Promise<ChainDigest> {
  return db.read(async (repos) => signDigest(await repos.journal.head(), clock.now(), key));
}

/**
 * Appends a signed digest to a file outside the database whenever the chain head has moved.
 * Nudged after each committed write group (or by a timer); nudges that arrive while a digest is
 * being written coalesce into one more, so a burst of groups costs at most two appends and the
 * log never lags the last commit. A failed append is logged and never fails a write.
 */
export class DigestLog {
  private running: Promise<void> | null = null;
  private again = false;
  private lastEntryId: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly key: Buffer,
    private readonly file: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Appends after every commit (intervalSeconds 0) or at most every intervalSeconds. */
  start(intervalSeconds: number): void {
    if (intervalSeconds === 0) {
      this.db.afterCommit(() => this.nudge());
    } else {
      this.timer = setInterval(() => this.nudge(), intervalSeconds * 1000);
      this.timer.unref();
    }
    this.nudge();
  }

  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Stops the timer and writes the last head (call before closing the database). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.nudge();
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        const digest = await currentDigest(this.db, this.key, this.clock);
        if (digest.entryId !== this.lastEntryId) {
          await appendDigest(this.file, digest);
          this.lastEntryId = digest.entryId;
        }
      } catch (error) {
        this.logger.error({ err: error, file: this.file }, 'could not append the chain digest');
      }
    } while (this.again);
  }
}
