import { useI18n } from '../i18n';
import { dismissFlash, useFlash } from '../lib/flash';

export function FlashBanner() {
  const flash = useFlash();
  const { t } = useI18n();
  if (!flash) return null;
  return (
    <div className={`flash flash-${flash.kind}`} role="status" key={flash.id}>
      <span>{flash.text}</span>
      <button type="button" className="flash-close" aria-label={t('common.clear')} onClick={dismissFlash}>
        ×
      </button>
    </div>
  );
}
