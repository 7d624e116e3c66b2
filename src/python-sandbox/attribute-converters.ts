import type { ComplexAttributeConverter, PropertyDeclarations } from 'lit';
import { type NumericAttribute, optionForAttribute } from '../runtime/option-ranges.ts';
import { describe, isPackageSpec } from '../runtime/validate.ts';

/**
 * How one option reads its attribute, and any value a property set gives it. React 19, Vue and MDX set properties,
 * often to the attribute's text (`el.timeout = "3000"`): `fromValue` reads a string as the attribute would be read,
 * and checks other values the same way, so either path warns and falls back alike.
 */
export interface OptionConverter<T> extends ComplexAttributeConverter<T> {
  fromAttribute(value: string | null): T;
  fromValue(value: unknown): T;
}

/**
 * Gives each property whose converter has `fromValue` an accessor that passes every value set through it, whether set
 * before the element upgraded (Lit sets those at the first update) or after. Lit keeps accessors a class defines and
 * wraps them with its own (updates, reflection).
 */
export function readPropertySetsAsAttributes(prototype: object, properties: PropertyDeclarations): void {
  for (const [name, { converter }] of Object.entries(properties)) {
    const fromValue = (converter as Partial<OptionConverter<unknown>> | undefined)?.fromValue;
    if (!fromValue) continue;
    const key = Symbol(name);
    Object.defineProperty(prototype, name, {
      get(this: Record<symbol, unknown>) {
        return this[key];
      },
      set(this: Record<symbol, unknown>, value: unknown) {
        this[key] = fromValue(value);
      },
      configurable: true,
      enumerable: true,
    });
  }
}

/** Warns about a value once per converter and value, however many elements on the page carry it. */
function warnOnce(): (key: string, message: string) => void {
  const warned = new Set<string>();
  return (key, message) => {
    if (warned.has(key)) return;
    warned.add(key);
    console.warn(`<python-sandbox>: ${message}`);
  };
}

const shown = (value: unknown) => (typeof value === 'string' ? `"${value}"` : describe(value));

/**
 * A numeric option, accepting the range the runtime accepts for it (option-ranges.ts), so a value the element takes
 * never throws later in the runtime. A bad value warns, naming the attribute, the value and the fallback, and falls
 * back: to `fallback`, or with `undefined` to the runtime's default.
 */
export function integerAttribute(attribute: NumericAttribute, fallback?: number): OptionConverter<number | undefined> {
  const { min, max, default: runtimeDefault } = optionForAttribute(attribute);
  const warn = warnOnce();
  const fromValue = (value: unknown) => {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return fallback;
    const number = typeof value === 'string' ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number) && number >= min && number <= max) return number;
    warn(String(value), `${attribute}=${shown(value)} is not an integer from ${min} to ${max}; ` +
      `using ${fallback === undefined ? `the default, ${runtimeDefault}` : fallback}.`);
    return fallback;
  };
  return {
    fromAttribute: fromValue,
    fromValue,
    toAttribute: (value: number | undefined) => (value === undefined ? null : String(value)),
  };
}

/** `packages="numpy, pandas"`: names or wheel URLs, split on commas and spaces; a bad entry warns and is left out. */
export const packagesAttribute: OptionConverter<string[] | undefined> = (() => {
  const warn = warnOnce();
  const fromValue = (value: unknown) => {
    if (value === null || value === undefined) return undefined;
    const entries: unknown[] = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean)
      : Array.isArray(value) ? value : [value];
    const valid = entries.filter(isPackageSpec);
    for (const entry of entries.filter((each) => !isPackageSpec(each))) {
      warn(`${shown(value)} ${shown(entry)}`,
        `packages=${shown(value)}: ${shown(entry)} is not a package name or a wheel URL; leaving it out.`);
    }
    return valid.length ? valid : undefined;
  };
  return {
    fromAttribute: fromValue,
    fromValue,
    toAttribute: (value: string[] | undefined) => value?.join(', ') ?? null,
  };
})();

/** One of a few words; anything else warns and falls back to the first (the default, also for no attribute). */
export function keywordAttribute<const T extends string>(attribute: string, keywords: readonly [T, ...T[]]): OptionConverter<T> {
  const warn = warnOnce();
  const fromValue = (value: unknown): T => {
    if (value === null || value === undefined || value === '') return keywords[0];
    if (keywords.includes(value as T)) return value as T;
    warn(String(value), `${attribute}=${shown(value)} is not one of ${keywords.join(', ')}; using ${keywords[0]}.`);
    return keywords[0];
  };
  return {
    fromAttribute: fromValue,
    fromValue,
    // The default is the missing attribute: setting the property to it removes the attribute rather than add one.
    toAttribute: (value: T) => (value === keywords[0] ? null : value),
  };
}

export type Preload = 'visible' | 'eager' | 'none';
export const preloadAttribute = keywordAttribute<Preload>('preload', ['visible', 'eager', 'none']);

export type Theme = 'auto' | 'light' | 'dark';
export const themeAttribute = keywordAttribute<Theme>('theme', ['auto', 'light', 'dark']);

/**
 * A boolean attribute: present is true. A property set to a string reads it as the attribute would be (`""`, as Vue
 * sets for a bare `readonly`, is true); `null` and `undefined` are false.
 */
export const booleanAttribute: OptionConverter<boolean> = {
  fromAttribute: (value: string | null) => value !== null,
  fromValue: (value: unknown) => (typeof value === 'string' ? true : Boolean(value)),
  toAttribute: (value: boolean) => (value ? '' : null),
};

/**
 * What each option takes when a framework sets it as a property: its value, or its attribute's text. The typings for
 * React (`python-sandbox/react`) and Vue (`python-sandbox/vue`) build on this; kebab-case names are attributes.
 */
export interface PythonSandboxProperties {
  code?: string;
  timeout?: number | string;
  session?: string;
  runEarlier?: boolean | string;
  'run-earlier'?: boolean | string;
  readonly?: boolean | string;
  autorun?: boolean | string;
  preload?: Preload;
  theme?: Theme;
  indexUrl?: string;
  'index-url'?: string;
  packages?: string[] | string;
  poolSize?: number | string;
  'pool-size'?: number | string;
  memoryLimit?: number | string;
  'memory-limit'?: number | string;
  outputLimit?: number | string;
  'output-limit'?: number | string;
  label?: string;
  persist?: boolean | string;
  share?: boolean | string;
  files?: Record<string, string | Uint8Array>;
  stdin?: string;
  setup?: string;
  solutionAfter?: number | string;
  'solution-after'?: number | string;
}
