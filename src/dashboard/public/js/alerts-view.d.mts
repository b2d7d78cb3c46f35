// Types of alerts-view.mjs for the unit tests (the module itself is plain JavaScript served to the browser).
interface AlertLike {
  id: number;
  occurredAt: string;
}
interface Cut {
  seenId: number;
  since: string;
}
export declare function newTracker(now?: () => number): { take(alerts: readonly AlertLike[]): Cut };
export declare function orderAlerts<A extends AlertLike>(alerts: readonly A[], cut: Cut): Array<A & { isNew: boolean }>;
export declare function alertsView(alerts: readonly AlertLike[], cut: Cut): unknown;
