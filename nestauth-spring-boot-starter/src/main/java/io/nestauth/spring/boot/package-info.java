/**
 * Spring Boot auto-configuration for Nest Auth: the {@code NestAuthClient} bean
 * ({@code nestauth.client.*}), the resource server ({@code nestauth.resource-server.*}) and the
 * outgoing interceptors ({@code nestauth.outgoing.*}). Nothing here is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.nestauth.spring.boot;

import org.jspecify.annotations.NullMarked;
