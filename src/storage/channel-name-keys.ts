// Channel name keys (src/shared/channel-name-key.ts) for channels stored before names had them. Look-alike
// channels created back then both exist: the first keeps the key, later ones get one that is theirs alone, so the
// unique index can be built and every new look-alike is refused.
import { channelNameKey } from '../shared/channel-name-key.js';

export function keysForExistingChannels(channels: { id: number; name: string }[]): { id: number; key: string }[] {
  const taken = new Set<string>();
  return [...channels]
    .sort((a, b) => a.id - b.id)
    .map(({ id, name }) => {
      const key = channelNameKey(name);
      if (taken.has(key)) return { id, key: `${key}#${id}` }; // "#" never occurs in a channel name
      taken.add(key);
      return { id, key };
    });
}
