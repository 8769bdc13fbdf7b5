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

export function checkPassword(password: string): string {
  if (password.length < LIMITS.passwordMin || password.length > LIMITS.passwordMax) {
    throw new FlackError('password_invalid', `Passwords are ${LIMITS.passwordMin}–${LIMITS.passwordMax} characters`);
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

/** Bodies are stored verbatim; only emptiness and length are judged. Length counts UTF-16 code units. */
export function checkMessageBody(body: string): string {
  if (body.trim().length === 0) throw new FlackError('empty', 'Messages cannot be empty');
  if (body.length > LIMITS.messageMax) {
    throw new FlackError('too_long', `Messages are at most ${LIMITS.messageMax} characters`);
  }
  return body;
}
