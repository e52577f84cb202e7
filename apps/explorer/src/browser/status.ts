/** The status line: every error lands here with its code, so nothing fails silently. */
import { ApiError } from '../common/client';
import { byId } from './dom';

export type StatusKind = 'info' | 'busy' | 'error';

export function describeError(error: unknown): { code: string; text: string } {
  if (error instanceof ApiError) return { code: error.code, text: `${error.code}: ${error.message}` };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'CLIENT_ERROR', text: `CLIENT_ERROR: ${message}` };
}

export function showStatus(text: string, kind: StatusKind = 'info', code = ''): void {
  const line = byId('status');
  line.textContent = text;
  line.dataset.kind = kind;
  line.dataset.code = code;
  // Errors are announced assertively; progress politely.
  line.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

export function showError(error: unknown, context?: string): void {
  const { code, text } = describeError(error);
  showStatus(context ? `${context} — ${text}` : text, 'error', code);
  // Also in the console for whoever debugs the page, with the stack.
  console.error(context ?? 'explorer error', error);
}
