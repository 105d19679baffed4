import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_ALARM_RULES } from '../../domain/iot/alarm-rules';

/**
 * Preventive maintenance plans (fixed cycles on Temporal Schedules, or conditions on device data)
 * and IoT intake: device sources with their signing secrets, the assets' latest readings, every
 * event received, alarm rules, and alarm groups (one per asset + fault code while its ticket is
 * open: the deduplication).
 */
export class MaintenanceIot1764700000000 implements MigrationInterface {
  name = 'MaintenanceIot1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const audit = `
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()`;

    await q.query(`
      CREATE TABLE maintenance_plans (
        id text PRIMARY KEY,
        name text NOT NULL,
        target_type text NOT NULL CHECK (target_type IN ('asset', 'site', 'model')),
        asset_id text REFERENCES assets (id),
        site_id text REFERENCES sites (id),
        customer_id text NOT NULL REFERENCES customers (id),
        model text,
        trigger_type text NOT NULL CHECK (trigger_type IN ('cycle', 'condition')),
        -- {everyMonths, startDate, timeOfDay, timeZone, endDate?}
        cycle jsonb,
        -- {rule, minIntervalHours}
        condition jsonb,
        -- {category1?, category2?, category3?, priority, descriptionTemplate}
        ticket jsonb NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        status_note text,
        -- firings skipped on request; mirrored into the schedule's skip calendars
        skipped_times timestamptz[] NOT NULL DEFAULT '{}',
        schedule_id text UNIQUE,
        deleted_at timestamptz,
        ${audit},
        CHECK ((target_type = 'asset') = (asset_id IS NOT NULL)),
        CHECK ((target_type = 'site') = (site_id IS NOT NULL)),
        CHECK ((target_type = 'model') = (model IS NOT NULL)),
        CHECK ((trigger_type = 'cycle') = (cycle IS NOT NULL)),
        CHECK ((trigger_type = 'condition') = (condition IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX maintenance_plans_asset ON maintenance_plans (asset_id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX maintenance_plans_site ON maintenance_plans (site_id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX maintenance_plans_customer_model ON maintenance_plans (customer_id, model) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX maintenance_plans_created ON maintenance_plans (created_at DESC, id DESC)`);

    // One row per plan, asset and firing time: a retried or backfilled firing finds its row and
    // its ticket number instead of opening a second ticket.
    await q.query(`
      CREATE TABLE maintenance_runs (
        id bigserial PRIMARY KEY,
        plan_id text NOT NULL REFERENCES maintenance_plans (id),
        asset_id text NOT NULL REFERENCES assets (id),
        scheduled_at timestamptz NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'condition', 'manual')),
        -- null only when intake refused the ticket before a number was given (status failed)
        ticket_id text UNIQUE,
        ticket_body jsonb NOT NULL,
        idempotency_key text NOT NULL,
        status text NOT NULL DEFAULT 'opening' CHECK (status IN ('opening', 'opened', 'failed')),
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (plan_id, asset_id, scheduled_at)
      )`);
    await q.query(`CREATE INDEX maintenance_runs_plan ON maintenance_runs (plan_id, scheduled_at DESC)`);

    await q.query(`
      CREATE TABLE maintenance_condition_state (
        plan_id text NOT NULL REFERENCES maintenance_plans (id),
        asset_id text NOT NULL REFERENCES assets (id),
        matched boolean NOT NULL,
        evaluated_at timestamptz NOT NULL,
        last_fired_at timestamptz,
        PRIMARY KEY (plan_id, asset_id)
      )`);

    await q.query(`
      CREATE TABLE iot_sources (
        id text PRIMARY KEY,
        name text NOT NULL,
        description text,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        ${audit}
      )`);

    await q.query(`
      CREATE TABLE asset_telemetry (
        asset_id text PRIMARY KEY REFERENCES assets (id),
        readings jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        source_id text NOT NULL REFERENCES iot_sources (id)
      )`);

    await q.query(`
      CREATE TABLE iot_alarm_rules (
        id text PRIMARY KEY,
        name text NOT NULL,
        position int NOT NULL,
        condition jsonb NOT NULL,
        action text NOT NULL CHECK (action IN ('open_ticket', 'record')),
        priority text CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
        category1 text,
        category2 text,
        category3 text,
        active boolean NOT NULL DEFAULT true,
        ${audit},
        CHECK (action = 'record' OR priority IS NOT NULL)
      )`);
    for (const r of DEFAULT_ALARM_RULES) {
      await q.query(
        `INSERT INTO iot_alarm_rules (id, name, position, condition, action, priority, category1, category2, category3, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'system', 'system')`,
        [r.id, r.name, r.position, JSON.stringify(r.condition), r.action, r.priority, r.category1, r.category2, r.category3],
      );
    }

    // An alarm group is the ticket an asset's fault opened; while that ticket is open, the same
    // fault is counted here instead of opening another. Groups are created one at a time per
    // asset + fault (advisory lock), so concurrent alarms cannot open two.
    await q.query(`
      CREATE TABLE iot_alarm_groups (
        id bigserial PRIMARY KEY,
        asset_id text NOT NULL REFERENCES assets (id),
        fault_code text NOT NULL,
        ticket_id text NOT NULL UNIQUE,
        ticket_body jsonb NOT NULL,
        idempotency_key text NOT NULL,
        rule_id text REFERENCES iot_alarm_rules (id),
        status text NOT NULL DEFAULT 'opening' CHECK (status IN ('opening', 'opened', 'failed')),
        error text,
        alarm_count int NOT NULL DEFAULT 1,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        last_severity text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX iot_alarm_groups_asset_fault ON iot_alarm_groups (asset_id, fault_code, id DESC)`);

    await q.query(`
      CREATE TABLE iot_events (
        id bigserial PRIMARY KEY,
        source_id text NOT NULL REFERENCES iot_sources (id),
        message_id text,
        asset_id text NOT NULL REFERENCES assets (id),
        kind text NOT NULL CHECK (kind IN ('telemetry', 'alarm')),
        fault_code text,
        severity text,
        readings jsonb,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL,
        rule_id text,
        ticket_id text,
        alarm_group_id bigint REFERENCES iot_alarm_groups (id),
        -- the answer given, so a retried message gets the same one
        result jsonb NOT NULL,
        UNIQUE (source_id, message_id)
      )`);
    await q.query(`CREATE INDEX iot_events_asset ON iot_events (asset_id, occurred_at DESC)`);

    // Lets a device platform name an asset by its own device id (assets.attributes.deviceId).
    await q.query(`CREATE INDEX assets_device_id ON assets ((attributes ->> 'deviceId')) WHERE attributes ? 'deviceId'`);

    // The ticket categories maintenance tickets use by default.
    const categories: [string, string | null, string, string][] = [
      ['预防性维护', null, '预防性维护', 'Preventive maintenance'],
      ['预防性维护/定期保养', '预防性维护', '定期保养', 'Scheduled maintenance'],
      ['预防性维护/定期保养/周期保养', '预防性维护/定期保养', '周期保养', 'Periodic service'],
      ['预防性维护/定期保养/状态触发保养', '预防性维护/定期保养', '状态触发保养', 'Condition-based service'],
    ];
    for (const [i, [code, parent, zh, en]] of categories.entries()) {
      await q.query(
        `INSERT INTO dictionary_entries (type, code, parent_code, level, label_zh, label_en, sort, created_by)
         VALUES ('category', $1, $2, $3, $4, $5, $6, 'system') ON CONFLICT (type, code) DO NOTHING`,
        [code, parent, code.split('/').length, zh, en, 900 + i],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM dictionary_entries WHERE type = 'category' AND code LIKE '预防性维护%' AND created_by = 'system'`);
    await q.query(`DROP INDEX assets_device_id`);
    for (const t of [
      'iot_events',
      'iot_alarm_groups',
      'iot_alarm_rules',
      'asset_telemetry',
      'iot_sources',
      'maintenance_condition_state',
      'maintenance_runs',
      'maintenance_plans',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
