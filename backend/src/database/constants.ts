/** Injection token of the open {@link Database}. */
export const DATABASE = Symbol("DATABASE");
