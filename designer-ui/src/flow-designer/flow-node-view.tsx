import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo } from 'react';
import { sourcePorts, type SourcePort } from '../../../domain/flow/flow-connection-rules';
import type { FlowNodeType } from '../../../domain/flow/flow-definition';
import { useDecorations } from './flow-decorations';
import type { FlowRfNode, NodeBody } from './flow-graph';
import { useFlowText, type FlowTextKey } from './flow-text';

export const NODE_ICONS: Record<FlowNodeType, string> = {
  start: '▶',
  state: '■',
  decision: '◆',
  action: '⚙',
  approval: '✔',
  subflow: '↳',
  timer: '◔',
  end: '●',
};

/** The one line under a node's title that says what it does. */
function summary(n: NodeBody, ft: ReturnType<typeof useFlowText>): string {
  switch (n.type) {
    case 'state':
      return [n.status, n.pauseSla ? `‖ ${n.pauseSla}` : '', n.stopSla?.length ? `■ ${n.stopSla.join('/')}` : '']
        .filter(Boolean)
        .join(' · ');
    case 'action':
      return n.steps.map((s) => (s.do === 'call' ? `call ${s.activity}` : s.do === 'notify' ? `notify ${s.template}` : s.do)).join(', ');
    case 'approval':
      return `${n.amountVar} · ${ft('node.levels', { count: n.levels.length })}`;
    case 'subflow':
      return `${n.kind}${n.flowKey ? ` (${n.flowKey})` : ''}`;
    case 'timer':
      return `${n.minutes} min`;
    case 'end':
      return n.status;
    default:
      return '';
  }
}

const PORT_LABEL: Record<SourcePort, FlowTextKey> = {
  out: 'port.out',
  approved: 'port.approved',
  rejected: 'port.rejected',
  failed: 'port.failed',
};

function FlowNodeView({ id, data, selected }: NodeProps<FlowRfNode>) {
  const ft = useFlowText();
  const deco = useDecorations();
  const n = data.node;
  const problems = deco.problemsByNode.get(id);
  const diff = deco.diff.get(id);
  const ports = sourcePorts(n);
  const across = deco.direction === 'LR';
  const classes = [
    'fd-node',
    `fd-node-${n.type}`,
    selected ? 'is-selected' : '',
    problems ? 'has-problem' : '',
    deco.visited.has(id) ? 'is-visited' : '',
    deco.current === id ? 'is-current' : '',
    diff ? `diff-${diff}` : '',
    deco.hit === id ? 'is-hit' : '',
    across ? 'dir-lr' : 'dir-tb',
  ]
    .filter(Boolean)
    .join(' ');
  const text = summary(n, ft);
  return (
    <div className={classes} data-node-id={id} data-node-type={n.type} title={problems?.join('\n')}>
      {n.type !== 'start' && <Handle type="target" position={across ? Position.Left : Position.Top} id="in" className="fd-handle-in" />}
      <div className="fd-node-head">
        <span className="fd-node-icon" aria-hidden="true">
          {NODE_ICONS[n.type]}
        </span>
        <span className="fd-node-type">{ft(`type.${n.type}`)}</span>
        {problems && (
          <span className="fd-node-problems" aria-label={ft('problems.count', { count: problems.length })}>
            {problems.length}
          </span>
        )}
      </div>
      <div className="fd-node-label">{n.label || n.id}</div>
      {n.label && <div className="fd-node-id mono">{n.id}</div>}
      {text && <div className="fd-node-summary">{text}</div>}
      {ports.map((p, i) => (
        <Handle
          key={p}
          type="source"
          position={across ? Position.Right : Position.Bottom}
          id={p}
          className={`fd-handle fd-handle-${p}`}
          style={ports.length > 1 ? { [across ? 'top' : 'left']: `${((i + 1) * 100) / (ports.length + 1)}%` } : undefined}
          title={ft(PORT_LABEL[p])}
        >
          {ports.length > 1 && <span className="fd-port-label">{ft(PORT_LABEL[p])}</span>}
        </Handle>
      ))}
    </div>
  );
}

const View = memo(FlowNodeView);

export const nodeTypes: NodeTypes = {
  start: View,
  state: View,
  decision: View,
  action: View,
  approval: View,
  subflow: View,
  timer: View,
  end: View,
};
