/**
 * Awaits every promise, then throws the first failure. Used for writes issued together inside one
 * transaction: no statement may still be running when the caller's rollback starts.
 */
export async function settleAll(work: ReadonlyArray<PromiseLike<unknown> | undefined>): Promise<void> {
  const outcomes = await Promise.allSettled(work);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}
