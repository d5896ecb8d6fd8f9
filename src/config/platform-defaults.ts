/**
 * An association's default budget of messages stepped a second on a platform. A small association's
 * busiest minute (a broadcast its people answer) is a few messages a second, and its channels send
 * tens at most (a Telegram bot about 30 a second); one platform process steps several hundred (issue 23,
 * bench/BASELINE.md). So the budget never slows a real association and keeps a flood to a share.
 */
export const DEFAULT_STEPS_PER_SECOND = 50;
