// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useCalm } from './use-calm';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('useCalm', () => {
  it('follows at once when nothing trains; while live, moves on at most every interval, to the latest value', () => {
    const { result, rerender } = renderHook(({ v, live }) => useCalm(v, live, 3000), { initialProps: { v: 1, live: false } });
    rerender({ v: 2, live: false });
    expect(result.current).toBe(2);
    rerender({ v: 3, live: true });
    act(() => vi.advanceTimersByTime(0));
    expect(result.current).toBe(3); // the first change of a run shows at once
    rerender({ v: 4, live: true });
    rerender({ v: 5, live: true });
    act(() => vi.advanceTimersByTime(2000));
    expect(result.current).toBe(3);
    act(() => vi.advanceTimersByTime(1000));
    expect(result.current).toBe(5); // skipped 4: the latest value when the interval is up
    rerender({ v: 6, live: false });
    expect(result.current).toBe(6); // the run ended: its last word at once
  });
});
