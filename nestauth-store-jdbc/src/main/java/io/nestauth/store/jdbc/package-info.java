/**
 * A {@link io.nestauth.client.TokenStore} over any JDBC {@link javax.sql.DataSource}, one row per
 * session: {@link io.nestauth.store.jdbc.JdbcTokenStores} holds the data source and the settings
 * (one per database, shared by the whole service), {@link io.nestauth.store.jdbc.JdbcTokenStores#forKey}
 * gives the {@link io.nestauth.store.jdbc.JdbcTokenStore} of one session (one per end user).
 * Refreshes are single-flight across every process and machine that uses the table, through a lease
 * taken by the database's clock. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.nestauth.store.jdbc;

import org.jspecify.annotations.NullMarked;
