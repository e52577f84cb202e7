/**
 * A URL per view, in the hash (the API serves one page; the hash never reaches the server):
 *   #map                  the product map (the first view)
 *   #user/U0000042        a user's view
 *   #product/P-DOORBELL   a product's view
 *   #segment/S03[/after]  a segment's members (a page cursor, when not the first page)
 *   #node/Device:D1       a raw neighbourhood (any node)
 * Pure, so the parsing is tested without a browser.
 */
export type Route =
  | { view: 'map' }
  | { view: 'user'; id: string }
  | { view: 'product'; id: string }
  | { view: 'segment'; id: string; after?: string }
  | { view: 'node'; id: string };

export const DEFAULT_ROUTE: Route = { view: 'map' };

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return '';
      }
    });
  const [view, id, after] = parts;
  if (!id) return DEFAULT_ROUTE;
  if (view === 'user' || view === 'product' || view === 'node') return { view, id };
  if (view === 'segment') return after ? { view, id, after } : { view, id };
  return DEFAULT_ROUTE;
}

export function formatRoute(route: Route): string {
  if (route.view === 'map') return '#map';
  const tail = route.view === 'segment' && route.after ? `/${encodeURIComponent(route.after)}` : '';
  return `#${route.view}/${encodeURIComponent(route.id)}${tail}`;
}

/** The view a node opens: users, products and segments have their own; anything else its neighbourhood. */
export function routeForNode(globalId: string): Route {
  const colon = globalId.indexOf(':');
  const label = globalId.slice(0, colon);
  const id = globalId.slice(colon + 1);
  if (label === 'User') return { view: 'user', id };
  if (label === 'Product') return { view: 'product', id };
  if (label === 'Segment') return { view: 'segment', id };
  return { view: 'node', id: globalId };
}

/** The global id of the node a view is centred on (none for the map). */
export function anchorOf(route: Route): string | undefined {
  if (route.view === 'map') return undefined;
  if (route.view === 'node') return route.id;
  return `${route.view[0].toUpperCase()}${route.view.slice(1)}:${route.id}`;
}

export function describeRoute(route: Route): string {
  switch (route.view) {
    case 'map':
      return 'Product map: every product, sized by holders, coloured by category';
    case 'user':
      return `User ${route.id}: products engaged with, devices, segment`;
    case 'product':
      return `Product ${route.id}: related products and the segments of its holders`;
    case 'segment':
      return `Segment ${route.id}: members and the products they hold`;
    case 'node':
      return `Neighbourhood of ${route.id}`;
  }
}
