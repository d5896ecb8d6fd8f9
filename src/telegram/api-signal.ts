import type { Telegram } from 'telegraf';

type ApiSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

/** telegraf types its signal with the `abort-controller` polyfill; Node's own is what it gets at runtime. */
export const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;
