// The bench's one way to sum up repeated figures.

/** The middle of `values`, or the mean of the two middle ones. */
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid)
    ? (sorted[mid - 1]! + sorted[mid]!) / 2
    : sorted[Math.floor(mid)]!;
};

const rounded = (value: number, digits: number) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** The median of `values` and their spread, rounded to `digits` places. */
export const spread = (values: number[], digits: number) => ({
  median: rounded(median(values), digits),
  min: rounded(Math.min(...values), digits),
  max: rounded(Math.max(...values), digits),
});
