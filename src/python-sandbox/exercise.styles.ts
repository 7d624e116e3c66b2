import { css } from 'lit';

/** The exercise's part of the element (exercise-view.ts), after the console; uses the element's --_ colours. */
export const exerciseStyles = css`
  :host {
    --_success: var(--python-sandbox-success, light-dark(#1a7f37, #3fb950));
  }
  .exercise {
    border-top: 1px solid var(--_border);
    padding: 8px 12px;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .exercise__verdict {
    display: flex;
    align-items: baseline;
    flex-wrap: wrap;
    gap: 0 8px;
    margin: 0;
    padding: 6px 10px;
    border: 1px solid currentColor;
    border-left-width: 4px;
    border-radius: calc(var(--_radius) - 2px);
  }
  .exercise__verdict--passed {
    color: var(--_success);
    background: color-mix(in srgb, var(--_success) 8%, var(--_bg));
  }
  .exercise__verdict--failed,
  .exercise__verdict--broken {
    color: var(--_error);
    background: color-mix(in srgb, var(--_error) 8%, var(--_bg));
  }
  .exercise__icon {
    font-weight: 700;
  }
  .exercise__message {
    flex-basis: 100%;
    color: var(--_fg);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .exercise__actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .exercise__actions:empty {
    display: none;
  }
  .exercise__locked {
    color: var(--_muted);
    font-size: 12px;
  }
  .exercise__hint,
  .exercise__solution {
    padding: 6px 10px;
    border-left: 4px solid var(--_accent-ink);
    background: var(--_surface);
    border-radius: calc(var(--_radius) - 2px);
  }
  .exercise__hint:focus-visible,
  .exercise__solution:focus-visible {
    outline: 2px solid var(--_accent-ink);
    outline-offset: 1px;
  }
  .exercise__heading {
    display: block;
    font-size: 12px;
    color: var(--_muted);
    margin-bottom: 2px;
  }
  .exercise__content > :first-child {
    margin-top: 0;
  }
  .exercise__content > :last-child {
    margin-bottom: 0;
  }
  .exercise__content code,
  .exercise__code {
    font-family: var(--_font);
    font-size: 13px;
  }
  .exercise__code {
    margin: 4px 0 8px;
    padding: 8px 12px;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    overflow-x: auto;
    tab-size: 4;
  }
`;
