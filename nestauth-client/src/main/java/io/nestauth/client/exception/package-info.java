/**
 * The exceptions of a failed call, all {@link io.nestauth.client.exception.NestAuthException}s, and
 * the catalogue of server error codes the SDK knows ({@link io.nestauth.client.exception.ErrorCode}).
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.nestauth.client.exception;

import org.jspecify.annotations.NullMarked;
