// Two tabs on one project never both write: the second opens it read-only and says so; once the first tab
// is closed, a reload makes the second the writer.
import { expect, test } from '@playwright/test';

test('a second tab on the same project is read-only and says why', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('/');
  const firstProject = first.getByRole('region', { name: 'Project' });
  await expect(firstProject.getByLabel('Project name')).toHaveValue(/\S/, { timeout: 60_000 });
  const name = await firstProject.getByLabel('Project name').inputValue();

  const second = await context.newPage();
  await second.goto('/');
  const project = second.getByRole('region', { name: 'Project' });
  await expect(project.getByRole('alert')).toContainText(`"${name}" is open in another tab, so this tab is read-only`, { timeout: 60_000 });
  await expect(firstProject.getByRole('alert')).toHaveCount(0);

  await first.close();
  await second.reload();
  await expect(project.getByLabel('Project name')).toHaveValue(name, { timeout: 60_000 });
  await expect(project.getByRole('alert')).toHaveCount(0);
});
