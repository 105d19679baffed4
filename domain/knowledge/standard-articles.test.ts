import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STANDARD_DICTIONARIES } from '../ticket/standard-dictionaries';
import { createArticleSchema } from './knowledge-article';
import { STANDARD_ARTICLES } from './standard-articles';

describe('standard knowledge articles', () => {
  it('are valid articles with unique ids, filed under categories of the standard dictionary', () => {
    const categories = new Set(STANDARD_DICTIONARIES.filter((d) => d.type === 'category').map((d) => d.code));
    assert.ok(STANDARD_ARTICLES.length >= 12);
    assert.equal(new Set(STANDARD_ARTICLES.map((a) => a.id)).size, STANDARD_ARTICLES.length);
    for (const a of STANDARD_ARTICLES) {
      const { id: _id, ...input } = a;
      assert.ok(createArticleSchema.safeParse(input).success, a.id);
      const path = [a.category1, a.category2, a.category3].filter(Boolean).join('/');
      assert.ok(categories.has(path), `${a.id}: ${path}`);
    }
  });
});
