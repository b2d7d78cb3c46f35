// Loaded by mocha before any test file (see .mocharc.json).
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
process.env.TZ = 'UTC';
// Tests about booking run without the investment committee, as a ledger recording decided history
// would (PHOENIX_APPROVALS=off); the approval tests turn it on for their own app.
process.env.PHOENIX_APPROVALS = process.env.PHOENIX_APPROVALS ?? 'off';
