import { describe, expect, it } from "vitest";
import { decide, isAdvisorCloseCommand, isCancelRequest, type Handoff } from "./handoff.js";

const now = "2026-01-14T08:00:00.000Z";
const base: Handoff = {
  id: "h1",
  conversationId: "c1",
  channel: "directline",
  language: "fi",
  municipality: "236",
  areaId: "keski-pohjanmaa",
  topic: "Työpaikat",
  summary: "Etsii hitsaajan töitä",
  botAnswers: [],
  consentToTranscript: false,
  transcript: [],
  contact: undefined,
  trigger: "explicit",
  mode: "live",
  state: "waiting",
  createdAt: now,
  claimedAt: undefined,
  claimedBy: undefined,
  closedAt: undefined,
  closedBy: undefined,
  closedByName: undefined,
  escalatedAt: undefined,
  callbackDone: false,
};
const anna = { id: "a-1", name: "Anna Advisor" };

describe("handoff state machine", () => {
  it("lets the first advisor claim a waiting handoff", () => {
    expect(decide(base, { type: "claim", advisor: anna }, now)).toEqual({
      kind: "apply",
      from: "waiting",
      patch: { state: "claimed", claimedAt: now, claimedBy: anna },
    });
  });

  it("refuses a second claim and an action on an ended handoff", () => {
    const claimed = { ...base, state: "claimed" as const, claimedBy: anna };
    expect(decide(claimed, { type: "claim", advisor: { id: "b", name: "B" } }, now)).toEqual({
      kind: "rejected",
      reason: "already_claimed",
    });
    expect(decide({ ...base, state: "closed" }, { type: "close", by: "advisor" }, now)).toMatchObject({ kind: "rejected" });
  });

  it("lets the person cancel only while waiting", () => {
    expect(decide(base, { type: "cancel" }, now)).toMatchObject({ kind: "apply", patch: { state: "cancelled" } });
    expect(decide({ ...base, state: "claimed" }, { type: "cancel" }, now)).toEqual({ kind: "rejected", reason: "not_waiting" });
  });

  it("closes a claimed live handoff", () => {
    expect(decide({ ...base, state: "claimed" }, { type: "close", by: "advisor", name: "Anna" }, now)).toMatchObject({
      kind: "apply",
      from: "claimed",
      patch: { state: "closed", closedBy: "advisor", closedByName: "Anna" },
    });
  });

  it("marks a callback done only for callback requests", () => {
    expect(decide(base, { type: "callbackDone", advisor: anna }, now)).toEqual({ kind: "rejected", reason: "not_callback" });
    expect(decide({ ...base, mode: "callback" }, { type: "callbackDone", advisor: anna }, now)).toMatchObject({
      kind: "apply",
      patch: { state: "closed", callbackDone: true, claimedBy: anna },
    });
  });

  it("escalates a waiting handoff once", () => {
    expect(decide(base, { type: "escalate" }, now)).toMatchObject({ kind: "apply", patch: { escalatedAt: now } });
    expect(decide({ ...base, escalatedAt: now }, { type: "escalate" }, now)).toMatchObject({ kind: "rejected" });
  });

  it("recognises cancel words in three languages but not longer sentences", () => {
    expect(isCancelRequest("Peru")).toBe(true);
    expect(isCancelRequest("avbryt!")).toBe(true);
    expect(isCancelRequest("cancel")).toBe(true);
    expect(isCancelRequest("cancel my appointment on Friday")).toBe(false);
    expect(isAdvisorCloseCommand("/close")).toBe(true);
    expect(isAdvisorCloseCommand("please /close")).toBe(false);
  });
});
