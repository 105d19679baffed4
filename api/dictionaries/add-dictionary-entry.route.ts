import { z } from 'zod';
import { AuditLogEntity } from '../../db/entities/audit-log.entity';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { DICTIONARY_TYPES } from './list-dictionary.route';
import { actorOf } from '../auth/api-tokens';

const body = z
  .object({
    /** for categories: the label of this level; the stored code is the path ("质量问题/功能异常") */
    code: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[^/]+$/, 'no "/" in a code'),
    parentCode: z.string().trim().min(1).max(200).optional(),
    labelZh: z.string().trim().min(1).max(100),
    labelEn: z.string().trim().min(1).max(100),
    sort: z.number().int().min(0).max(100_000).default(1000),
  })
  .strict();

export const addDictionaryEntryRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/dictionaries/:type',
    permission: 'dictionaries:manage',
    summary: 'Add an entry to a dictionary (e.g. a new level-3 category under an existing level-2 one).',
    params: z.object({ type: z.enum(DICTIONARY_TYPES) }),
    body,
    async handler({ params, body, principal }) {
      if (body.parentCode && params.type !== 'category') {
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'only categories form a tree', [
          { field: 'parentCode', message: 'only categories have parents' },
        ]);
      }
      const all = await ctx.dictionaries.all();
      const parent = body.parentCode ? all.find((e) => e.type === 'category' && e.code === body.parentCode) : undefined;
      if (body.parentCode && !parent) {
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `no category '${body.parentCode}'`, [
          { field: 'parentCode', message: 'no such category' },
        ]);
      }
      const level = parent ? parent.level + 1 : 1;
      if (level > 3)
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'categories have three levels', [
          { field: 'parentCode', message: 'a level-3 category cannot have children' },
        ]);
      const code = parent ? `${parent.code}/${body.code}` : body.code;
      const actor = actorOf(principal);
      const created = await ctx.dataSource.transaction(async (tx) => {
        const rows: unknown[] = await tx.query(
          `INSERT INTO dictionary_entries (type, code, parent_code, level, label_zh, label_en, sort, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (type, code) DO NOTHING RETURNING code`,
          [params.type, code, parent?.code ?? null, level, body.labelZh, body.labelEn, body.sort, actor],
        );
        if (rows.length === 0) return false;
        await tx.getRepository(AuditLogEntity).insert({
          actor,
          action: 'dictionary.entry_added',
          targetType: `dictionary:${params.type}`,
          targetId: code,
          details: { ...body },
        });
        return true;
      });
      if (!created) throw new HttpProblem(409, 'already_exists', 'Already exists', `${params.type} '${code}' already exists`);
      ctx.dictionaries.invalidate();
      return {
        status: 201,
        body: {
          type: params.type,
          code,
          parentCode: parent?.code ?? null,
          level,
          labelZh: body.labelZh,
          labelEn: body.labelEn,
          sort: body.sort,
          active: true,
        },
      };
    },
  });
