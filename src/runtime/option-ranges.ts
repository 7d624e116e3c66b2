/** A numeric option: its name in the runtime API, the element's attribute for it (if any), its default and range. */
export interface NumericOption {
  readonly name: string;
  readonly attribute?: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Every numeric option, declared once: the runtime's checks (validate.ts), the element's attribute converters and
 * the README's table of ranges follow these, so an attribute the element accepts is one the runtime accepts.
 */
export const numericOptions = {
  /** 0 = no deadline. Browsers keep timer delays in 32 bits: past 2^31 − 1 ms (24.8 days) setTimeout fires at once. */
  timeout: { name: 'timeout', attribute: 'timeout', default: 5000, min: 0, max: 2_147_483_647 },
  /** The most runs at once, and the most spares: a quiet pool keeps one spare, two while runs come, more for waiting runs. */
  size: { name: 'size', attribute: 'pool-size', default: 2, min: 1, max: 16 },
  /** 32-bit WebAssembly memory ends at 4 GiB. */
  memoryLimitMiB: { name: 'memoryLimitMiB', attribute: 'memory-limit', default: 256, min: 64, max: 4096 },
  /**
   * Output is kept in strings on the page: Chromium's end at 2^29 − 24 characters (≈ 536 million), and 100 million
   * characters already hold 200 MB of the page's memory.
   */
  outputLimit: { name: 'outputLimit', attribute: 'output-limit', default: 1_000_000, min: 1, max: 100_000_000 },
  /** The element's only: runs of an exercise after which its solution can be shown (a pass shows it at once). */
  solutionAfter: { name: 'solutionAfter', attribute: 'solution-after', default: 3, min: 0, max: 1000 },
  /**
   * How long a program may wait in `input()` for its line before its run ends `'timeout'`: the reader's typing time is
   * not execution, so the deadline pauses meanwhile, but a waiting run holds an interpreter. 0 = no bound.
   */
  inputTimeout: { name: 'inputTimeout', default: 300_000, min: 0, max: 2_147_483_647 },
  /** Page-wide, for `configure()`: the interpreters all shared pools may keep (an idle one holds about 29 MiB). */
  maxInterpreters: { name: 'maxInterpreters', default: 4, min: 1, max: 64 },
} as const satisfies Record<string, NumericOption>;

/** The attributes of the element that take a number. */
export type NumericAttribute = Extract<(typeof numericOptions)[keyof typeof numericOptions], { attribute: string }>['attribute'];

export function optionForAttribute(attribute: NumericAttribute): NumericOption {
  return Object.values(numericOptions).find((option) => 'attribute' in option && option.attribute === attribute)!;
}
