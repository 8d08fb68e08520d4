export { INTENTS, ITEM_FIELDS, FOLLOW_UPS, loadCorpus, type CorpusExample, type IntentLabel, type ItemFieldLabel, type FollowUpLabel } from "./corpus.js";
export { trainUnderstandingModel, sharedUnderstandingModel, type UnderstandingModel, type IntentScores } from "./understanding-model.js";
export {
  understandTurn,
  cleanText,
  homeMention,
  namedKind,
  MAX_MESSAGE_CHARS,
  type DialogueContext,
  type Intent,
  type SearchPlan,
  type TurnUnderstanding,
  type UnderstandInput,
} from "./understand-turn.js";
