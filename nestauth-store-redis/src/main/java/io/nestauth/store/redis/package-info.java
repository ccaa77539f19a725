/**
 * A {@link io.nestauth.client.TokenStore} over Redis: {@link io.nestauth.store.redis.RedisTokenStores}
 * holds one shared connection and hands out a {@link io.nestauth.store.redis.RedisTokenStore} per
 * session key. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.nestauth.store.redis;

import org.jspecify.annotations.NullMarked;
