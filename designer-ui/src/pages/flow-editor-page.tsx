import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { flowApi } from '../flow-designer/flow-api';
import { FlowEditor, type EditorSource } from '../flow-designer/flow-editor';
import { useFlowText } from '../flow-designer/flow-text';
import { useI18n } from '../i18n';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';

/**
 * One flow on the canvas: its draft (edited, autosaved), or with `?version=N` a published version
 * (read-only), or with `?ticket=<id>` the version a ticket runs with the ticket's path lit up.
 */
export function FlowEditorPage({ flowKey, params }: { flowKey: string; params: URLSearchParams }) {
  const ft = useFlowText();
  const { t } = useI18n();
  const [source, setSource] = useState<EditorSource | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const askedVersion = Number(params.get('version')) || null;
  const ticketId = params.get('ticket');

  useEffect(() => {
    const ctrl = new AbortController();
    const signal = ctrl.signal;
    setError(null);
    (async () => {
      const ticket = ticketId ? await flowApi.ticketFlow(ticketId, signal) : null;
      const key = ticket?.flowKey ?? flowKey;
      const rows = await flowApi.versions(key, signal);
      const versions = rows
        .filter((r) => r.status === 'published')
        .map((r) => r.version)
        .sort((a, b) => b - a);
      const hasDraft = rows.some((r) => r.status === 'draft');
      const wanted = ticket?.version ?? askedVersion;
      if (wanted === null && hasDraft) {
        const d = await flowApi.draft(key, signal);
        return {
          flowKey: key,
          mode: 'draft',
          definition: d.definition,
          version: d.version,
          revision: d.revision,
          updatedBy: d.updatedBy,
          updatedAt: d.updatedAt,
          versions,
          hasDraft,
        } satisfies EditorSource;
      }
      const version = wanted ?? versions[0];
      if (version === undefined) throw new ApiError(404, { detail: ft('editor.noFlow', { key }) });
      const v = await flowApi.version(key, version, signal);
      return {
        flowKey: key,
        mode: 'version',
        definition: v.definition,
        version: v.version,
        revision: null,
        versions,
        hasDraft,
        ticket: ticket ? { ticketId: ticketId!, path: ticket.path, nodeId: ticket.nodeId, version: ticket.version } : null,
      } satisfies EditorSource;
    })()
      .then((s) => !signal.aborted && setSource(s))
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      });
    return () => ctrl.abort();
  }, [flowKey, askedVersion, ticketId, reload]);

  if (error)
    return (
      <section className="page">
        <div className="alert alert-error" role="alert">
          <span>{error}</span>
          <a className="btn btn-sm" href={href.flows()}>
            {ft('editor.back')}
          </a>
        </div>
      </section>
    );
  if (!source) return <p className="muted">{ft('editor.loading')}</p>;
  return (
    <>
      <div className="fd-crumbs">
        <a href={href.flows(new URLSearchParams({ kind: source.definition.kind }))}>← {ft('editor.back')}</a>
        {source.mode === 'version' && source.hasDraft && (
          <>
            {' · '}
            <a href={href.flow(source.flowKey)}>{ft('editor.viewDraft')}</a>
          </>
        )}
      </div>
      <FlowEditor
        key={`${source.flowKey}:${source.mode}:${source.version}:${source.revision ?? ''}:${reload}`}
        source={source}
        onReload={(opts) => {
          if (opts?.draft && (askedVersion || ticketId)) navigate(href.flow(source.flowKey));
          setSource(null);
          setReload((n) => n + 1);
        }}
      />
    </>
  );
}
