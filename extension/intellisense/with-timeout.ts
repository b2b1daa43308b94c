/**
 * A kernel answer, or a fallback after `ms`. Typing must never wait on a kernel that is busy
 * running a cell for minutes, or on a request the kernel does not answer: the editor asks
 * again on the next keystroke anyway.
 *
 * @example const reply = await withTimeout(kernel.complete(code, cursor), 3000, undefined);
 */
export function withTimeout<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}
