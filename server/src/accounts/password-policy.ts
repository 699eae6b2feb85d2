import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

export const MIN_PASSWORD_LENGTH = 12;
/** argon2 hashes any length, but a megabyte "password" is an attack on the CPU, not a password. */
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn's score: 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_SCORE = 3;

// zxcvbn-ts's dictionaries: the most used passwords (from leaks), names, English words, keyboard patterns.
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

/**
 * Why `password` is refused, or undefined when it is acceptable: long enough, and neither a common
 * password nor one guessable from the account's own name (zxcvbn-ts, which knows leaked-password
 * lists, dictionary words, keyboard walks, dates and repeats).
 */
export function passwordProblem(password: string, accountName: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.includes("\0")) return "must not contain NUL characters";
  const result = zxcvbn.check(password, [accountName, ...accountName.split(/[@.+_-]/)]);
  if (result.score >= MIN_SCORE) return undefined;
  const hint = result.feedback.warning ? ` (${result.feedback.warning})` : "";
  return `is too easy to guess${hint}; use a longer passphrase of unrelated words`;
}
