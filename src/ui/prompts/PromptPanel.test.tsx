// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeEngine } from '../../store/testing/fake-engine';
import { MODEL_INFO, promptCheck, SUMMARY } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { PromptPanel } from './PromptPanel';
import { IMAGENET_TEMPLATES } from './templates';

const wait = (ms = 10) => act(() => new Promise((r) => setTimeout(r, ms)));

describe('Prompt panel', () => {
  it('re-checks edited prompts and shows token counts, a truncation warning and zero-shot accuracy', async () => {
    const e = new FakeEngine()
      .on('load-model', () => MODEL_INFO)
      .on('import-files', () => SUMMARY)
      // the second template is "too long" in this canned reply
      .on('set-prompts', (r) => promptCheck(r.prompts.templates, 1));
    const { studio } = renderWithStudio(<PromptPanel />, e);
    await act(() => studio.bridge.loadModel({ kind: 'hub', repo: 'm' }));
    await act(() => studio.bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]));
    await wait();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add template' }));
    const t2 = screen.getByLabelText('Template 2');
    await user.clear(t2);
    await user.type(t2, 'a very long prompt about {{}.');
    await wait(30);
    const last = e.sent('set-prompts').at(-1)!;
    expect(last.prompts).toEqual({ classNames: ['climbing', 'diving'], templates: ['a photo of a {}.', 'a very long prompt about {}.'] });
    expect(screen.getByText('7 tokens')).toBeTruthy();
    expect(screen.getByText('77 tokens')).toBeTruthy();
    expect(screen.getByText('Truncated to 77 tokens for every class')).toBeTruthy();
    const zs = screen.getByLabelText('Zero-shot accuracy');
    expect(within(zs).getByText('zero-shot test')).toBeTruthy();
    expect(within(zs).getByText('65.0%')).toBeTruthy();
  });

  it('edits display names and loads the 80 ImageNet templates', async () => {
    const e = new FakeEngine().on('load-model', () => MODEL_INFO).on('import-files', () => SUMMARY).on('set-prompts', (r) => promptCheck(r.prompts.templates));
    const { studio } = renderWithStudio(<PromptPanel />, e);
    await act(() => studio.bridge.loadModel({ kind: 'hub', repo: 'm' }));
    await act(() => studio.bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]));
    const user = userEvent.setup();
    const name = screen.getByLabelText('Display name for diving');
    await user.clear(name);
    await user.type(name, 'person diving');
    await wait(30);
    expect(e.sent('set-prompts').at(-1)!.prompts.classNames).toEqual(['climbing', 'person diving']);
    await user.click(screen.getByRole('button', { name: "Use CLIP's 80 ImageNet templates" }));
    expect(screen.getByLabelText('Template 80')).toBeTruthy();
    await wait(30);
    expect(e.sent('set-prompts').at(-1)!.prompts.templates).toEqual(IMAGENET_TEMPLATES);
  });
});
