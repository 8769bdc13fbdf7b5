import { useState } from 'preact/hooks';
import { LIMITS } from '../../shared/protocol.js';
import { setTopic } from '../state/channelSettings.js';
import { errorText } from '../lib/errors.js';

/** `editable`: false in an archived channel, whose topic stays as it was. */
export function TopicEditor({ conversationId, topic, editable = true }: { conversationId: number; topic: string; editable?: boolean }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(topic);
  const [error, setError] = useState<string | null>(null);
  if (!editing) {
    return (
      <div class="topic-view">
        <span class="label">Topic</span>
        <p>{topic || <span class="muted">No topic yet.</span>}</p>
        {editable && (
          <button type="button" class="link" onClick={() => (setValue(topic), setEditing(true))}>
            Edit topic
          </button>
        )}
      </div>
    );
  }
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await setTopic(conversationId, value);
      setEditing(false);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="inline-form" onSubmit={save}>
      <label for="topic-input">Topic</label>
      <div class="row">
        <input id="topic-input" value={value} maxLength={LIMITS.topicMax} onInput={(e) => setValue(e.currentTarget.value)} autoFocus />
        <button type="submit" class="btn primary">
          Save
        </button>
        <button type="button" class="btn" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
