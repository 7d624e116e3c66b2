/**
 * Limits that both the frame's relay (worker/limits.ts caps what crosses to the page) and the page (the console, the
 * checks of relay messages) apply. Declared once here, in a module of neither side's code, that both may import.
 */

/**
 * Pictures and pages one run may show. Each costs the page a decode or a document of its own however small it is
 * (500 one-character pages froze the page for 13 s), so the count is capped as well as the characters.
 */
export const MAX_DISPLAYS_PER_RUN = 50;

/**
 * Frames an error's description may list (the innermost kept). The console makes a button of each frame in the
 * user's code, so a program that rewrites the runner's report must not be able to ask for thousands.
 */
export const MAX_TRACEBACK_FRAMES = 200;
