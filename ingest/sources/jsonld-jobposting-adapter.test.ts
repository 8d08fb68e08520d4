import { describe, expect, it } from "vitest";
import {
  extractJsonLd,
  findJobPostings,
  iscoFromCategory,
  jsonLdEmploymentType,
  mapJobPosting,
  salaryLine,
} from "./jsonld-jobposting-adapter.js";

describe("extractJsonLd", () => {
  it("reads every ld+json block of a page, reports broken ones and the page language", () => {
    const page = `<html lang="sv-FI"><script type="application/ld+json">{"@type":"JobPosting","title":"A"}</script>
      <script type='application/ld+json'><!-- {"@type":"JobPosting","title":"B"} --></script>
      <script type="application/ld+json">{"title":</script><script>var x = 1;</script></html>`;
    const { documents, errors, language } = extractJsonLd(page);
    expect(documents).toEqual([{ "@type": "JobPosting", title: "A" }, { "@type": "JobPosting", title: "B" }]);
    expect(errors).toEqual([expect.stringMatching(/^JSON-LD block 3: not valid JSON/)]);
    expect(language).toBe("sv");
  });

  it("reads a bare JSON-LD document", () => {
    expect(extractJsonLd('\uFEFF[{"@type":"JobPosting"}]').documents).toEqual([[{ "@type": "JobPosting" }]]);
  });
});

describe("findJobPostings", () => {
  it("finds postings at the top, in arrays, in @graph and in an ItemList", () => {
    const document = {
      "@graph": [
        { "@type": "Organization", name: "X" },
        { "@type": ["JobPosting"], title: "1" },
        { "@type": "ItemList", itemListElement: [{ "@type": "ListItem", item: { "@type": "https://schema.org/JobPosting", title: "2" } }] },
      ],
    };
    expect(findJobPostings(document).map((node) => node.title)).toEqual(["1", "2"]);
    expect(findJobPostings([{ "@type": "schema:JobPosting", title: "3" }]).map((node) => node.title)).toEqual(["3"]);
  });
});

describe("mapJobPosting", () => {
  it("maps the schema.org fields to a vacancy", () => {
    const item = mapJobPosting(
      {
        "@type": "JobPosting",
        title: "Myyjä",
        description: "<p>Myyjä kauppaan &amp; varastoon.</p>",
        datePosted: "2026-11-01T09:00:00+02:00",
        validThrough: "2026-12-31T21:59:00Z",
        hiringOrganization: { "@type": "Organization", name: "Toholammin Kauppa" },
        jobLocation: { address: { addressLocality: "Toholammilla" } },
        employmentType: "PART_TIME",
        occupationalCategory: "5223",
        inLanguage: "fi-FI",
      },
      { site: "kauppa.example", pageUrl: "https://kauppa.example/rekry" },
    );
    expect(item).toMatchObject({
      id: "kauppa.example:/rekry",
      kind: "vacancy",
      language: "fi",
      title: "Myyjä",
      description: "Myyjä kauppaan & varastoon.",
      organization: "Toholammin Kauppa",
      municipality: "849",
      url: "https://kauppa.example/rekry",
      validFrom: "2026-11-01",
      validUntil: "2026-12-31",
      employmentType: "part-time",
      occupation: "5223",
    });
  });

  it("reads employment types and ISCO categories in their common forms", () => {
    expect(jsonLdEmploymentType(["FULL_TIME", "SEASONAL"])).toBe("seasonal");
    expect(jsonLdEmploymentType("full-time")).toBe("full-time");
    expect(jsonLdEmploymentType("VOLUNTEER")).toBeUndefined();
    expect(iscoFromCategory({ "@type": "CategoryCode", codeValue: "7212" })).toBe("7212");
    expect(iscoFromCategory("15-1132.00")).toBeUndefined();
  });
});

describe("salary and remote work", () => {
  it("adds the salary to the description and tags remote work in the posting's language", () => {
    const item = mapJobPosting(
      {
        "@type": "JobPosting",
        title: "Asiakaspalvelija",
        description: "Asiakaspalvelua puhelimessa.",
        inLanguage: "fi",
        jobLocationType: "TELECOMMUTE",
        baseSalary: { "@type": "MonetaryAmount", currency: "EUR", value: { "@type": "QuantitativeValue", minValue: 2500, maxValue: 3000, unitText: "MONTH" } },
      },
      { site: "firma.example" },
    );
    expect(item.description).toBe("Asiakaspalvelua puhelimessa.\n\nPalkka: 2\u00a0500–3\u00a0000 EUR / kuukausi");
    expect(item.tags).toEqual(["JobPosting", "etätyö"]);
  });

  it("formats an exact hourly wage in English and ignores a salary without an amount", () => {
    expect(salaryLine({ currency: "EUR", value: { value: "14,5", unitText: "HOUR" } }, "en")).toBe("Salary: 14.5 EUR / hour");
    expect(salaryLine({ currency: "EUR", value: { unitText: "HOUR" } }, "sv")).toBeUndefined();
    expect(salaryLine(undefined, "fi")).toBeUndefined();
  });
});
