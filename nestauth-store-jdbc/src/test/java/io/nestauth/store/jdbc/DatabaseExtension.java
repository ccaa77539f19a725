package io.nestauth.store.jdbc;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes their database as a constructor parameter: one {@link H2Database} and one
 * {@link PostgresServer} for the whole run, each made by the first class that asks for it, with the
 * default table created, and kept in the root {@link ExtensionContext.Store}, which closes them (they
 * are {@link AutoCloseable}) when the run ends. Tests use keys and tables of their own, so nothing is
 * wiped between classes.
 */
final class DatabaseExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DatabaseExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == H2Database.class || type == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(type, DatabaseExtension::start);
  }

  private static AutoCloseable start(Class<?> type) {
    TestDatabase database = type == H2Database.class ? new H2Database() : PostgresServer.start();
    JdbcTokenStores.builder(database.pool()).build().createTableIfMissing();
    return (AutoCloseable) database;
  }
}
