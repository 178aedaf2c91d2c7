/** ISO 8601 UTC with whole seconds when there are no milliseconds: `2026-02-12T22:18:48Z`. Pure. */
export function formatIsoUtc(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** A short human duration such as `59m 58s`, `2h 0m`, `3d 4h`, or `expired`. Pure. */
export function formatTimeLeft(milliseconds: number): string {
  if (milliseconds <= 0) return 'expired';
  let s = Math.floor(milliseconds / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}
