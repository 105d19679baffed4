import type { MigrationInterface, QueryRunner } from 'typeorm';

// The defaults as they were when this migration was written (domain/pii/pii-rules.ts may move on):
// id, type, field paths, description; all detect in free text, enabled, unmasked by pii:read.
const DEFAULTS: [string, string, string[], string][] = [
  [
    'phone',
    'phone',
    ['phone', 'mobile', 'tel', 'telephone', 'fax', 'contactPhone', 'customerPhone', 'phones[]'],
    '手机号与固定电话：保留前三位（或区号）与后四位',
  ],
  ['email', 'email', ['email', 'contactEmail', 'customerEmail'], '邮箱：保留首字符与域名'],
  [
    'id-number',
    'id_number',
    ['idNumber', 'idCard', 'idNo', 'identityNumber'],
    '身份证号：保留前三位与后四位，出生日期隐藏；正文中按校验位识别',
  ],
  ['bank-card', 'bank_card', ['bankCard', 'cardNumber', 'bankAccount', 'cardNo'], '银行卡号：保留前四位与后四位；正文中按 Luhn 校验识别'],
  [
    'address',
    'address',
    ['address', 'addressLine', 'street', 'addresses[].detail', 'address.detail'],
    '地址：保留省、市，隐藏区县以下的街道门牌',
  ],
];

/**
 * PII masking rules as data (issue 5 item 8): which kind of personal data, at which field paths,
 * whether it is also looked for in free text, and which permission unmasks it; seeded with the
 * defaults. An index lets admins page through one kind of audit row (pii.read) quickly.
 */
export class PiiMasking1764940000000 implements MigrationInterface {
  name = 'PiiMasking1764940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pii_masking_rules (
        id text PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('id_number', 'bank_card', 'phone', 'email', 'address')),
        fields text[] NOT NULL DEFAULT '{}',
        detect_in_text boolean NOT NULL DEFAULT false,
        enabled boolean NOT NULL DEFAULT true,
        unmask_permission text NOT NULL DEFAULT 'pii:read',
        description text NOT NULL DEFAULT '',
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const [id, type, fields, description] of DEFAULTS) {
      await q.query(
        `INSERT INTO pii_masking_rules (id, type, fields, detect_in_text, enabled, unmask_permission, description, created_by, updated_by)
         VALUES ($1, $2, $3, true, true, 'pii:read', $4, 'migration', 'migration')`,
        [id, type, fields, description],
      );
    }
    await q.query(`CREATE INDEX audit_log_action_id ON audit_log (action, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_log_action_id`);
    await q.query(`DROP TABLE IF EXISTS pii_masking_rules`);
  }
}
