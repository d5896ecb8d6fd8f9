/**
 * Workload 3 — sending: 10,000 notifications to 2,000 Telegram chats through the real Telegram adapter
 * (telegraf over HTTP, the adapter's own pacing) against the local Bot API stand-in, which enforces
 * Telegram's limits — 30 messages/s overall, 1/s per chat — and answers 429 to anything over them.
 *
 * The notifications go in a shuffled order (decisions and reminders do not come chat by chat) through
 * as many concurrent senders as the outbound worker runs jobs (8). Reported: the achieved rate as a
 * share of 30/s, and the number of 429s. At 30/s the full run takes at least 333 s: that is the limit.
 *
 * `npx tsx bench/telegram-send.ts` (BENCH_QUICK=1: 1,000 notifications to 200 chats).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { TelegramChannel } from '../src/channels/telegram/telegram-channel';
import { FsDocumentStore } from '../src/documents/fs-document-store';
import { FakeTelegramApi } from '../test/support/fake-telegram-api';
import { seededRandom } from './support/form-script';
import { round, sleep } from './support/measure';
import {
  atLeast,
  envInt,
  QUICK,
  runAsMain,
  type Figure,
  type WorkloadResult,
} from './support/workload-result';

/** Telegram's documented limit for a bot, which the stand-in enforces. */
const LIMIT_PER_SECOND = 30;

export interface SendOptions {
  notifications: number;
  chats: number;
  /** Sends under way at once (the outbound worker's concurrency). */
  concurrency: number;
}

export async function runTelegramSend(options: SendOptions): Promise<WorkloadResult> {
  const { notifications, chats, concurrency } = options;
  const api = await FakeTelegramApi.start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-bench-telegram-'));
  const channel = new TelegramChannel({
    token: api.token,
    apiRoot: api.apiRoot,
    documents: new FsDocumentStore(dir),
    logger: pino({ level: 'silent' }),
  });
  try {
    // Running as in the app: connected and polling (nobody writes to it here).
    await channel.start(async () => ({ status: 'accepted', conversationId: 'bench' }));
    const firstChat = 100_000_000;
    const work = Array.from({ length: notifications }, (_, i) => ({
      chatId: firstChat + (i % chats),
      n: Math.floor(i / chats),
      key: `notify-${i}`,
    }));
    const random = seededRandom(3);
    for (let i = work.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [work[i], work[j]] = [work[j]!, work[i]!];
    }
    // The order each chat should see its notifications in: the order they were handed to the adapter.
    const expected = new Map<number, string[]>();
    for (const item of work) {
      const text = notificationText(item.chatId, item.n);
      expected.set(item.chatId, [...(expected.get(item.chatId) ?? []), text]);
    }

    const failures: string[] = [];
    let retries = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < work.length) {
          const item = work[next++]!;
          // As the outbound worker does: a refusal with a retry time is tried again after it.
          for (let attempt = 1; ; attempt++) {
            const result = await channel.send(
              String(item.chatId),
              { kind: 'text', text: notificationText(item.chatId, item.n) },
              { idempotencyKey: item.key },
            );
            if (result.ok) break;
            if (!result.retryable || attempt >= 5) {
              failures.push(`${item.key}: ${result.error}`);
              break;
            }
            retries++;
            await sleep(result.retryAfterMs ?? 1000);
          }
        }
      }),
    );
    const wallMs = performance.now() - started;

    const problems: string[] = [...failures.slice(0, 5)];
    if (failures.length > 5) problems.push(`… ${failures.length} failed sends in all`);
    let delivered = 0;
    for (const [chatId, texts] of expected) {
      const got = api.sent(chatId).map((m) => m.text);
      delivered += got.length;
      if (got.length !== texts.length)
        problems.push(`chat ${chatId}: ${got.length} of ${texts.length} delivered`);
      else if (got.some((t, i) => t !== texts[i]))
        problems.push(`chat ${chatId}: notifications out of order`);
    }
    const times = api
      .allSent()
      .map((m) => m.at)
      .sort((a, b) => a - b);
    const spanSeconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    // n messages sent at the limit take (n - 1) / 30 s: the rate over the first-to-last interval.
    const rate = (times.length - 1) / spanSeconds;
    const share = (100 * rate) / LIMIT_PER_SECOND;
    const figures: Figure[] = [
      { name: 'notifications delivered', value: delivered },
      { name: 'send rate', value: round(rate, 2), unit: 'msg/s' },
      atLeast('share of the 30/s limit', round(share, 1), '%', 95),
      {
        name: '429 responses',
        value: api.tooManyRequests,
        target: '= 0',
        met: api.tooManyRequests === 0,
      },
      { name: 'busiest second (all chats)', value: api.peakSends(1000) },
      { name: 'wall time', value: round(wallMs / 1000, 1), unit: 's' },
    ];
    if (api.peakSends(1000) > LIMIT_PER_SECOND)
      problems.push(`more than ${LIMIT_PER_SECOND} sends in one second`);
    return {
      workload: '3 telegram sending',
      variant: `${notifications.toLocaleString('en')} notifications, ${chats.toLocaleString('en')} chats`,
      figures,
      verified: problems.length === 0 && delivered === notifications,
      problems: problems.slice(0, 10),
      parameters: { notifications, chats, concurrency, limitPerSecond: LIMIT_PER_SECOND },
      details: {
        spanSeconds: round(spanSeconds, 1),
        retries,
        // For each 429: the sends the stand-in had already delivered in the second before it.
        refusals: api.refused.map((r) => ({
          ...r,
          sameChatInSecondBefore: api.sent(r.chatId).filter((m) => m.at > r.at - 1000 && m.at <= r.at).length,
          allInSecondBefore: times.filter((t) => t > r.at - 1000 && t <= r.at).length,
        })),
      },
    };
  } finally {
    await channel.stop();
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const notificationText = (chatId: number, n: number) =>
  `إشعار ${n + 1} للمحادثة ${chatId}: تغيّرت حالة طلبك REQ-${100000 + (chatId % 900000)}-00.`;

if (require.main === module) {
  runAsMain(async () => [
    await runTelegramSend({
      notifications: envInt('BENCH_NOTIFICATIONS', QUICK ? 1_000 : 10_000),
      chats: envInt('BENCH_CHATS', QUICK ? 200 : 2_000),
      concurrency: 8,
    }),
  ]);
}
