/**
 * The API key: asked for on first load, kept in sessionStorage (this tab only, gone when it closes),
 * sent as x-api-key by the client. A key the API refuses is dropped and asked for again.
 */
import { ApiError, GraphQLRequest } from '../common/client';
import type { GraphQLBody } from '../common/queries';
import { byId } from './dom';
import { describeError, showError, showStatus } from './status';

const STORAGE_KEY = 'graphrec.explorer.apiKey';

// A cheap analyst-only read: proves the key and the role before the page opens.
const PROBE: GraphQLBody = { operationName: 'KeyProbe', query: 'query KeyProbe { segments { id } }', variables: {} };

export class KeyGate {
  private candidate: string | null = null;

  constructor(private readonly onAccepted: () => void) {
    byId<HTMLFormElement>('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    byId('change-key').addEventListener('click', () => this.ask());
  }

  private request: GraphQLRequest | null = null;

  bind(request: GraphQLRequest): void {
    this.request = request;
  }

  /** The key to send: the one being tried while the form is checking it, else the stored one. */
  key(): string | null {
    return this.candidate ?? sessionStorage.getItem(STORAGE_KEY);
  }

  /** On load: open straight away with a stored key (its first request proves it), else ask. */
  start(): void {
    if (sessionStorage.getItem(STORAGE_KEY)) this.open();
    else this.ask();
  }

  ask(message?: string): void {
    byId('app').hidden = true;
    byId('key-section').hidden = false;
    const error = byId('key-error');
    error.hidden = !message;
    error.textContent = message ?? '';
    const input = byId<HTMLInputElement>('api-key');
    input.value = '';
    input.focus();
  }

  /** Called for every failed request: auth failures send the analyst back to the key form. */
  rejectIfAuth(error: unknown): boolean {
    if (!(error instanceof ApiError) || !error.isAuth) return false;
    sessionStorage.removeItem(STORAGE_KEY);
    this.ask(`${describeError(error).text}. Enter a valid analyst key.`);
    return true;
  }

  private async submit(): Promise<void> {
    const input = byId<HTMLInputElement>('api-key');
    const value = input.value.trim();
    if (!value || !this.request) return;
    const submit = byId<HTMLButtonElement>('key-submit');
    submit.disabled = true;
    this.candidate = value;
    showStatus('Checking the API key…', 'busy');
    try {
      await this.request(PROBE);
      sessionStorage.setItem(STORAGE_KEY, value);
      showStatus('API key accepted.');
      this.open();
    } catch (error) {
      if (error instanceof ApiError && error.isAuth) {
        showError(error, 'API key refused');
        this.ask(`${describeError(error).text}. Check the key and try again.`);
      } else {
        // The key may be fine and something else broke: keep it, open the page, and say what broke.
        sessionStorage.setItem(STORAGE_KEY, value);
        this.open();
        showError(error, 'Checking the key');
      }
    } finally {
      this.candidate = null;
      submit.disabled = false;
    }
  }

  private open(): void {
    byId('key-section').hidden = true;
    byId('app').hidden = false;
    this.onAccepted();
  }
}
