import type { ItemKind } from "../../knowledge/index.js";
import { municipalityName } from "../../knowledge/index.js";
import type { SearchResult } from "../../knowledge/index.js";
import { ITEM_COLUMNS, rowToItem } from "../../knowledge/index.js";
import type { Database } from "../../platform/index.js";

/** Open items of a kind in given ISCO occupations, anywhere: candidates for "more farther away". */
export interface OccupationItemFinder {
  findOpen(options: { readonly kind: ItemKind; readonly occupations: readonly string[]; readonly today: string; readonly limit: number }): Promise<SearchResult[]>;
}

/**
 * One indexed-column query instead of a second ranked search: the alternatives only need the same
 * occupation and an open deadline, and the ranking is by distance anyway.
 */
export function createSqlOccupationItemFinder(database: Database): OccupationItemFinder {
  return {
    async findOpen({ kind, occupations, today, limit }) {
      if (occupations.length === 0) return [];
      const patterns = occupations.map((code) => `${code.replace(/\D/g, "")}%`);
      const result = await database.query<Parameters<typeof rowToItem>[0]>(
        `SELECT ${ITEM_COLUMNS} FROM items
         WHERE kind = $1 AND occupation LIKE ANY($2::text[]) AND (valid_until IS NULL OR valid_until >= $3::date)
         ORDER BY valid_until NULLS LAST, id LIMIT $4`,
        [kind, patterns, today, limit],
      );
      return result.rows.map((row) => {
        const item = rowToItem(row);
        return {
          id: item.id,
          source: item.source,
          kind: item.kind,
          title: item.title,
          organization: item.organization,
          municipality: item.municipality ? municipalityName(item.municipality) : undefined,
          municipalityCode: item.municipality,
          url: item.url,
          validFrom: item.validFrom,
          validUntil: item.validUntil,
          upcoming: Boolean(item.validFrom && item.validFrom > today),
          score: 1,
          snippet: item.description.slice(0, 300),
          language: item.language,
          description: item.description,
          address: item.address,
          email: item.email,
          phone: item.phone,
          startDate: item.startDate,
          format: item.format,
          employmentType: item.employmentType,
          openingHours: item.openingHours,
          occupation: item.occupation,
          tags: item.tags,
        };
      });
    },
  };
}
