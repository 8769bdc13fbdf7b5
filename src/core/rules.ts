// Name, length and size rules. The schema layer checks shapes; these give the user-facing error codes.
import { CHANNEL_NAME_PATTERN, LIMITS, USERNAME_PATTERN } from '../shared/protocol.js';
import { ADMIN_LIMITS } from '../shared/admin.js';
import { FlackError } from './errors.js';

/**
 * What renders as nothing: white space, control and format characters (U+0001, U+200B, U+FEFF), default-ignorable
 * code points (Hangul fillers U+3164, U+115F, U+1160, U+FFA0, variation selectors, tags) and U+2800, the blank
 * braille pattern.
 */
const ONLY_INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*$/u;
const INVISIBLE_CHARACTER = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u;

export function checkWorkspaceName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || ONLY_INVISIBLE.test(trimmed) || [...trimmed].length > ADMIN_LIMITS.workspaceNameMax || /\p{Cc}/u.test(trimmed)) {
    throw new FlackError('name_invalid', `A workspace name is 1–${ADMIN_LIMITS.workspaceNameMax} visible characters on one line`);
  }
  return trimmed;
}

/** An emoji, or one or two letters or digits; '' for the Flack logo. */
export function checkWorkspaceIcon(icon: string): string {
  const trimmed = icon.trim();
  const characters = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)].length;
  if (characters > ADMIN_LIMITS.workspaceIconMax || INVISIBLE_CHARACTER.test(trimmed.replace(/\u200d|\ufe0f/g, ''))) {
    throw new FlackError('invalid', 'An icon is one emoji, or one or two letters');
  }
  return trimmed;
}

export function checkUsername(username: string): string {
  if (!USERNAME_PATTERN.test(username)) {
    throw new FlackError(
      'username_invalid',
      `Usernames are ${LIMITS.usernameMin}–${LIMITS.usernameMax} letters, digits, "_", "." or "-"`,
    );
  }
  return username;
}

/**
 * A lone surrogate is not a character: UTF-8 (what scrypt hashes) replaces every one with U+FFFD, so `x\uD800` and
 * `x\uDFFF` would be one password. Matches one in a string read as code points.
 */
export const LONE_SURROGATE = /\p{Cs}/u;

export function checkPassword(password: string): string {
  if (password.length < LIMITS.passwordMin || password.length > LIMITS.passwordMax) {
    throw new FlackError('password_invalid', `Passwords are ${LIMITS.passwordMin}–${LIMITS.passwordMax} characters`);
  }
  if (LONE_SURROGATE.test(password)) {
    throw new FlackError('password_invalid', 'Passwords cannot contain unpaired surrogate code units');
  }
  return password;
}

// Scripts told apart when a channel name is checked for mixing (ISO 15924 codes, matched on Script_Extensions).
// A letter of a script not listed counts as one more script ("Zzzz"), so rare scripts are allowed on their own.
const SCRIPTS = (
  'Latn Grek Cyrl Armn Hebr Arab Syrc Thaa Nkoo Deva Beng Guru Gujr Orya Taml Telu Knda Mlym Sinh Thai Laoo Tibt ' +
  'Mymr Geor Hang Ethi Cher Cans Ogam Runr Khmr Mong Hira Kana Bopo Hani Yiii Tfng Vaii Java Bali Sund Tale Lana ' +
  'Tavt Lisu Copt Adlm Glag Goth Ital Tglg Bugi Batk Cakm Olck Mtei Bamu Osge Rohg Tirh Limb Saur Kali Rjng Cham ' +
  'Hmnp Wcho Yezi Gong Gonm'
)
  .split(' ')
  .map((code) => [code, new RegExp(`\\p{scx=${code}}`, 'u')] as const);
const COMMON_OR_INHERITED = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;
// UTS #39 "highly restrictive": Han is written with kana in Japanese, Hangul in Korean, Bopomofo in Chinese, and
// each of these with Latin.
const WRITING_SYSTEMS: Record<string, string[]> = {
  Hani: ['Jpan', 'Kore', 'Hanb'],
  Hira: ['Jpan'],
  Kana: ['Jpan'],
  Hang: ['Kore'],
  Bopo: ['Hanb'],
  Latn: ['Jpan', 'Kore', 'Hanb'],
};

/** True when every letter of the name can belong to one writing system (UTS #39 §5.1, resolved script set). */
function isSingleScript(name: string): boolean {
  let shared: Set<string> | undefined;
  for (const char of name) {
    if (COMMON_OR_INHERITED.test(char)) continue;
    const scripts = new Set<string>();
    for (const [code, pattern] of SCRIPTS) {
      if (pattern.test(char)) for (const script of [code, ...(WRITING_SYSTEMS[code] ?? [])]) scripts.add(script);
    }
    if (scripts.size === 0) scripts.add('Zzzz');
    shared = shared ? new Set([...shared].filter((script) => scripts.has(script))) : scripts;
    if (shared.size === 0) return false;
  }
  return true;
}

/**
 * Channel names are NFKC-normalised (fullwidth "ｇｅｎｅｒａｌ" becomes "general"), and refused when they hold a
 * character that renders as nothing (Hangul fillers are letters, but default-ignorable) or mix scripts (a Cyrillic
 * "е" in "gеneral"). Storage keeps them unique by channelNameKey, so look-alikes within one script collide too.
 */
export function checkChannelName(raw: string): string {
  const name = raw.normalize('NFKC').trim().replace(/^#/, '');
  if (!CHANNEL_NAME_PATTERN.test(name)) {
    throw new FlackError(
      'name_invalid',
      `Channel names are 1–${LIMITS.channelNameMax} letters, digits, "-" or "_", without spaces`,
    );
  }
  if (INVISIBLE_CHARACTER.test(name) || !isSingleScript(name)) {
    throw new FlackError('name_invalid', 'Channel names are written in one script, without invisible characters');
  }
  return name;
}

export function checkTopic(topic: string): string {
  const trimmed = topic.trim();
  if (trimmed.length > LIMITS.topicMax) throw new FlackError('invalid', `Topics are at most ${LIMITS.topicMax} characters`);
  return trimmed;
}

/** Bodies are stored verbatim; only emptiness and length are judged. Length counts UTF-16 code units. */
/** `withFiles`: the message carries files, so it needs no text (blank text is stored as ''). */
export function checkMessageBody(body: string, withFiles = false): string {
  if (withFiles && !body.trim()) return '';
  if (ONLY_INVISIBLE.test(body)) throw new FlackError('empty', 'Messages cannot be empty');
  if (body.length > LIMITS.messageMax) {
    throw new FlackError('too_long', `Messages are at most ${LIMITS.messageMax} characters`);
  }
  return body;
}
