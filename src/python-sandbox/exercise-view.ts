import { html, nothing } from 'lit';
import { type ExerciseController, verdictWord } from './exercise-controller.ts';

const ICONS = { passed: '✓', failed: '✗', broken: '⚠' } as const;

/**
 * The exercise's part of the element, below the console: the verdict (an icon and a word, never colour alone; the
 * status line announces it), Show hint, the solution once it is offered, and what the reader revealed.
 */
export function renderExercise(exercise: ExerciseController) {
  if (!exercise.active) return nothing;
  const { verdict } = exercise;
  const kind = verdict ? (verdict.error ? 'broken' : verdict.passed ? 'passed' : 'failed') : undefined;
  const hints = exercise.hintCount;
  const shown = exercise.shownHints.length;
  const solution = exercise.solutionSource ? exercise.shownSolution() : undefined;
  const waitFor = exercise.runsBeforeSolution;
  return html`
    <div class="exercise" part="exercise">
      ${verdict && kind ? html`<p class="exercise__verdict exercise__verdict--${kind}" part="verdict">
        <span class="exercise__icon" aria-hidden="true">${ICONS[kind]}</span>
        <strong class="exercise__word">${verdictWord(verdict)}</strong>
        <span class="exercise__message">${verdict.message}</span></p>` : nothing}
      ${hints || solution ? html`<div class="exercise__actions">
        ${shown < hints ? html`<button class="exercise__hint-button" part="hint-button" @click=${() => exercise.showNextHint()}>${
          shown ? 'Show another hint' : 'Show hint'}${hints > 1 ? ` (${shown + 1} of ${hints})` : ''}</button>` : nothing}
        ${solution && waitFor === 0 ? html`<button class="exercise__solution-button" part="solution-button"
          aria-expanded=${exercise.solutionShown ? 'true' : 'false'} @click=${() => exercise.toggleSolution()}>${
          exercise.solutionShown ? 'Hide solution' : 'Show solution'}</button>` : nothing}
        ${solution && waitFor > 0 ? html`<span class="exercise__locked">The solution can be shown after a pass or ${waitFor} more ${
          waitFor === 1 ? 'run' : 'runs'}.</span>` : nothing}
      </div>` : nothing}
      ${exercise.shownHints.map((hint, index) => html`<section class="exercise__hint" part="hint" tabindex="-1"
        aria-label=${`Hint ${index + 1}`}>
        <strong class="exercise__heading">Hint${hints > 1 ? ` ${index + 1}` : ''}</strong>${hint}</section>`)}
      ${solution && exercise.solutionShown ? html`<section class="exercise__solution" part="solution" aria-label="Solution">
        <strong class="exercise__heading">Solution</strong>
        ${solution.code !== undefined ? html`<pre class="exercise__code"><code>${solution.code}</code></pre>
          <button class="exercise__load" part="load-solution-button" @click=${() => exercise.loadSolution()}>Load solution into the editor</button>`
          : solution.copy}
      </section>` : nothing}
    </div>
  `;
}
