// @vitest-environment jsdom
// AfterPaint shows its placeholder in the render that mounts it and its children only in a later task.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AfterPaint } from './after-paint';

afterEach(() => cleanup());

describe('AfterPaint', () => {
  it('mounts the children after the mounting task, not in it', async () => {
    let mounted = 0;
    const Heavy = () => {
      mounted++;
      return <span>grid</span>;
    };
    render(<AfterPaint placeholder={<span>laying out</span>}><Heavy /></AfterPaint>);
    expect(screen.getByText('laying out')).toBeTruthy();
    expect(mounted).toBe(0);
    expect(await screen.findByText('grid')).toBeTruthy();
    expect(screen.queryByText('laying out')).toBeNull();
    expect(mounted).toBe(1);
  });

});
