// Scenario 2b (Flack only): the fixed offered load of scenario 2, where every fourth slot is an edit of the
// sender's last message and every fourth a reaction toggled on its anchor message. Edits are tracked like
// messages (their new text is stamped); reactions are not (their batch carries the anchor's plain text), but
// they are load the server stores and fans out. Compared with scenario 2's plain sends in the same run.
import type { Profile } from '../config.js';
import { fixedRate, type FixedRate } from './fixed-rate.js';
import type { Session } from './session.js';

export const MIX_EVERY = 4;

export function mixedRate(session: Session, profile: Profile, log: (line: string) => void): Promise<FixedRate> {
  return fixedRate(session, profile, log, { every: MIX_EVERY });
}
