/**
 * A construct id from a name (`sms-broadcasts` -> `SmsBroadcasts`). The stateless stack names its
 * nested stacks and functions with it, and CloudFormation's generated function names hold it: the
 * replay (infra/stream-replay.ts) finds a failure's consumer by the very same id.
 */
export const constructId = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
