// Pause, resume and stop for the run in progress, read by the trainer between steps.
import type { TrainerControl } from '../train/trainer';

export class RunControl implements TrainerControl {
  private paused = false;
  private stopped = false;
  private wake: (() => void) | null = null;

  isStopped(): boolean {
    return this.stopped;
  }

  isPaused(): boolean {
    return this.paused;
  }

  async waitWhilePaused(): Promise<void> {
    while (this.paused && !this.stopped) await new Promise<void>((r) => (this.wake = r));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
