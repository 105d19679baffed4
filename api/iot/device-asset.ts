import type { EntityManager } from 'typeorm';
import type { IotEvent } from '../../domain/iot/iot-event.schema';
import { HttpProblem } from '../http/problem';

/** The asset a device event is about, with what rules and tickets need of its site and customer. */
export interface DeviceAsset {
  id: string;
  serial_no: string;
  model: string;
  sku: string | null;
  status: string;
  customer_id: string | null;
  site_id: string | null;
  warranty_ends_on: string | null;
  site_name: string | null;
  site_address: string | null;
  site_region: string | null;
  customer_tier: string | null;
  customer_region: string | null;
  customer_province: string | null;
}

const COLUMNS = `a.id, a.serial_no, a.model, a.sku, a.status, a.customer_id, a.site_id, to_char(a.warranty_ends_on, 'YYYY-MM-DD') AS warranty_ends_on,
  s.name AS site_name, s.address AS site_address, s.region AS site_region,
  c.tier AS customer_tier, COALESCE(s.region, c.region) AS customer_region, c.province AS customer_province`;
const FROM = `assets a LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN customers c ON c.id = a.customer_id`;

function unknownDevice(field: 'deviceId' | 'serialNo', message: string): HttpProblem {
  return new HttpProblem(422, 'unknown_device', 'Unknown device', `${field}: ${message}`, [{ field, message }]);
}

/**
 * `deviceId` is the asset's id or the device id the platform uses (assets.attributes.deviceId);
 * `serialNo` is the asset's serial number. When both are sent they must name the same asset.
 */
export async function findDeviceAsset(db: Pick<EntityManager, 'query'>, e: Pick<IotEvent, 'deviceId' | 'serialNo'>): Promise<DeviceAsset> {
  let byDevice: DeviceAsset | undefined;
  if (e.deviceId) {
    const rows = (await db.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = $1 OR (a.attributes ? 'deviceId' AND a.attributes ->> 'deviceId' = $1)
        ORDER BY (a.id = $1) DESC LIMIT 1`,
      [e.deviceId],
    )) as DeviceAsset[];
    byDevice = rows[0];
    if (!byDevice) throw unknownDevice('deviceId', `no asset has id or device id ${e.deviceId}`);
  }
  if (e.serialNo) {
    const [bySerial] = (await db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.serial_no = $1`, [e.serialNo])) as DeviceAsset[];
    if (!bySerial) throw unknownDevice('serialNo', `no asset has serial number ${e.serialNo}`);
    if (byDevice && byDevice.id !== bySerial.id)
      throw unknownDevice('serialNo', `names asset ${bySerial.id}, but deviceId names ${byDevice.id}`);
    return bySerial;
  }
  return byDevice!;
}
