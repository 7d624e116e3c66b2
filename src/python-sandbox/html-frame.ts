/**
 * The frame an HTML display is shown in, and the host's side of it: fitting its height to what its script reports,
 * and removing it if it navigates. Its markup has already been made inert (inert-markup.ts); this is the second line.
 *
 * What cannot be bounded from here: the renderer the frame runs in. Output frames are opaque-origin documents that
 * the browser may put in the same renderer process as the sandbox's relay frame (Chromium groups sandboxed frames of
 * a site; where it does not isolate them, as in the tests, they share the page's own), so markup slow to lay out or
 * paint still slows the relay's runs, or the page, for that long. The element count (render-cost.ts), stopped
 * animations and the cap on live frames bound how long.
 */

/**
 * The only script the frame runs: it reports the content's height so the frame can fit it. The frame's CSP pins it by
 * hash, so scripts in the program's HTML (`<script>`, `onerror=`, `javascript:` URLs) do not run.
 */
export const HEIGHT_SCRIPT =
  'new ResizeObserver(()=>parent.postMessage({pythonSandboxHeight:Math.ceil(document.documentElement.getBoundingClientRect().height)},"*")).observe(document.documentElement)';
export const HEIGHT_SCRIPT_HASH = 'sha256-rqkOBTQRi1o8y2hHoE9+VK2DhKVJ0Qu3jdngW0yafKM=';

/** No network, no script but ours, no form submission, no `<base>`. */
const FRAME_CSP = `default-src 'none'; script-src '${HEIGHT_SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; ` +
  `font-src data:; form-action 'none'; base-uri 'none'`;

/**
 * Stops CSS animations and transitions: `!important` in the first layer beats every later layer and unlayered CSS
 * (important declarations cascade in reverse layer order). Style attributes would still win; inert-css.ts strips
 * those.
 */
const STILL_STYLE = '@layer{*,*::before,*::after{animation:none!important;transition:none!important}}';

export function htmlFrameDocument(inertMarkup: string): string {
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">` +
    `<meta name="referrer" content="no-referrer">` +
    `<style>${STILL_STYLE}html{color-scheme:light dark;font:14px system-ui,sans-serif}body{margin:0}</style>` +
    `<script>${HEIGHT_SCRIPT}</script>${inertMarkup}`;
}

export const NAVIGATED_NOTE = 'A page the program displayed navigated away, so it was removed.';

/**
 * A `load` handler for one output frame. Its first document is the markup; a second load in the same browsing context
 * means it navigated (whatever the inert markup missed): the frame goes at once, a note in its place. A frame moved
 * in the DOM gets a new browsing context (a new `contentWindow`) and loads its markup again, which is no navigation.
 * Nothing in the markup can navigate before its first load (a refresh waits for it, a link for a click).
 */
export function navigationGuard(onNavigated: () => void): (event: Event) => void {
  let loaded: Window | null = null;
  return (event) => {
    const frame = event.currentTarget as HTMLIFrameElement;
    const window = frame.contentWindow;
    if (window !== loaded) {
      loaded = window;
      return;
    }
    onNavigated();
    const note = frame.ownerDocument.createElement('div');
    note.className = 'console__note';
    note.textContent = NAVIGATED_NOTE;
    frame.replaceWith(note);
  };
}

/** Height reports applied per frame per second; later ones in the second are folded into one at its end. */
const REPORTS_PER_SECOND = 10;

interface ReportBudget {
  startedAt: number;
  applied: number;
  latest?: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** `{ pythonSandboxHeight: <finite number> }` and nothing else, as the height script sends it. */
function heightReport(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null || Object.getPrototypeOf(data) !== Object.prototype) return undefined;
  const keys = Object.keys(data);
  if (keys.length !== 1 || keys[0] !== 'pythonSandboxHeight') return undefined;
  const height = (data as { pythonSandboxHeight: unknown }).pythonSandboxHeight;
  return typeof height === 'number' && Number.isFinite(height) ? height : undefined;
}

function fit(frame: HTMLIFrameElement, height: number): void {
  frame.style.height = `${Math.min(Math.max(height, 16), 2000)}px`;
}

/**
 * Fits an element's output frames to the heights their script reports. Each style change costs the page a layout,
 * and anything in a frame that navigated anyway could post thousands a second: reports are rate-limited per frame,
 * and a frame's last height is still applied.
 */
export class HtmlFrameSizer {
  private readonly budgets = new WeakMap<HTMLIFrameElement, ReportBudget>();

  /** Call on the window's `message` events; `frames` lists the output frames, looked up only for a well-formed report. */
  onMessage(event: MessageEvent, frames: () => Iterable<HTMLIFrameElement>): void {
    const height = heightReport(event.data);
    if (height === undefined || !event.source) return;
    let frame: HTMLIFrameElement | undefined;
    for (const candidate of frames()) if (candidate.contentWindow === event.source) frame = candidate;
    if (!frame) return;
    const now = performance.now();
    const budget = this.budgetOf(frame, now);
    if (budget.applied < REPORTS_PER_SECOND) {
      budget.applied++;
      fit(frame, height);
      return;
    }
    budget.latest = height;
    const shown = frame;
    budget.timer ??= setTimeout(() => {
      this.budgets.delete(shown);
      if (shown.isConnected) fit(shown, budget.latest!);
    }, Math.max(0, budget.startedAt + 1000 - now));
  }

  private budgetOf(frame: HTMLIFrameElement, now: number): ReportBudget {
    let budget = this.budgets.get(frame);
    if (!budget || (budget.timer === undefined && now - budget.startedAt >= 1000)) {
      budget = { startedAt: now, applied: 0 };
      this.budgets.set(frame, budget);
    }
    return budget;
  }
}
