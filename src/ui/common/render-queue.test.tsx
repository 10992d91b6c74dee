// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeTurn, useTurn } from './render-queue';

afterEach(() => vi.useRealTimers());

function Shown({ value, wait = true, id }: { value: string; wait?: boolean; id: string }) {
  const shown = useTurn(value, wait);
  return <span data-testid={id}>{shown ?? 'nothing yet'}</span>;
}

describe('render queue', () => {
  it('runs one turn per task, in the order asked, a re-asked turn keeping its place', () => {
    vi.useFakeTimers();
    const ran: string[] = [];
    const a = {};
    const b = {};
    takeTurn(a, () => ran.push('a1'));
    takeTurn(b, () => ran.push('b'));
    takeTurn(a, () => ran.push('a2'));
    expect(ran).toEqual([]);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['a2']);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['a2', 'b']);
  });

  it('shows a value once its turn comes, or at once when not waiting', () => {
    vi.useFakeTimers();
    const { rerender } = render(<><Shown id="a" value="1" /><Shown id="b" value="1" /><Shown id="c" value="1" wait={false} /></>);
    expect(screen.getByTestId('a').textContent).toBe('nothing yet');
    expect(screen.getByTestId('c').textContent).toBe('1');
    act(() => vi.advanceTimersToNextTimer());
    expect(screen.getByTestId('a').textContent).toBe('1');
    expect(screen.getByTestId('b').textContent).toBe('nothing yet');
    act(() => vi.advanceTimersToNextTimer());
    expect(screen.getByTestId('b').textContent).toBe('1');
    rerender(<><Shown id="a" value="2" /><Shown id="b" value="1" /><Shown id="c" value="2" wait={false} /></>);
    expect(screen.getByTestId('a').textContent).toBe('1');
    expect(screen.getByTestId('c').textContent).toBe('2');
    act(() => vi.advanceTimersToNextTimer());
    expect(screen.getByTestId('a').textContent).toBe('2');
  });
});
