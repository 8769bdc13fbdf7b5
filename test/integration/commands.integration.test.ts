// Custom slash commands end to end, on both stores: an admin makes `/weather`, an outgoing webhook with the
// 'command' trigger; a local HTTP server plays the bot's service, verifies the signature, and answers — privately,
// or in the channel as the bot.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFlackSignature } from '../../src/server/outgoing/signature.js';
import type { CommandPayload } from '../../src/shared/outgoing.js';
import { call, errorCode, newClient, nextMessage, startTestServer, uniqueName, type ClientSocket, type TestServer } from '../helpers/flack.js';

let receiver: Server;
let target: string;
let server: TestServer;
let owner: { socket: ClientSocket; user: { id: number } };
let member: { socket: ClientSocket; user: { id: number } };
let channelId: number;
let secret = '';
const calls: { payload: CommandPayload; verified: boolean; key: string | undefined }[] = [];
/** How the service answers the next request. */
let answer: (payload: CommandPayload, response: ServerResponse) => void = () => {};

const json = (response: ServerResponse, body: unknown) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const headers = { timestamp: request.headers['x-flack-timestamp'] as string, signature: request.headers['x-flack-signature'] as string };
      const payload = JSON.parse(body) as CommandPayload;
      calls.push({ payload, verified: verifyFlackSignature(secret, headers, body), key: request.headers['idempotency-key'] as string | undefined });
      answer(payload, response);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  server = await startTestServer({ webhookAllowPrivate: true });
  owner = await newClient(server, uniqueName('founder'));
  member = await newClient(server, uniqueName('mia'));
  channelId = (await call(owner.socket, 'channel:create', { name: uniqueName('ops'), visibility: 'public' })).conversation.id;
  await call(member.socket, 'channel:join', { conversationId: channelId });
});
afterAll(async () => {
  owner?.socket.close();
  member?.socket.close();
  await server?.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('custom slash commands', () => {
  it('an admin makes /weather; people see it listed and its answer comes back to them alone, signed and verified', async () => {
    const bot = await call(owner.socket, 'admin:bot:create', { username: uniqueName('weatherbot'), channelIds: [channelId] });
    const made = await call(owner.socket, 'admin:outgoing:create', {
      name: 'Weather forecast', url: `${target}/weather`, channelId: null, trigger: 'command', words: ['/Weather'], posterUserId: bot.integration.user.id,
    });
    secret = made.secret;
    expect(made.hook).toMatchObject({ trigger: 'command', words: ['weather'] });
    const { commands } = await call(member.socket, 'commands:list', {});
    expect(commands).toContainEqual({ name: 'weather', description: 'Weather forecast', channelId: null });

    answer = (payload, response) => json(response, { text: `Sunny in ${payload.text}, 21°C` });
    const reply = await call(member.socket, 'command:run', { conversationId: channelId, command: 'weather', text: ' Paris ' });
    expect(reply).toEqual({ visibility: 'ephemeral', text: 'Sunny in Paris, 21°C' });
    const { payload, verified, key } = calls.at(-1)!;
    expect(verified).toBe(true);
    expect(key).toBe(payload.id);
    expect(payload).toMatchObject({ command: 'weather', text: 'Paris', channel: { id: channelId }, threadId: null, user: { id: member.user.id }, hook: { id: made.hook.id } });
    // Nothing was posted: the next message the owner sees is this one.
    const next = nextMessage(owner.socket, (m) => m.conversationId === channelId);
    await call(member.socket, 'message:send', { conversationId: channelId, clientId: 'after-weather', body: 'thanks' });
    expect((await next).body).toBe('thanks');
  });

  it('an in_channel answer is posted by the bot for everyone', async () => {
    answer = (payload, response) => json(response, { response_type: 'in_channel', text: `Rain in ${payload.text} ☔` });
    const seen = nextMessage(owner.socket, (m) => m.body === 'Rain in Oslo ☔');
    const reply = await call(member.socket, 'command:run', { conversationId: channelId, command: 'weather', text: 'Oslo' });
    expect(reply).toMatchObject({ visibility: 'channel', text: 'Rain in Oslo ☔', messageId: expect.any(Number) });
    expect((await seen).id).toBe(reply.messageId);
  });

  it('a service that fails, hangs or answers nothing is command_failed; unknown, built-in and taken names are refused', async () => {
    answer = (_payload, response) => response.writeHead(500).end();
    expect(await errorCode(member.socket, 'command:run', { conversationId: channelId, command: 'weather', text: '' })).toBe('command_failed');
    answer = (_payload, response) => json(response, { nothing: true });
    expect(await errorCode(member.socket, 'command:run', { conversationId: channelId, command: 'weather', text: '' })).toBe('command_failed');
    answer = () => {}; // never answers: the server gives up after 3 s
    const started = Date.now();
    expect(await errorCode(member.socket, 'command:run', { conversationId: channelId, command: 'weather', text: '' })).toBe('command_failed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    receiver.closeAllConnections();

    expect(await errorCode(member.socket, 'command:run', { conversationId: channelId, command: 'nope', text: '' })).toBe('not_found');
    const secretRoom = (await call(owner.socket, 'channel:create', { name: uniqueName('secret'), visibility: 'private' })).conversation.id;
    expect(await errorCode(member.socket, 'command:run', { conversationId: secretRoom, command: 'weather', text: '' })).toBe('not_found');
    const base = { url: `${target}/x`, channelId: null, trigger: 'command' as const, posterUserId: owner.user.id };
    expect(await errorCode(owner.socket, 'admin:outgoing:create', { ...base, name: 'Shrug', words: ['shrug'] })).toBe('name_taken');
    expect(await errorCode(owner.socket, 'admin:outgoing:create', { ...base, name: 'Again', words: ['weather'] })).toBe('name_taken');
    expect(await errorCode(owner.socket, 'admin:outgoing:create', { ...base, name: 'Two', words: ['a', 'b'] })).toBe('invalid');
    expect(await errorCode(owner.socket, 'admin:outgoing:create', { ...base, name: 'Bad', words: ['9lives'] })).toBe('invalid');
    expect(await errorCode(member.socket, 'admin:outgoing:create', { ...base, name: 'Mine', words: ['mine'] })).toBe('forbidden');
  });
});
