import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every kind of bad row the ingest must quarantine, each beside good rows that must load (shared by
 * the transactional and bulk tests). `suffix` names the files products<suffix>.csv ... so they can
 * sit beside another world's files.
 */
export function writeBadFiles(dir: string, suffix = ''): void {
  writeFileSync(
    join(dir, `products${suffix}.csv`),
    [
      'id,name,category,price,compatible_with',
      'P-BELL,Video Doorbell,video_doorbell,99.99,',
      'P-CHIME,"Chime, ""Pro""",chime,29.99,P-BELL',
      'P-TOAST,Toaster,toaster,10,', // unknown enum value
      ',No Id,chime,10,', // missing id
      'P-CAM,Indoor Cam,indoor_camera,cheap,', // bad type
      'P-NOTE,"Multi',
      'line name",keypad,19,P-BELL', // a quoted line break is legal
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, `users${suffix}.csv`),
    [
      'id,home_type,region,signup_date',
      'U1,house,west,2024-01-05',
      'U2,apartment,uk,2024-02-30', // no such day
      'U3,"apartment,uk,2024-03-01', // broken quoting: never closed
      'U4,condo,south,2024-03-02',
      'U5,castle,west,2024-01-01', // unknown enum value
      'U6,house,west', // a field short
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, `devices${suffix}.csv`),
    ['id,product_id,status,installed_at', 'D1,P-BELL,active,2024-01-10T10:00:00Z', 'D2,P-NOPE,active,2024-01-10T10:00:00Z'].join('\n') + '\n',
  );
  writeFileSync(join(dir, `ownerships${suffix}.csv`), ['user_id,device_id,since', 'U1,D1,2024-01-10', 'U9,D1,2024-02-01', 'U1,D-NOPE,2024-01-10'].join('\n') + '\n');
  const events = [
    'id,user_id,type,product_id,device_id,timestamp,value',
    'E1,U1,purchase,P-BELL,,2024-01-09T09:00:00Z,99.99',
    'E2,U1,install,P-BELL,D1,2024-01-10T10:00:00Z,',
    'E3,U1,product_view,P-BELL,,last tuesday,', // unparseable timestamp
    'E4,U1,product_view,P-GHOST,,2024-01-11T10:00:00Z,', // event about an unknown product
    'E5,U1,teleport,P-BELL,,2024-01-11T10:00:00Z,', // unknown event type
    'E6,U7,product_view,P-CHIME,,2024-01-12T10:00:00Z,', // unknown user: becomes a stub
    'E1,U1,purchase,P-BELL,,2024-01-09T09:00:00Z,99.99', // the same event again: unchanged
    'E8,U1,motion_alert,P-BELL,,2024-01-12T10:00:00Z,', // device event without its device
  ];
  const bytes = Buffer.concat([
    Buffer.from(events.join('\n') + '\n'),
    Buffer.from('E9,U1,product_view,P-BELL,,2024-01-13T10:00:00Z,caf'),
    Buffer.from([0xe9, 0x0a]), // latin-1 é: invalid UTF-8
    Buffer.from('E10,U4,add_to_cart,P-CHIME,,2024-01-14T10:00:00Z,\n'),
  ]);
  writeFileSync(join(dir, `events${suffix}.csv`), bytes);
  writeFileSync(
    join(dir, `events${suffix}-app.jsonl`),
    [
      '{"id":"J1","user_id":"U4","type":"live_view","product_id":"P-BELL","device_id":"D1","timestamp":"2024-02-01T08:00:00Z"}',
      '{"id":"J2","user_id":"U4","type":"product_view","product_id":"P-BELL","timest', // truncated JSON
      '["not","an","object"]',
      '{"id":"J3","user_id":"U4","type":"product_view","product_id":"P-CHIME","timestamp":1717780000}',
    ].join('\n') + '\n',
  );
}
