import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Preload } from './attribute-converters.ts';
import { laterTask } from '../runtime/later-task.ts';
import type { PoolController } from './pool-controller.ts';

type PreloadHost = ReactiveControllerHost & HTMLElement & { preload: Preload; autorun: boolean };

/**
 * When the element boots its interpreter pool (`preload`): at once (`eager`, or `autorun`), when the element comes
 * near the viewport (`visible`), or on the first run (`none`); and early when the pointer or focus reaches Run.
 */
export class PreloadController implements ReactiveController {
  private visibility: IntersectionObserver | undefined;

  /** `beforeBoot` is called when the element has decided how to boot, before it does. */
  constructor(
    private readonly host: PreloadHost,
    private readonly pool: PoolController,
    private readonly beforeBoot: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Properties set before the element upgraded reach it only at its first update (Lit keeps them until then), so
    // how to boot is decided after it. That is still after the current script: `import 'python-sandbox/define.js'`
    // upgrades elements before the importing module's own code runs, and that code may call configure({ indexURL }).
    void this.host.updateComplete.then(() => this.host.isConnected && this.prepare());
  }

  hostDisconnected(): void {
    this.visibility?.disconnect();
  }

  /** Call when the pointer enters Run or Run takes focus: a click is likely, so boot now (unless `preload="none"`). */
  readonly warmUp = () => {
    if (this.host.preload !== 'none') this.pool.pool();
  };

  private prepare(): void {
    this.beforeBoot();
    if (this.host.preload === 'eager' || this.host.autorun) this.pool.pool();
    else if (this.host.preload === 'visible') this.bootWhenVisible();
  }

  private bootWhenVisible(): void {
    if (this.pool.leased) return;
    this.visibility ??= new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          this.visibility?.disconnect();
          // In a task of its own: observer callbacks run in the task that then renders the page, and starting the
          // pool (the frame, the first fetches) there made a long lesson's rendering task 20–28 ms longer (row 9).
          laterTask(() => this.host.isConnected && this.pool.pool());
        }
      },
      { rootMargin: '200px' },
    );
    this.visibility.observe(this.host);
  }
}
