/** The sdk's version, printed in every error message. Keep in step with `package.json`. */
export const version = "0.1.0";
