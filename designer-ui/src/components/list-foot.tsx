import { useI18n } from '../i18n';

/** Under a paged list: how many are shown, and "load more" while the server has another page. */
export function ListFoot({ count, hasMore, busy, onMore }: { count: number; hasMore: boolean; busy: boolean; onMore: () => void }) {
  const { t } = useI18n();
  return (
    <div className="list-foot">
      <span className="muted">{count > 0 ? t('list.count', { count }) : ''}</span>
      {hasMore && (
        <button type="button" className="btn" onClick={onMore} disabled={busy}>
          {busy ? t('common.loading') : t('list.loadMore')}
        </button>
      )}
    </div>
  );
}
