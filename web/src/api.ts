import { createClient } from '../../src/contract/client.ts';
import type { ApiError } from '../../src/contract/client.ts';

// The web app's one API client: same origin, session cookie + the CSRF header the server asks for.
function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

type Listener = (error: ApiError) => void;
const listeners = new Set<Listener>();
let language: 'en' | 'cs' = 'en';
let networkText = { message: 'The server cannot be reached.', hint: 'Check your connection.' };

export function setApiLanguage(next: 'en' | 'cs', network: { message: string; hint: string }): void {
  language = next;
  networkText = network;
}

// Told about every refusal: the session layer listens for 401 (session ended) and network errors.
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const api = createClient({
  headers: () => {
    const headers: Record<string, string> = { 'accept-language': language };
    const csrf = readCookie('kairos_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
    return headers;
  },
  networkError: () => networkText,
  onError: (error) => {
    for (const listener of listeners) listener(error);
  },
});

export type { ApiError };
