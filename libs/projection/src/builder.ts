/**
 * Collects nodes and edges by external id, in any order, as they stream in (from Neo4j or files);
 * `build()` sorts each label's ids, so the same data gives the same indexes whatever the read
 * order, and hands indexed arrays to `fromInteractions`.
 */
import { EventType, IdIndex } from '@graphrec/graph-model';
import { InteractionInput, ProjectionOptions, fromInteractions } from './assemble';
import { NodeProps } from './features';
import { HeteroGraph, PROJECTED_LABELS, ProjectedLabel, ProjectionReport } from './graph';
import { Growable, growFloat32, growFloat64, growInt32, growUint8 } from './growable';
import { DEVICE_COLUMNS, PRODUCT_COLUMNS, PropertyTable, USER_COLUMNS } from './properties';
import { eventTypeCode } from './weights';

/** Ids in code-unit order and, per old index, the new one. */
function sortedIds(index: IdIndex): { ids: string[]; newIndex: Int32Array } {
  const ids = [...index.ids].sort();
  const newIndex = new Int32Array(ids.length);
  ids.forEach((id, n) => (newIndex[index.get(id) as number] = n));
  return { ids, newIndex };
}

function remap(values: Int32Array, newIndex: Int32Array): Int32Array {
  for (let i = 0; i < values.length; i++) values[i] = newIndex[values[i]];
  return values;
}

export class GraphBuilder {
  private readonly nodes: Record<ProjectedLabel, IdIndex> = { User: new IdIndex(), Product: new IdIndex(), Device: new IdIndex() };
  private readonly props = {
    User: new PropertyTable(USER_COLUMNS),
    Product: new PropertyTable(PRODUCT_COLUMNS),
    Device: new PropertyTable(DEVICE_COLUMNS),
  };
  private readonly eventUser: Growable<Int32Array>;
  private readonly eventProduct: Growable<Int32Array>;
  private readonly eventType: Growable<Uint8Array>;
  private readonly eventTime: Growable<Float64Array>;
  private readonly eventValue: Growable<Float32Array>;
  private readonly ownsUser = growInt32();
  private readonly ownsDevice = growInt32();
  /** Product index per device index, -1 while unknown: a device is an instance of one product. */
  private deviceProduct = new Int32Array(1024).fill(-1);
  private built = false;

  constructor(expectedEvents = 1024) {
    this.eventUser = growInt32(expectedEvents);
    this.eventProduct = growInt32(expectedEvents);
    this.eventType = growUint8(expectedEvents);
    this.eventTime = growFloat64(expectedEvents);
    this.eventValue = growFloat32(expectedEvents);
  }

  has(label: ProjectedLabel, id: string): boolean {
    return this.nodes[label].get(id) !== undefined;
  }

  size(label: ProjectedLabel): number {
    return this.nodes[label].ids.length;
  }

  /** Adds or replaces a node with its properties (all of them: an absent one is removed, as ingest does). */
  setNode(label: ProjectedLabel, id: string, props: NodeProps = {}): number {
    const i = this.nodes[label].intern(id);
    this.props[label].set(i, props);
    return i;
  }

  /** The node's index, creating it without properties when unknown (a stub user, say). */
  node(label: ProjectedLabel, id: string): number {
    const i = this.nodes[label].intern(id);
    this.props[label].touch(i);
    return i;
  }

  setDevice(id: string, productId: string, props: NodeProps = {}): void {
    const d = this.setNode('Device', id, props);
    const p = this.node('Product', productId);
    if (d >= this.deviceProduct.length) {
      const next = new Int32Array(Math.max(d + 1, Math.ceil(this.deviceProduct.length * 1.5))).fill(-1);
      next.set(this.deviceProduct);
      this.deviceProduct = next;
    }
    this.deviceProduct[d] = p;
  }

