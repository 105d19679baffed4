import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The site map asks for the sites inside its visible rectangle (`bbox`), often with a status: a btree
 * on (lng, lat) narrows the longitude band by index and checks the latitude from the index entries;
 * sites without coordinates are never on the map, so they stay out of it.
 */
export class SitesMapIndex1765135000000 implements MigrationInterface {
  name = 'SitesMapIndex1765135000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sites_lng_lat ON sites (lng, lat) WHERE lat IS NOT NULL AND lng IS NOT NULL`);
    await q.query(`CREATE INDEX sites_status ON sites (status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sites_status`);
    await q.query(`DROP INDEX sites_lng_lat`);
  }
}
