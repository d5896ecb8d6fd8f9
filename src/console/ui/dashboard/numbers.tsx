import { boot, t } from '../boot';

const LOCALE = boot.lang === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB';
const FORMAT = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** A figure as staff read it (Latin digits in both languages, one decimal at most), `—` when there is none. */
export function formatNumber(value: number | null | undefined, suffix = ''): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : FORMAT.format(value) + suffix;
}

/**
 * A number inside text, isolated so that in Arabic it keeps its order and does not pull the words around
 * it (a rating printed as "5 / 3.5" in RTL without isolation).
 */
export const Num = (props: { value: number | null | undefined; suffix?: string }) => (
  <bdi dir="ltr">{formatNumber(props.value, props.suffix)}</bdi>
);

/** A rating out of five: "4.5 of 5" / "4.5 من 5", the number isolated. */
export const Rating = (props: { value: number | null | undefined }) =>
  props.value === null || props.value === undefined ? (
    <bdi>—</bdi>
  ) : (
    <span class="rating">
      <Num value={props.value} /> {t('dashboard.ofFive')}
    </span>
  );
