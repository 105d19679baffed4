import { useI18n } from '../i18n';

/** Status as a coloured pill; statuses the dictionary does not know show their raw name. */
export function StatusBadge({ status }: { status: string }) {
  const { label } = useI18n();
  return <span className={`badge status-${status}`}>{label('status', status)}</span>;
}

export function PriorityTag({ priority }: { priority: string }) {
  const { label } = useI18n();
  return <span className={`prio prio-${priority}`}>{label('priority', priority)}</span>;
}

export function ChannelLabel({ channel }: { channel: string }) {
  const { label } = useI18n();
  return <span className="channel">{label('channel', channel)}</span>;
}

export function categoryText(t: { category1?: string; category2?: string; category3?: string }): string {
  return [t.category1, t.category2, t.category3].filter(Boolean).join(' / ');
}
