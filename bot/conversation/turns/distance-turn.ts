import type { Language } from "../../../knowledge/index.js";
import { makeReply } from "../compose-reply.js";
import { answerDistance, pickDistancePair } from "../distance-answer.js";
import type { ConversationMemory } from "../memory.js";
import { simple, type TurnContextData, type TurnResult } from "./turn-context.js";

const ASK_FROM: Readonly<Record<Language, string>> = {
  fi: "Mistä kunnasta haluat matkan? Kerro esimerkiksi kotikuntasi, niin lasken etäisyyden linnuntietä.",
  sv: "Från vilken kommun vill du veta avståndet? Berätta till exempel din hemkommun, så räknar jag avståndet fågelvägen.",
  en: "From which municipality? Tell me, for example, where you live and I will give the straight-line distance.",
};

/** "paljonko on matkaa Kannukseen?": a straight-line distance between municipality centres. */
export function distanceTurn(
  context: TurnContextData,
  options: { places: readonly string[]; language: Language; memory: ConversationMemory },
): TurnResult {
  const { memory, language } = options;
  const shownPlaces = [...new Set((memory.lastResults ?? []).map((item) => item.municipalityCode).filter(Boolean))];
  const pair = pickDistancePair({
    mentioned: options.places,
    home: memory.home ?? memory.preferMunicipality,
    lastPlace: memory.lastPlace,
    shownItemPlace: shownPlaces.length === 1 ? shownPlaces[0] : undefined,
  });
  if (!pair) return simple(context, memory, makeReply({ language, outcome: "clarify", text: ASK_FROM[language] }), "clarify", "distance-needs-origin");
  const reply = makeReply({ language, outcome: "answer", text: answerDistance({ ...pair, language }) });
  return simple(context, { ...memory, lastPlace: pair.toCode }, reply, "answer", "distance");
}
