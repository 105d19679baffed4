import type { DataSource } from 'typeorm';
import type { DictionaryType } from '../../domain/ticket/standard-dictionaries';
import type { FieldError } from '../http/problem';

export interface DictionaryEntry {
  type: DictionaryType;
  code: string;
  parentCode: string | null;
  level: number;
  labelZh: string;
  labelEn: string;
  sort: number;
  active: boolean;
}

/**
 * Dictionaries change rarely and are read on every intake: keep them in memory for a few
 * seconds. Changes made through this API instance invalidate at once.
 */
export class DictionaryCache {
  private entries?: Promise<DictionaryEntry[]>;
  private loadedAt = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly ttlMs = 10_000,
  ) {}

  invalidate(): void {
    this.entries = undefined;
  }

  all(): Promise<DictionaryEntry[]> {
    if (!this.entries || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      this.entries = this.ds
        .query(
          `SELECT type, code, parent_code AS "parentCode", level, label_zh AS "labelZh", label_en AS "labelEn", sort, active
           FROM dictionary_entries ORDER BY type, sort, code`,
        )
        .catch((err: unknown) => {
          this.entries = undefined;
          throw err;
        });
    }
    return this.entries;
  }

  async has(type: DictionaryType, code: string): Promise<boolean> {
    return (await this.all()).some((e) => e.type === type && e.code === code && e.active);
  }

  /** Checks category1–3 as a path in the category tree and the priority; returns what is wrong. */
  async checkTicketFields(t: { category1?: string; category2?: string; category3?: string; priority?: string }): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const active = (await this.all()).filter((e) => e.active);
    const children = (type: DictionaryType, parent: string | null) =>
      active.filter((e) => e.type === type && e.parentCode === parent).map((e) => e.code.split('/').pop()!);
    const path: string[] = [];
    for (const [i, field] of (['category1', 'category2', 'category3'] as const).entries()) {
      const value = t[field];
      if (value === undefined) {
        const deeper = (['category1', 'category2', 'category3'] as const).slice(i + 1).find((f) => t[f] !== undefined);
        if (deeper) errors.push({ field, message: `required when ${deeper} is given` });
        break;
      }
      const parent = path.length ? path.join('/') : null;
      const options = children('category', parent);
      if (!options.includes(value)) {
        errors.push({
          field,
          message: `not in the category dictionary${parent ? ` under '${parent}'` : ''}; one of: ${options.slice(0, 20).join(', ')}`,
        });
        break;
      }
      path.push(value);
    }
    if (t.priority !== undefined && !active.some((e) => e.type === 'priority' && e.code === t.priority)) {
      errors.push({ field: 'priority', message: `not a priority in the dictionary; one of: ${children('priority', null).join(', ')}` });
    }
    return errors;
  }
}
