/**
 * The query of an endpoint that takes none: with the global ValidationPipe's `forbidNonWhitelisted`,
 * any parameter is rejected with 400 ("property x should not exist") instead of silently ignored.
 */
export class NoQueryDto {}