  addOwnership(userId: string, deviceId: string): void {
    this.ownsUser.push(this.node('User', userId));
    this.ownsDevice.push(this.node('Device', deviceId));
  }

  /** `value`: undefined or null when the event has none. */
  addEvent(userId: string, productId: string, type: EventType | string, timestamp: number, value?: number | null): void {
    this.eventType.push(eventTypeCode(type));
    this.eventUser.push(this.node('User', userId));
    this.eventProduct.push(this.node('Product', productId));
    this.eventTime.push(timestamp);
    this.eventValue.push(value === undefined || value === null ? NaN : value);
  }

  /**
   * One user's events as parallel lists (the Neo4j projection reads them grouped by user): the user
   * is looked up once. The same as `addEvent` per element; returns how many events were added.
   */
  addUserEvents(userId: string, products: readonly unknown[], types: readonly unknown[], timestamps: readonly unknown[], values: readonly unknown[]): number {
    const n = products.length;
    if (types.length !== n || timestamps.length !== n || values.length !== n) {
      throw new Error(`user ${userId}: event lists of different lengths (${n} products, ${types.length} types, ${timestamps.length} times, ${values.length} values)`);
    }
    const user = this.node('User', userId);
    for (let i = 0; i < n; i++) {
      const value = values[i];
      this.eventType.push(eventTypeCode(String(types[i])));
      this.eventUser.push(user);
      this.eventProduct.push(this.node('Product', String(products[i])));
      this.eventTime.push(Number(timestamps[i]));
      this.eventValue.push(typeof value === 'number' && Number.isFinite(value) ? value : NaN);
    }
    return n;
  }

  /** Once only: the event arrays are remapped in place rather than copied (hundreds of MB at 10M events). */
  build(options: ProjectionOptions = {}, report?: Partial<ProjectionReport>): HeteroGraph {
    if (this.built) throw new Error('GraphBuilder.build() can be called once');
    this.built = true;
    const started = performance.now();
    const order = { User: sortedIds(this.nodes.User), Product: sortedIds(this.nodes.Product), Device: sortedIds(this.nodes.Device) };
    const instDevice = growInt32(this.size('Device'));
    const instProduct = growInt32(this.size('Device'));
    for (let d = 0; d < this.size('Device'); d++) {
      if (d < this.deviceProduct.length && this.deviceProduct[d] >= 0) {
        instDevice.push(order.Device.newIndex[d]);
        instProduct.push(order.Product.newIndex[this.deviceProduct[d]]);
      }
    }
    // Properties stay where they were written; features read them through the old index.
    const oldIndex = {} as Record<ProjectedLabel, Int32Array>;
    for (const label of PROJECTED_LABELS) {
      const inverse = new Int32Array(order[label].newIndex.length);
      order[label].newIndex.forEach((n, old) => (inverse[n] = old));
      oldIndex[label] = inverse;
    }
    const input: InteractionInput = {
      ids: { User: order.User.ids, Product: order.Product.ids, Device: order.Device.ids },
      events: {
        user: remap(this.eventUser.view(), order.User.newIndex),
        product: remap(this.eventProduct.view(), order.Product.newIndex),
        type: this.eventType.view(),
        timestamp: this.eventTime.view(),
        value: this.eventValue.view(),
      },
      owns: { user: remap(this.ownsUser.toArray(), order.User.newIndex), device: remap(this.ownsDevice.toArray(), order.Device.newIndex) },
      instanceOf: { device: instDevice.toArray(), product: instProduct.toArray() },
      props: {
        User: (i, field) => this.props.User.get(oldIndex.User[i], field),
        Product: (i, field) => this.props.Product.get(oldIndex.Product[i], field),
        Device: (i, field) => this.props.Device.get(oldIndex.Device[i], field),
      },
    };
    const sortSeconds = (performance.now() - started) / 1000;
    return fromInteractions(input, options, { ...report, seconds: { ...report?.seconds, index: sortSeconds } });
  }
}
