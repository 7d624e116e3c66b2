import type { ComplexAttributeConverter } from 'lit';
import { isPackageSpec } from '../runtime/validate.ts';

/**
 * Converters for numeric attributes: a bad value warns once, naming the attribute, and falls back to the default
 * instead of breaking the element.
 */
export function integerAttribute(name: string, fallback: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): ComplexAttributeConverter<number | undefined> {
  return {
    fromAttribute(value: string | null) {
      if (value === null || value.trim() === '') return fallback;
      const number = Number(value);
      if (Number.isInteger(number) && number >= min && number <= max) return number;
      console.warn(`<python-sandbox>: ${name}="${value}" is not an integer from ${min} to ${max}; using ${fallback ?? 'the default'}.`);
      return fallback;
    },
    toAttribute(value: number | undefined) {
      return value === undefined ? null : String(value);
    },
  };
}

/** `packages="numpy, pandas"`: names or wheel URLs, split on commas and spaces; a bad entry warns and is left out. */
export const packagesAttribute: ComplexAttributeConverter<string[] | undefined> = {
  fromAttribute(value: string | null) {
    const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
    const valid = entries.filter(isPackageSpec);
    for (const entry of entries.filter((each) => !valid.includes(each))) {
      console.warn(`<python-sandbox>: packages="${value}": "${entry}" is not a package name or a wheel URL; leaving it out.`);
    }
    return valid.length ? valid : undefined;
  },
  toAttribute(value: string[] | undefined) {
    return value?.join(', ') ?? null;
  },
};

export type Preload = 'visible' | 'eager' | 'none';

export const preloadAttribute: ComplexAttributeConverter<Preload> = {
  fromAttribute(value: string | null) {
    if (value === null || value === '') return 'visible';
    if (value === 'visible' || value === 'eager' || value === 'none') return value;
    console.warn(`<python-sandbox>: preload="${value}" is not one of visible, eager, none; using visible.`);
    return 'visible';
  },
};
