/** The series of a chart, named with their colours (the colours alone never carry the meaning). */
export function ChartLegend({ items }: { items: { label: string; colour: string }[] }) {
  return (
    <ul className="chart-legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className="chart-swatch" style={{ background: i.colour }} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
