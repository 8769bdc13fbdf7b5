// Name, length and size rules. The schema layer checks shapes; these give the user-facing error codes.
import { CHANNEL_NAME_PATTERN, LIMITS, USERNAME_PATTERN } from '../shared/protocol.js';
import { FlackError } from './errors.js';

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

export function checkChannelName(raw: string): string {
  const name = raw.trim().replace(/^#/, '');
  if (!CHANNEL_NAME_PATTERN.test(name)) {
    throw new FlackError(
      'name_invalid',
      `Channel names are 1–${LIMITS.channelNameMax} letters, digits, "-" or "_", without spaces`,
    );
  }
  return name;
}

export function checkTopic(topic: string): string {
  const trimmed = topic.trim();
  if (trimmed.length > LIMITS.topicMax) throw new FlackError('invalid', `Topics are at most ${LIMITS.topicMax} characters`);
  return trimmed;
}

/**
 * What renders as nothing: white space, control and format characters (U+0001, U+200B, U+FEFF), default-ignorable
 * code points (Hangul fillers U+3164, U+115F, U+1160, U+FFA0, variation selectors, tags) and U+2800, the blank
 * braille pattern.
 */
const ONLY_INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/** Bodies are stored verbatim; only emptiness and length are judged. Length counts UTF-16 code units. */
export function checkMessageBody(body: string): string {
  if (ONLY_INVISIBLE.test(body)) throw new FlackError('empty', 'Messages cannot be empty');
  if (body.length > LIMITS.messageMax) {
    throw new FlackError('too_long', `Messages are at most ${LIMITS.messageMax} characters`);
  }
  return body;
}
