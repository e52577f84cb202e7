import { registerEnumType } from '@nestjs/graphql';

/** The labels a client may name (Run and bookkeeping labels stay internal). */
export enum NodeLabel {
  User = 'User',
  Device = 'Device',
  Product = 'Product',
  Event = 'Event',
  Segment = 'Segment',
}
registerEnumType(NodeLabel, { name: 'NodeLabel' });

export enum RelationshipType {
  OWNS = 'OWNS',
  INSTANCE_OF = 'INSTANCE_OF',
  PERFORMED = 'PERFORMED',
  ABOUT = 'ABOUT',
  FROM_DEVICE = 'FROM_DEVICE',
  IN_SEGMENT = 'IN_SEGMENT',
  SIMILAR_TO = 'SIMILAR_TO',
}
registerEnumType(RelationshipType, { name: 'RelationshipType' });
