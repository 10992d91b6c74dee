// The error a call throws (or a promise rejects with), checked to be of the expected class, for tests that
// assert on its fields (code, names) and not only its message.

type ErrorClass<E> = abstract new (...args: never[]) => E;

export function thrown<E>(type: ErrorClass<E>, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}

export async function rejected<E>(type: ErrorClass<E>, p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}
