/** Small order statistics for benchmark samples. Pure functions over arrays of numbers. */

/** The value below which `p` (0..1) of the samples fall (nearest rank on a sorted copy). */
export function percentile(samples, p) {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

/** The middle value; with an even count, the mean of the two middle values. */
export function median(samples) {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function mean(samples) {
  if (samples.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of samples) sum += value;
  return sum / samples.length;
}

/** Medians per field over several result objects with the same numeric fields. */
export function medianOfResults(results) {
  const fields = Object.keys(results[0] ?? {});
  return Object.fromEntries(fields.map((field) => [field, median(results.map((result) => result[field]))]));
}
