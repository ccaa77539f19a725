/**
 * Spring Security (servlet) support for Nest Auth access tokens: a bearer-token filter, the
 * authentication it produces and a configurer for a filter chain. Nothing here is null unless
 * marked {@code @Nullable}.
 */
@NullMarked
package io.nestauth.spring.security;

import org.jspecify.annotations.NullMarked;
