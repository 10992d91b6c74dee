// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { WhileVisible } from './while-visible';

afterEach(() => cleanup());

describe('WhileVisible', () => {
  it('keeps what it last drew while out of view, and catches up when back', () => {
    let renders = 0;
    const Count = ({ n }: { n: number }) => {
      renders++;
      return <span>value {n}</span>;
    };
    const { rerender } = render(<WhileVisible visible><Count n={1} /></WhileVisible>);
    rerender(<WhileVisible visible={false}><Count n={2} /></WhileVisible>);
    rerender(<WhileVisible visible={false}><Count n={3} /></WhileVisible>);
    expect(screen.getByText('value 1')).toBeTruthy();
    expect(renders).toBe(1);
    rerender(<WhileVisible visible><Count n={4} /></WhileVisible>);
    expect(screen.getByText('value 4')).toBeTruthy();
    expect(renders).toBe(2);
  });
});
