import { DatabaseError, type Database } from "../platform/index.js";
import type { ShortageList, ShortageStore } from "./shortage.js";

interface ListRow {
  area: string;
  as_of: string;
  source_name: string;
  source_url: string | null;
  updated_by: string;
  updated_at: Date | string;
}

/** `ShortageStore` over PostgreSQL or PGlite (platform/migrations/0051_shortage_occupations.sql). */
export function createSqlShortageStore(database: Database): ShortageStore {
  return {
    async lists() {
      try {
        const lists = await database.query<ListRow>(
          "SELECT area, as_of, source_name, source_url, updated_by, updated_at FROM shortage_lists ORDER BY area",
        );
        const occupations = await database.query<{ area: string; isco: string; label: string | null }>(
          "SELECT area, isco, label FROM shortage_occupations ORDER BY area, isco",
        );
        return lists.rows.map((row) => ({
          area: row.area,
          asOf: row.as_of,
          source: { name: row.source_name, ...(row.source_url ? { url: row.source_url } : {}) },
          occupations: occupations.rows
            .filter((occupation) => occupation.area === row.area)
            .map((occupation) => ({ isco: occupation.isco, ...(occupation.label ? { label: occupation.label } : {}) })),
          updatedBy: row.updated_by,
          updatedAt: new Date(row.updated_at).toISOString(),
        }));
      } catch (error) {
        throw new DatabaseError("Reading shortage occupations failed", { cause: error });
      }
    },

    async replace(list) {
      try {
        const updatedAt = await database.transaction(async (client) => {
          const saved = await client.query<{ updated_at: Date | string }>(
            `INSERT INTO shortage_lists (area, as_of, source_name, source_url, updated_by, updated_at)
             VALUES ($1, $2::date, $3, $4, $5, now())
             ON CONFLICT (area) DO UPDATE SET as_of = EXCLUDED.as_of, source_name = EXCLUDED.source_name,
               source_url = EXCLUDED.source_url, updated_by = EXCLUDED.updated_by, updated_at = now()
             RETURNING updated_at`,
            [list.area, list.asOf, list.source.name, list.source.url ?? null, list.updatedBy],
          );
          await client.query("DELETE FROM shortage_occupations WHERE area = $1", [list.area]);
          for (const occupation of list.occupations) {
            await client.query("INSERT INTO shortage_occupations (area, isco, label) VALUES ($1, $2, $3)", [
              list.area,
              occupation.isco,
              occupation.label ?? null,
            ]);
          }
          return saved.rows[0]?.updated_at ?? new Date();
        });
        return { ...list, updatedAt: new Date(updatedAt).toISOString() };
      } catch (error) {
        throw new DatabaseError("Saving shortage occupations failed", { cause: error });
      }
    },
  };
}
