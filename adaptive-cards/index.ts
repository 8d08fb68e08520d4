export { buildRegistrationCard, buildRelayIntroCard } from "./advisor-cards.js";
export { buildConsentCard } from "./consent-card.js";
export { buildHandoffAdvisorCard, type AdvisorCardLanguage } from "./handoff-advisor-card.js";
export { buildResultCard, describeDeadline, formatDate } from "./result-cards.js";
