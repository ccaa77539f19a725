/**
 * Outgoing calls carrying a {@code NestAuthClient}'s session: an interceptor for
 * {@code RestClient} and {@code RestTemplate}, a filter for {@code WebClient}, and the origins
 * they may send the token to. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.nestauth.spring.web;

import org.jspecify.annotations.NullMarked;
