/**
 * The Nest Auth client: {@link io.nestauth.client.NestAuthClient}, the calls it returns, the
 * session's storage and the SDK's own value types. Nothing here is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.nestauth.client;

import org.jspecify.annotations.NullMarked;
