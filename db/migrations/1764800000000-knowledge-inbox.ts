import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base (issue 4 item 7) and the in-app message centre (item 8).
 *
 * Articles are searched through `search_vector`, written by the application from its own
 * tokenizer (domain/knowledge/search-terms.ts: CJK bigrams + words) because PostgreSQL's parsers
 * do not segment Chinese and zhparser is not available everywhere; a GIN index serves `@@`.
 *
 * Messages are addressed to a user (the token's name, the ticket's assignee id) or a group
 * (team_lead, qa, …). Read state is per reader in `inbox_reads`, because a group message is read
 * by each member on their own; a retried activity writes a message once (idempotency_key).
 */
export class KnowledgeInbox1764800000000 implements MigrationInterface {
  name = 'KnowledgeInbox1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE knowledge_articles (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('faq', 'sop', 'work_instruction')),
        title text NOT NULL,
        body text NOT NULL,
        -- product models / SKUs, normalized upper-case; empty = every product
        models text[] NOT NULL DEFAULT '{}',
        category1 text,
        category2 text,
        category3 text,
        tags text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
        author text NOT NULL,
        published_at timestamptz,
        archived_at timestamptz,
        search_vector tsvector NOT NULL,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX knowledge_articles_search ON knowledge_articles USING gin (search_vector)`);
    await q.query(`CREATE INDEX knowledge_articles_models ON knowledge_articles USING gin (models)`);
    await q.query(`CREATE INDEX knowledge_articles_category ON knowledge_articles (status, category1, category2, category3)`);
    await q.query(`CREATE INDEX knowledge_articles_updated ON knowledge_articles (updated_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE inbox_messages (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        recipient_type text NOT NULL CHECK (recipient_type IN ('user', 'group')),
        recipient_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('assigned', 'approval_waiting', 'sla_warning', 'sla_breached', 'task_done', 'escalated')),
        title text NOT NULL,
        body text NOT NULL,
        link text,
        ticket_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX inbox_messages_recipient ON inbox_messages (recipient_type, recipient_id, id DESC)`);
    await q.query(`CREATE INDEX inbox_messages_ticket ON inbox_messages (ticket_id) WHERE ticket_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE inbox_reads (
        message_id bigint NOT NULL REFERENCES inbox_messages (id) ON DELETE CASCADE,
        reader text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, reader)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox_reads`);
    await q.query(`DROP TABLE inbox_messages`);
    await q.query(`DROP TABLE knowledge_articles`);
  }
}
