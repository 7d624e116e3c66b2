import type { ComplexAttributeConverter } from 'lit';
import { type NumericAttribute, optionForAttribute } from '../runtime/option-ranges.ts';
import { isPackageSpec } from '../runtime/validate.ts';

/**
 * Converter for a numeric attribute, accepting the range the runtime accepts for its option (option-ranges.ts), so
 * a value the element takes never throws later in the runtime. A bad value warns (once per attribute and value on the
 * page), naming the attribute, the value and the fallback, and falls back: to `fallback`, or with `undefined` to
 * the runtime's default.
 */
export function integerAttribute(attribute: NumericAttribute, fallback?: number): ComplexAttributeConverter<number | undefined> {
  const { min, max, default: runtimeDefault } = optionForAttribute(attribute);
  const warned = new Set<string>();
  return {
    fromAttribute(value: string | null) {
      if (value === null || value.trim() === '') return fallback;
      const number = Number(value);
      if (Number.isInteger(number) && number >= min && number <= max) return number;
      if (!warned.has(value)) {
        warned.add(value);
        console.warn(`<python-sandbox>: ${attribute}="${value}" is not an integer from ${min} to ${max}; ` +
          `using ${fallback === undefined ? `the default, ${runtimeDefault}` : fallback}.`);
      }
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
