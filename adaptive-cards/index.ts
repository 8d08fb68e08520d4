export { buildRegistrationCard, buildRelayIntroCard } from "./advisor-cards.js";
export { buildConsentCard } from "./consent-card.js";
export { buildHandoffAdvisorCard, type AdvisorCardLanguage } from "./handoff-advisor-card.js";
export { buildResultCard, describeDeadline, formatDate } from "./result-cards.js";
export { buildAlertEmailCard, buildAlertItemCard, buildAlertListCard, buildHomeMunicipalityCard, buildNotifyMeCard, withCardLine } from "./alert-cards.js";
export type { AdaptiveCardAttachment } from "./result-cards.js";
export { buildDigestCard } from "./digest-card.js";
export { buildVacancyFormCard, isVacancyFormCard, SUBMIT_VACANCY_ACTION, type VacancyFormField, type VacancyFormTexts } from "./vacancy-form-card.js";
