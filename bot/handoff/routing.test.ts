import { describe, expect, it } from "vitest";
import { createAreaDirectory } from "./employment-areas.js";
import { parseAreaChannels, parseRegisterCommand, routeEscalation, routeHandoff, type ChannelRegistration } from "./routing.js";

const areas = createAreaDirectory();
const registrations: ChannelRegistration[] = [
  { channelId: "19:kaustinen", municipalities: ["236", "074"], all: false, registeredAt: "2026-01-01T00:00:00Z" },
  { channelId: "19:all", municipalities: [], all: true, registeredAt: "2026-01-02T00:00:00Z" },
];
const defaults = parseAreaChannels("keski-pohjanmaa=19:kp-default; pohjoinen-keski-suomi=19:pks-default");

describe("handoff routing", () => {
  it("knows the employment areas and their partners", () => {
    expect(areas.areaOf("236")?.id).toBe("keski-pohjanmaa");
    expect(areas.areaOf("992")?.id).toBe("pohjoinen-keski-suomi");
    expect(areas.partnerOf("keski-pohjanmaa")?.id).toBe("pohjoinen-keski-suomi");
  });

  it("prefers the channel registered for the person's municipality", () => {
    expect(routeHandoff({ municipality: "236", areaId: "keski-pohjanmaa", registrations, areaDefaults: defaults })).toEqual({
      channelId: "19:kaustinen",
      reason: "municipality",
    });
  });

  it("falls back to a channel registered for all, then to the area default", () => {
    expect(routeHandoff({ municipality: "924", areaId: "keski-pohjanmaa", registrations, areaDefaults: defaults })?.channelId).toBe("19:all");
    expect(routeHandoff({ municipality: "924", areaId: "keski-pohjanmaa", registrations: [registrations[0]!], areaDefaults: defaults })).toEqual({
      channelId: "19:kp-default",
      reason: "area-default",
    });
    expect(routeHandoff({ municipality: undefined, areaId: undefined, registrations: [], areaDefaults: defaults })).toBeUndefined();
  });

  it("escalates to the partner area's channel, never the first one", () => {
    expect(
      routeEscalation({
        partnerAreaId: "pohjoinen-keski-suomi",
        partnerMembers: areas.byId("pohjoinen-keski-suomi")!.members,
        registrations,
        areaDefaults: defaults,
        exclude: ["19:kaustinen"],
      }),
    ).toEqual({ channelId: "19:pks-default", reason: "area-default" });
  });

  it("parses register commands with and without the bot's mention", () => {
    expect(parseRegisterCommand("<at>Lähituki</at> register Kaustinen, Halsua", areas)).toEqual({
      kind: "register",
      all: false,
      municipalities: ["236", "074"],
      unknown: [],
    });
    expect(parseRegisterCommand("register all", areas)).toMatchObject({ all: true });
    expect(parseRegisterCommand("register Kaustinen ja Atlantis", areas)).toMatchObject({ municipalities: ["236"], unknown: ["Atlantis"] });
    expect(parseRegisterCommand("hello there", areas)).toBeUndefined();
  });
});
