// Imported first by the job tests, before any module reads lib/config.ts: exports of more than 5
// rows go to a background job there, so a test needs only a few customers to make one.
process.env.EXPORT_SYNC_MAX_ROWS = '5';
