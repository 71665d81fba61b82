/** Wraps a listener so that it never throws into the host page (plugins pass one that logs). */
export type Wrap = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void
