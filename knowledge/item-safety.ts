/**
 * Phishing planted in a source: item text that asks the reader to send an identity code, bank
 * credentials or a password somewhere. Such an item is held back from chat answers and flagged
 * for review in the admin UI. Exact words and verb stems, matched per sentence on capped text.
 */
const DATA_REQUEST = /(henkilötunnu|personal identity code|social security number|personbeteckning|personnummer|salasana|password|lösenord|pankkitunnu|verkkopankkitunnu|bank credentials|bankkod|nettipankkitunnu)/i;
/** Asking someone to send or give something: the stems of the verbs, so inflected forms match too. */
const INSTRUCTION = /(tell the user|kerro käyttäjälle|säg till användaren|send (their|your|us)|give (us )?(their|your)|lähetä|lähettä|toimita|ilmoita|anna|pyydä|skicka|uppge|ange|lämna)/i;

/**
 * Whether an item's text asks the reader to send an identity code, bank credentials or a password
 * somewhere: such an item is held back from answers altogether (phishing planted in a source).
 */
export function asksForCredentials(text: string): boolean {
  const capped = text.slice(0, 20_000);
  return capped.split(/(?<=[.!?…])\s+/u).some((sentence) => DATA_REQUEST.test(sentence) && INSTRUCTION.test(sentence));
}
