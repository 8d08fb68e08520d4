import { EMPLOYMENT_TYPES, FORMATS, ITEM_KINDS, LANGUAGES } from "../knowledge/index.js";

type Json = Record<string, unknown>;

const errorResponse = (description: string): Json => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const jsonResponse = (description: string, schema: Json): Json => ({
  description,
  content: { "application/json": { schema } },
});

const standardErrors = {
  "401": errorResponse("No or invalid bearer token"),
  "403": errorResponse("Outside the caller's scope or role"),
};

const sourceIdParameters = [
  { name: "source", in: "path", required: true, schema: { type: "string" }, description: "Source of the item (`admin` for items made here)" },
  { name: "id", in: "path", required: true, schema: { type: "string" } },
];

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** The OpenAPI 3.1 description of `/api/admin`, served at `/api/admin/openapi.json`. */
export function buildOpenApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Lähituki knowledge administration API",
      version: "1.0.0",
      description:
        "Municipal editors keep knowledge items current. Authenticate with `Authorization: Bearer TOKEN` (a personal API token from `npm run admin -- create-token`, or a Teams SSO token). Error bodies are `{ error: { code, message, field? } }`; validation messages follow `Accept-Language` (fi, sv, en).",
    },
    servers: [{ url: "/api/admin" }],
    security: [{ bearer: [] }],
    paths: {
      "/items": {
        get: {
          summary: "List and search items within the caller's scope",
          parameters: [
            { name: "kind", in: "query", schema: { type: "string", enum: [...ITEM_KINDS] } },
            { name: "municipality", in: "query", schema: { type: "string" }, description: "Name in any form (fi/sv/inflected) or code; comma-separated for several" },
            { name: "source", in: "query", schema: { type: "string" } },
            { name: "validity", in: "query", schema: { type: "string", enum: ["open", "expired", "upcoming"] } },
            { name: "text", in: "query", schema: { type: "string" }, description: "Substring of title, description, organisation or id" },
            { name: "expiringWithinDays", in: "query", schema: { type: "integer", minimum: 0 } },
            { name: "staleAfterDays", in: "query", schema: { type: "integer", minimum: 1 } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 50 } },
            { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
          ],
          responses: {
            "200": jsonResponse("A page of items", {
              type: "object",
              properties: { items: { type: "array", items: ref("StoredItem") }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } },
            }),
            "400": errorResponse("Invalid filter"),
            ...standardErrors,
          },
        },
        post: {
          summary: "Create an item in source `admin`",
          requestBody: { required: true, content: { "application/json": { schema: ref("Item") } } },
          responses: {
            "201": jsonResponse("Created", ref("StoredItem")),
            "400": errorResponse("Validation failed (field named)"),
            "409": errorResponse("An admin item with this id exists"),
            ...standardErrors,
          },
        },
      },
      "/items/{source}/{id}": {
        parameters: sourceIdParameters,
        get: { summary: "One item", responses: { "200": jsonResponse("The item", ref("StoredItem")), "404": errorResponse("Not found"), ...standardErrors } },
        put: {
          summary: "Replace an item (validated like an import)",
          requestBody: { required: true, content: { "application/json": { schema: ref("Item") } } },
          responses: { "200": jsonResponse("Replaced", ref("StoredItem")), "400": errorResponse("Validation failed"), "404": errorResponse("Not found"), ...standardErrors },
        },
        delete: { summary: "Delete an item", responses: { "204": { description: "Deleted" }, "404": errorResponse("Not found"), ...standardErrors } },
      },
      "/items/{source}/{id}/expire": {
        parameters: sourceIdParameters,
        post: {
          summary: "End the item's validity today (Europe/Helsinki); it disappears from search at once",
          responses: { "200": jsonResponse("Expired", ref("StoredItem")), "404": errorResponse("Not found"), ...standardErrors },
        },
      },
      "/uploads": {
        post: {
          summary: "Import a file (JSONL, JSON, CSV, Markdown, text, HTML, PDF) like `npm run ingest`",
          parameters: [
            { name: "dryRun", in: "query", schema: { type: "boolean" }, description: "Validate and count only; write nothing" },
            { name: "source", in: "query", schema: { type: "string" }, description: "Source of the items (default: the file's name)" },
            { name: "kind", in: "query", schema: { type: "string", enum: [...ITEM_KINDS] }, description: "Kind of free documents" },
          ],
          requestBody: {
            required: true,
            content: { "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", format: "binary" } }, required: ["file"] } } },
          },
          responses: {
            "200": jsonResponse("Import (or dry-run) summary with per-row errors", ref("IngestSummary")),
            "400": errorResponse("No file or unreadable file"),
            "413": errorResponse("Over ADMIN_UPLOAD_MAX_MB"),
            "415": errorResponse("Archives, compressed or binary files are refused"),
            ...standardErrors,
          },
        },
      },
      "/sources": {
        get: {
          summary: "Sources with item counts and their last import or sync",
          parameters: [{ name: "municipality", in: "query", schema: { type: "string" }, description: "Only sources with items of this municipality, counted for it" }],
          responses: { "200": jsonResponse("Sources", { type: "object", properties: { sources: { type: "array", items: ref("SourceStatus") } } }), ...standardErrors },
        },
      },
      "/audit": {
        get: {
          summary: "Audit log (read-only; nobody can change it through the API)",
          parameters: [
            { name: "municipality", in: "query", schema: { type: "string" } },
            { name: "source", in: "query", schema: { type: "string" } },
            { name: "itemId", in: "query", schema: { type: "string" } },
            { name: "limit", in: "query", schema: { type: "integer", default: 100 } },
            { name: "offset", in: "query", schema: { type: "integer", default: 0 } },
          ],
          responses: {
            "200": jsonResponse("Entries, newest first", { type: "object", properties: { entries: { type: "array", items: ref("AuditEntry") }, total: { type: "integer" } } }),
            ...standardErrors,
          },
        },
      },
      "/freshness": {
        get: {
          summary: "Items expiring soon (ADMIN_EXPIRING_DAYS) and stale items (not updated in ADMIN_STALE_DAYS)",
          parameters: [{ name: "municipality", in: "query", schema: { type: "string" } }],
          responses: { "200": { description: "Both lists" }, ...standardErrors },
        },
      },
      "/insights": {
        get: {
          summary: "Per municipality and ISO week: unanswered questions grouped by wording, thumbs-down answers, handoff rate and reasons, top topics",
          parameters: [
            { name: "municipality", in: "query", schema: { type: "string" } },
            { name: "weeks", in: "query", schema: { type: "integer", minimum: 1, maximum: 52, default: 8 } },
          ],
          responses: { "200": { description: "Insight report" }, ...standardErrors },
        },
      },
      "/insights.csv": {
        get: {
          summary: "The insight report as CSV (formula-like cells neutralised)",
          parameters: [
            { name: "municipality", in: "query", schema: { type: "string" } },
            { name: "weeks", in: "query", schema: { type: "integer" } },
          ],
          responses: { "200": { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } }, ...standardErrors },
        },
      },
      "/insights.svg": {
        get: {
          summary: "A chart of the insight report, rendered on the server",
          parameters: [
            { name: "chart", in: "query", schema: { type: "string", enum: ["outcomes", "topics"] } },
            { name: "municipality", in: "query", schema: { type: "string" } },
            { name: "weeks", in: "query", schema: { type: "integer" } },
            { name: "lang", in: "query", schema: { type: "string", enum: [...LANGUAGES] } },
          ],
          responses: { "200": { description: "SVG", content: { "image/svg+xml": { schema: { type: "string" } } } }, ...standardErrors },
        },
      },
      "/me": { get: { summary: "The signed-in editor and scope", responses: { "200": { description: "Editor" }, ...standardErrors } } },
      "/editors": {
        get: { summary: "Editors and their tokens (area admins)", responses: { "200": { description: "Editors" }, ...standardErrors } },
        post: {
          summary: "Add or change an editor (area admins)",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["user", "municipalities"],
                  properties: {
                    user: { type: "string" },
                    role: { type: "string", enum: ["editor", "admin"] },
                    municipalities: { oneOf: [{ const: "all" }, { type: "array", items: { type: "string" } }] },
                    entraObjectId: { type: "string" },
                    principalName: { type: "string" },
                  },
                },
              },
            },
          },
          responses: { "200": { description: "Updated" }, "201": { description: "Created" }, "400": errorResponse("Invalid"), ...standardErrors },
        },
      },
      "/editors/{user}": {
        parameters: [{ name: "user", in: "path", required: true, schema: { type: "string" } }],
        delete: { summary: "Remove an editor and their tokens (area admins)", responses: { "204": { description: "Removed" }, "404": errorResponse("No such editor"), ...standardErrors } },
      },
      "/editors/{user}/tokens": {
        parameters: [{ name: "user", in: "path", required: true, schema: { type: "string" } }],
        post: { summary: "Create a personal API token (shown once; area admins)", responses: { "201": { description: "Token" }, ...standardErrors } },
        delete: { summary: "Revoke the editor's tokens (area admins)", responses: { "200": { description: "Revoked count" }, ...standardErrors } },
      },
      "/shortage-occupations": {
        get: {
          summary: "Shortage occupations (ISCO-08) per employment area, with source and date (area admins)",
          parameters: [{ name: "area", in: "query", schema: { type: "string" }, description: "Area id or name, or a member municipality" }],
          responses: { "200": { description: "{ areas: [{ area, name, asOf, source, occupations: [{ isco, label }], updatedBy, updatedAt }] }" }, ...standardErrors },
        },
        put: {
          summary: "Replace one area's shortage occupations (area admins; audited); the bot uses them in its next answers",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["asOf", "source", "occupations"],
                  properties: {
                    area: { type: "string", description: "Employment area id, e.g. keski-pohjanmaa (default: the first area)" },
                    asOf: { type: "string", format: "date", description: "Date of the public source" },
                    source: { oneOf: [{ type: "string" }, { type: "object", properties: { name: { type: "string" }, url: { type: "string" } }, required: ["name"] }] },
                    occupations: {
                      type: "array",
                      items: { oneOf: [{ type: "string", pattern: "^[0-9]{1,4}$" }, { type: "object", properties: { isco: { type: "string" }, label: { type: "string" } } }] },
                    },
                  },
                },
              },
            },
          },
          responses: { "200": { description: "The saved list" }, "400": errorResponse("Invalid"), ...standardErrors },
        },
      },
      "/submissions": {
        get: {
          summary: "Vacancies employers submitted in the chat, oldest first, within the caller's scope (the review queue with status=pending)",
          parameters: [
            { name: "status", in: "query", schema: { type: "string", enum: ["pending", "approved", "rejected"] } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
            { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
          ],
          responses: {
            "200": jsonResponse("A page of submissions", {
              type: "object",
              properties: { submissions: { type: "array", items: ref("Submission") }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } },
            }),
            "400": errorResponse("Invalid filter"),
            ...standardErrors,
          },
        },
      },
      "/submissions/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        get: { summary: "One submission", responses: { "200": jsonResponse("The submission", ref("Submission")), "404": errorResponse("Not found or outside the caller's scope"), ...standardErrors } },
        patch: {
          summary: "Correct a pending submission before deciding (audited); the fields are validated as in the chat form",
          requestBody: { required: true, content: { "application/json": { schema: ref("SubmissionEdit") } } },
          responses: {
            "200": jsonResponse("The corrected submission", ref("Submission")),
            "400": errorResponse("Invalid field (named in `field`; all in `issues`)"),
            "409": errorResponse("Already decided"),
            ...standardErrors,
          },
        },
      },
      "/submissions/{id}/approve": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        post: {
          summary: "Approve: publishes the vacancy as an item of source `employer` (searchable at once), sends job alerts, and tells the employer by e-mail and in the chat (audited)",
          requestBody: { required: false, content: { "application/json": { schema: { type: "object" } } } },
          responses: {
            "200": jsonResponse("The approved submission with its item", ref("Submission")),
            "400": errorResponse("The last day to apply has passed"),
            "404": errorResponse("Not found"),
            "409": errorResponse("Already decided (of two concurrent decisions exactly one succeeds)"),
            ...standardErrors,
          },
        },
      },
      "/submissions/{id}/reject": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        post: {
          summary: "Reject with a reason, which is sent to the employer by e-mail and in the chat (audited)",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { type: "object", required: ["reason"], properties: { reason: { type: "string", minLength: 3, maxLength: 1000 } } } } },
          },
          responses: {
            "200": jsonResponse("The rejected submission", ref("Submission")),
            "400": errorResponse("Reason missing"),
            "404": errorResponse("Not found"),
            "409": errorResponse("Already decided"),
            ...standardErrors,
          },
        },
      },
      "/conversations/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        delete: {
          summary: "Erase one conversation everywhere (state, transcripts, handoffs, analytics); area admins",
          responses: { "200": { description: "Rows erased per table" }, ...standardErrors },
        },
      },
      "/retention": {
        post: { summary: "Run the retention job now (area admins)", responses: { "200": { description: "Rows deleted per table" }, ...standardErrors } },
      },
      "/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI document" } } } },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Submission: {
          type: "object",
          properties: {
            id: { type: "string", format: "uuid" },
            reference: { type: "string", description: "Short reference shown to the employer" },
            status: { type: "string", enum: ["pending", "approved", "rejected"] },
            municipality: { type: "string", description: "Statistics Finland code" },
            municipalityName: { type: "string" },
            title: { type: "string" },
            description: { type: "string", description: "Plain text" },
            occupationText: { type: ["string", "null"], description: "The occupation as the employer wrote it" },
            occupation: { type: ["string", "null"], description: "ISCO-08 unit group found for it in the term file" },
            employmentType: { type: "string", enum: [...EMPLOYMENT_TYPES] },
            startDate: { type: ["string", "null"], format: "date" },
            lastApplicationDate: { type: "string", format: "date" },
            howToApply: { type: "object", properties: { kind: { type: "string", enum: ["url", "email", "phone"] }, value: { type: "string", description: "Plain text; show as text, not as a link" } } },
            employerName: { type: "string" },
            businessId: { type: "string", description: "Y-tunnus, check digit validated" },
            contactPerson: { type: ["string", "null"], description: "Deleted RETENTION_DAYS after the decision" },
            contactEmail: { type: ["string", "null"] },
            language: { type: "string", enum: [...LANGUAGES] },
            createdAt: { type: "string", format: "date-time" },
            decidedAt: { type: ["string", "null"], format: "date-time" },
            decidedBy: { type: ["string", "null"] },
            reason: { type: ["string", "null"] },
            item: { type: ["object", "null"], properties: { source: { type: "string" }, id: { type: "string" } } },
            editable: { type: "boolean" },
          },
        },
        SubmissionEdit: {
          type: "object",
          additionalProperties: false,
          properties: Object.fromEntries(
            ["title", "municipality", "description", "occupation", "employmentType", "startDate", "lastApplicationDate", "howToApply", "employerName", "businessId", "contactPerson", "contactEmail"].map((field) => [field, { type: "string" }]),
          ),
        },
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                field: { type: "string" },
                issues: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
              },
            },
          },
        },
        Item: {
          type: "object",
          required: ["id", "kind", "title", "description"],
          additionalProperties: false,
          description: "Text fields (title, description, organization, address, openingHours, tags) are stored as plain text: HTML is reduced to its text, images, scripts and link targets are dropped.",
          properties: {
            id: { type: "string", maxLength: 200 },
            kind: { type: "string", enum: [...ITEM_KINDS] },
            title: { type: "string", maxLength: 300 },
            description: { type: "string", maxLength: 100000 },
            language: { type: "string", enum: [...LANGUAGES], default: "fi" },
            organization: { type: "string" },
            municipality: { type: "string", description: "Name in any form or Statistics Finland code; stored as the code. Absent: area-wide" },
            address: { type: "string" },
            url: { type: "string", format: "uri" },
            email: { type: "string", format: "email" },
            phone: { type: "string" },
            validFrom: { type: "string", format: "date" },
            validUntil: { type: "string", format: "date" },
            startDate: { type: "string", format: "date" },
            tags: { type: "array", items: { type: "string" } },
            occupation: { type: "string", description: "ISCO-08 code" },
            employmentType: { type: "string", enum: [...EMPLOYMENT_TYPES] },
            format: { type: "string", enum: [...FORMATS] },
            openingHours: { type: "string" },
          },
        },
        StoredItem: {
          allOf: [
            ref("Item"),
            {
              type: "object",
              properties: {
                source: { type: "string" },
                contentHash: { type: "string" },
                createdAt: { type: "string", format: "date-time" },
                updatedAt: { type: "string", format: "date-time" },
                editable: { type: "boolean" },
                flaggedAsksForCredentials: { type: "boolean", description: "the text asks people to send identity codes, bank credentials or passwords: held back from the chat until reviewed" },
              },
            },
          ],
        },
        IngestSummary: {
          type: "object",
          properties: {
            dryRun: { type: "boolean" },
            source: { type: "string" },
            inserted: { type: "integer" },
            updated: { type: "integer" },
            unchanged: { type: "integer" },
            pruned: { type: "integer" },
            rejected: { type: "integer" },
            errors: {
              type: "array",
              items: { type: "object", properties: { file: { type: "string" }, line: { type: "integer" }, field: { type: "string" }, message: { type: "string" } } },
            },
          },
        },
        SourceStatus: {
          type: "object",
          properties: {
            source: { type: "string" },
            items: { type: "integer" },
            lastRun: {
              type: "object",
              properties: {
                actor: { type: "string" },
                startedAt: { type: "string" },
                finishedAt: { type: "string" },
                status: { type: "string" },
                counts: { type: "object" },
                errors: { type: "array" },
              },
            },
          },
        },
        AuditEntry: {
          type: "object",
          properties: {
            id: { type: "integer" },
            at: { type: "string", format: "date-time" },
            actor: { type: "string" },
            action: { type: "string" },
            source: { type: "string" },
            itemId: { type: "string" },
            municipality: { type: "string" },
            beforeHash: { type: "string" },
            afterHash: { type: "string" },
            details: { type: "object" },
          },
        },
      },
    },
  };
}
