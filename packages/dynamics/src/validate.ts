/** Throws a `RangeError` unless `value` is an integer in `[min, max]`. */
export function checkInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name} must be an integer ${range}, got ${String(value)}`);
  }
  return value;
}

/** Throws a `RangeError` unless `value` is a finite number `> 0` (or `≥ 0` when `allowZero`). */
export function checkPositive(name: string, value: unknown, allowZero = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new RangeError(`${name} must be a finite number ${allowZero ? '≥ 0' : '> 0'}, got ${String(value)}`);
  return value as number;
}

/** Throws a `RangeError` unless `value` is a finite number in `[min, max]`. */
export function checkInRange(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new RangeError(`${name} must be a number in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Throws a `TypeError` unless `value` is a function or undefined. */
export function checkCallback(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${name} must be a function, got ${typeof value}`);
  }
}
