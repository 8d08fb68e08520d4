import type { Database, SqlClient } from "../../platform/database.js";

/**
 * The same database, showing every statement to `inspect` before it runs (plain and prepared, in
 * and outside transactions). `inspect` may throw to make that statement fail.
 */
export function inspectStatements(database: Database, inspect: (sql: string) => void): Database {
  const wrap = <Client extends SqlClient>(client: Client): Client => ({
    ...client,
    query: (sql: string, params?: readonly unknown[]) => {
      inspect(sql);
      return client.query(sql, params);
    },
    ...(client.queryPrepared
      ? {
          queryPrepared: (sql: string, params?: readonly unknown[]) => {
            inspect(sql);
            return client.queryPrepared!(sql, params);
          },
        }
      : {}),
  });
  return {
    ...wrap(database),
    transaction: (work) => database.transaction((client) => work(wrap(client))),
  };
}
