import { describe, expect, it } from "vitest";
import { buildInsightReport, groupSimilarQuestions, isoWeek } from "./insights.js";

describe("insights", () => {
  it("computes ISO weeks across the year boundary", () => {
    expect(isoWeek(new Date("2026-11-28T12:00:00Z"))).toBe("2026-W48");
    expect(isoWeek(new Date("2027-01-01T12:00:00Z"))).toBe("2026-W53");
    expect(isoWeek(new Date("2024-12-30T12:00:00Z"))).toBe("2025-W01");
  });

  it("groups similar wordings of unanswered questions, inflections and word order included", () => {
    const groups = groupSimilarQuestions([
      { question: "Missä on työkkäri Kaustisella?", municipality: "236" },
      { question: "missä työkkäri kaustisella", municipality: "236" },
      { question: "Kaustisella työkkäri missä?", municipality: "924" },
      { question: "Voiko koiran ottaa mukaan kurssille?", municipality: "236" },
    ]);
    expect(groups[0]).toMatchObject({ count: 3, municipalities: ["236", "924"] });
    expect(groups[1]).toMatchObject({ count: 1, example: "Voiko koiran ottaa mukaan kurssille?" });
  });

  it("counts turns, unanswered, thumbs down and handoffs per week and municipality", () => {
    const at = new Date("2026-11-25T10:00:00Z");
    const report = buildInsightReport({
      outcomes: [
        { createdAt: at, municipality: "236", outcome: "answer", question: "a", topicKind: "service", reason: undefined },
        { createdAt: at, municipality: "236", outcome: "no-answer", question: "missä työkkäri", topicKind: "service", reason: undefined },
        { createdAt: at, municipality: "236", outcome: "handoff", question: "b", topicKind: "vacancy", reason: "explicit" },
        { createdAt: at, municipality: "236", outcome: "answer", question: "c", topicKind: "service", reason: undefined },
      ],
      feedback: [{ createdAt: at, municipality: "236", rating: -1, question: "a", outcome: "answer" }],
      handoffs: [],
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-11-28T00:00:00Z"),
    });
    expect(report.weeks).toEqual([
      { week: "2026-W48", municipality: "236", turns: 4, answered: 2, unanswered: 1, thumbsDown: 1, thumbsUp: 0, handoffs: 1, handoffRate: 0.25 },
    ]);
    expect(report.handoffReasons).toEqual([{ reason: "explicit", count: 1 }]);
    expect(report.topTopics).toEqual([{ kind: "service", count: 3 }, { kind: "vacancy", count: 1 }]);
    expect(report.unansweredGroups[0]?.example).toBe("missä työkkäri");
  });
});
