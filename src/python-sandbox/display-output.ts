import { html } from 'lit';
import type { DisplayOutput } from '../runtime/types.ts';

/**
 * The only script an HTML output frame runs: it reports the content's height so the frame can fit it. The frame's CSP
 * pins it by hash, so scripts in the program's HTML (`<script>`, `onerror=`, `javascript:` URLs) do not run.
 */
export const HEIGHT_SCRIPT =
  'new ResizeObserver(()=>parent.postMessage({pythonSandboxHeight:Math.ceil(document.documentElement.getBoundingClientRect().height)},"*")).observe(document.documentElement)';
export const HEIGHT_SCRIPT_HASH = 'sha256-rqkOBTQRi1o8y2hHoE9+VK2DhKVJ0Qu3jdngW0yafKM=';

/** HTML from user code is hostile: it gets an opaque-origin frame with no network and no script but ours. */
const HTML_FRAME_CSP = `default-src 'none'; script-src '${HEIGHT_SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; font-src data:`;

export function htmlFrameDocument(markup: string): string {
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="${HTML_FRAME_CSP}">` +
    `<style>html{color-scheme:light dark;font:14px system-ui,sans-serif}body{margin:0}</style>` +
    `<script>${HEIGHT_SCRIPT}</script>${markup}`;
}

/** Fits an HTML output frame to the height its script reports; messages from anything else are ignored. */
export function fitHtmlFrame(frames: Iterable<HTMLIFrameElement>, event: MessageEvent): void {
  const height = (event.data as { pythonSandboxHeight?: unknown } | null)?.pythonSandboxHeight;
  if (typeof height !== 'number' || !Number.isFinite(height)) return;
  for (const frame of frames) {
    if (frame.contentWindow === event.source) frame.style.height = `${Math.min(Math.max(height, 16), 2000)}px`;
  }
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * One picture or page a program displayed. Images and SVG go in `<img>`, where SVG cannot run script or load
 * anything; HTML goes in a sandboxed frame; Markdown shows as its text.
 */
export function renderDisplayOutput(output: DisplayOutput) {
  switch (output.mime) {
    case 'image/png':
    case 'image/jpeg':
      return html`<img class="console__image" alt="Image displayed by the program"
        src=${`data:${output.mime};base64,${base64(output.data as Uint8Array)}`}>`;
    case 'image/svg+xml':
      return html`<img class="console__image" alt="Drawing displayed by the program"
        src=${`data:image/svg+xml;charset=utf-8,${encodeURIComponent(output.data as string)}`}>`;
    case 'text/html':
      return html`<iframe class="console__html" title="HTML displayed by the program" sandbox="allow-scripts"
        srcdoc=${htmlFrameDocument(output.data as string)}></iframe>`;
    case 'text/markdown':
      return html`<div class="console__markdown">${output.data as string}</div>`;
  }
}
