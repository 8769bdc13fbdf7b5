// An example custom slash command, written from docs/OUTGOING-WEBHOOKS.md alone: a tiny HTTP service that answers
// `/weather <city>`. It checks Flack's signature on every request and answers in Slack's shape.
//   WEBHOOK_SECRET=whsec_… PORT=4000 npx tsx examples/weather-command.ts
// Then, in the admin console or with `admin:outgoing:create`: trigger 'command', words ['weather'], url
// http://<this host>:4000/ (on a private address, the Flack server needs WEBHOOK_ALLOW_PRIVATE=true).
// "/weather Paris" answers you alone; "/weather Paris --share" posts the answer in the channel, as the bot.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.WEBHOOK_SECRET ?? '';
const port = Number(process.env.PORT ?? 4000);

function verified(timestamp: string | undefined, signature: string | undefined, body: string): boolean {
  const t = Number(timestamp);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false; // a replayed request
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A made-up forecast: the same city always gets the same weather. */
function forecast(city: string): string {
  const kinds = ['☀️ sunny', '⛅ partly cloudy', '🌧️ rainy', '🌬️ windy', '❄️ snowy'];
  const n = [...city.toLowerCase()].reduce((sum, c) => sum + c.codePointAt(0)!, 0);
  return `${kinds[n % kinds.length]}, ${(n % 25) + 5}°C`;
}

const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    if (!verified(request.headers['x-flack-timestamp'] as string, request.headers['x-flack-signature'] as string, body)) {
      response.writeHead(401).end();
      return;
    }
    const { text = '', user } = JSON.parse(body) as { text?: string; user?: { username: string } };
    const share = /\s*--share$/.test(text);
    const city = text.replace(/\s*--share$/, '').trim();
    const answer = city ? `Weather in **${city}**: ${forecast(city)}` : 'Which city? Try `/weather Paris`';
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(share && city ? { response_type: 'in_channel', text: `${answer} (asked by @${user?.username})` } : { text: answer }));
  });
});
server.listen(port, () => console.log(`/weather is listening on port ${port}`));
