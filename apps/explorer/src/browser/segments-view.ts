/** The segment overview tab and its CSV download (fetched with the key header, saved from a blob). */
import { API_KEY_HEADER, ApiError, downloadName, errorFromBody, GraphQLRequest } from '../common/client';
import { profileSummary } from '../common/format';
import { segmentsBody } from '../common/queries';
import type { Segment } from '../common/types';
import { byId, el } from './dom';
import { ProfileView } from './profile-view';
import { showStatus } from './status';

export const CSV_PATH = '/exports/segments.csv';

export interface SegmentsDeps {
  request: GraphQLRequest;
  apiKey(): string | null;
  report(error: unknown, context: string): void;
  /** Shares the list with the graph (segment colours and legend names). */
  onLoaded(segments: Segment[]): void;
}

export class SegmentsView {
  private readonly profiles = new ProfileView();

  constructor(private readonly deps: SegmentsDeps) {
    byId('refresh-segments').addEventListener('click', () => void this.load());
    byId('download-csv').addEventListener('click', () => void this.download());
  }

  async load(): Promise<Segment[]> {
    const body = byId('segments-body');
    const table = byId('segments-table');
    table.setAttribute('aria-busy', 'true');
    try {
      const { segments } = await this.deps.request<{ segments: Segment[] }>(segmentsBody());
      const sorted = [...segments].sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
      body.replaceChildren(
        ...sorted.map((s, i) => {
          const show = el('input', { attrs: { type: 'checkbox', 'data-testid': 'segment-show', 'aria-label': `Show the profile of ${s.label} (${s.id})` } });
          // The largest segment's profile is shown from the start.
          show.checked = i === 0;
          show.addEventListener('change', () => {
            this.profiles.toggle(s, show.checked);
            for (const box of body.querySelectorAll<HTMLInputElement>('[data-testid="segment-show"]')) {
              const id = box.closest('tr')?.dataset.segmentId;
              box.checked = id !== undefined && this.profiles.ids.includes(id);
            }
          });
          return el('tr', { attrs: { 'data-testid': 'segment-row', 'data-segment-id': s.id } }, [
            el('td', {}, [show]),
            el('td', { text: s.id }),
            el('td', { text: s.label }),
            el('td', { className: 'num', text: String(s.size) }),
            el('td', { text: profileSummary(s.profile) }),
          ]);
        }),
      );
      this.profiles.reset(sorted.slice(0, 1));
      if (sorted.length === 0) body.replaceChildren(el('tr', {}, [el('td', { text: 'No segments yet: run `graphrec segment`.', attrs: { colspan: '5' } })]));
      byId('segments-caption').textContent = `${segments.length} segments, ${segments.reduce((n, s) => n + s.size, 0)} users`;
      this.deps.onLoaded(segments);
      return segments;
    } catch (error) {
      this.deps.report(error, 'Loading segments');
      return [];
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  private async download(): Promise<void> {
    const key = this.deps.apiKey();
    const button = byId<HTMLButtonElement>('download-csv');
    button.disabled = true;
    showStatus('Downloading segments.csv…', 'busy');
    try {
      const response = await fetch(CSV_PATH, { headers: key ? { [API_KEY_HEADER]: key } : {} });
      if (!response.ok) {
        const text = await response.text();
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON: errorFromBody falls back to the HTTP status
        }
        throw errorFromBody(response.status, json) ?? new ApiError(`HTTP_${response.status}`, text.slice(0, 200), response.status);
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const name = downloadName(response.headers.get('content-disposition'), 'segments.csv');
      const link = el('a', { attrs: { href: url, download: name } });
      document.body.append(link);
      link.click();
      link.remove();
      // Revoke later: the download has to start reading the blob first.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      showStatus(`Saved ${name} (${blob.size} bytes).`);
    } catch (error) {
      this.deps.report(error, 'Downloading the CSV');
    } finally {
      button.disabled = false;
    }
  }
}
