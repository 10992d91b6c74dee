// Waits in component tests (waitFor, findBy*) poll for a state; on a loaded machine reaching it can take
// far longer than testing-library's 1 s default, so the ceiling is generous. It is a limit, not a timing check.
import { configure } from '@testing-library/dom';

configure({ asyncUtilTimeout: 30_000 });
