/** Injection token of the validated {@link BackendConfig}. */
export const CONFIG = Symbol("CONFIG");
