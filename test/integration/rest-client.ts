// A REST client for the tests, as a script would use the API: fetch with a bearer token, no Origin header.
import type { HttpResult } from '../helpers/flack.js';

export interface RestClient {
  get<T = unknown>(path: string): Promise<HttpResult<T>>;
  send<T = unknown>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
}

export function rest(server: { url: string }, token: string | null): RestClient {
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> => {
    const response = await fetch(server.url + path, {
      method,
      headers: {
        ...(token !== null && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  };
  return { get: (path) => call('GET', path), send: call };
}
